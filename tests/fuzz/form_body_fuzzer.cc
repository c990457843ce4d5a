// libFuzzer target: application/x-www-form-urlencoded bodies (the opinion and
// unsubscribe forms) through ParseFormBody.
//
// Besides crashes and sanitizer reports it fails when a field could not travel
// to the core: a proto3 string that is not UTF-8 fails the whole call.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "gateway/http/form_body.h"
#include "opinus/v1/opinion.pb.h"
#include "tests/fuzz/contract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view body(reinterpret_cast<const char*>(data), size);
  const std::map<std::string, std::string> fields = opinus::gateway::ParseFormBody(body);
  for (const auto& [name, value] : fields) {
    opinus::v1::OpinionInput input;
    input.set_display_name(name);
    input.set_comment(value);
    opinus::fuzz::ExpectTheCoreCanParse(input, "the core could not parse a field (not UTF-8)");
  }
  return 0;
}
