// Predictable stand-ins for the core's sources of secrets and chance.
#ifndef OPINUS_TESTS_UNIT_SERVER_TEST_SOURCES_H_
#define OPINUS_TESTS_UNIT_SERVER_TEST_SOURCES_H_

#include <atomic>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/domain/random.h"
#include "server/domain/token.h"

namespace opinus::server {

// SequenceTokens returns "token-1-0123456789abcdef", "token-2-...", ...
class SequenceTokens final : public TokenGenerator {
 public:
  std::string NewToken() override { return absl::StrCat("token-", ++n_, "-0123456789abcdef"); }

 private:
  std::atomic<int> n_{0};
};

// FixedRandom always draws 0: the shortest backoff.
class FixedRandom final : public RandomSource {
 public:
  double NextUnit() override { return 0.0; }
};

}  // namespace opinus::server

#endif  // OPINUS_TESTS_UNIT_SERVER_TEST_SOURCES_H_
