// What the fuzz targets share: how a broken contract fails the run.
#ifndef OPINUS_TESTS_FUZZ_CONTRACT_H_
#define OPINUS_TESTS_FUZZ_CONTRACT_H_

#include <cstdio>
#include <cstdlib>

namespace opinus::fuzz {

// Fail reports `what` broke the target's contract and aborts, which libFuzzer
// records as a crash and saves with its input.
[[noreturn]] inline void Fail(const char* what) {
  std::fprintf(stderr, "contract broken: %s\n", what);
  std::abort();
}

// ExpectTheCoreCanParse fails unless `message` survives its wire form, as it
// must to reach the core: a proto3 string that is not UTF-8 fails the whole
// call.
template <typename Message>
void ExpectTheCoreCanParse(const Message& message, const char* what) {
  Message parsed;
  if (!parsed.ParseFromString(message.SerializeAsString())) Fail(what);
}

}  // namespace opinus::fuzz

#endif  // OPINUS_TESTS_FUZZ_CONTRACT_H_
