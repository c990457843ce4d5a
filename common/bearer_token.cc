#include "common/bearer_token.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace opinus {
namespace {

constexpr absl::string_view kScheme = "Bearer ";

}  // namespace

bool IsWellFormedToken(absl::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    // gRPC refuses other bytes in a metadata value; a space would split it.
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string BearerValue(absl::string_view token) { return absl::StrCat(kScheme, token); }

std::optional<absl::string_view> TokenFromBearer(absl::string_view value) {
  if (!absl::StartsWithIgnoreCase(value, kScheme)) return std::nullopt;
  value.remove_prefix(kScheme.size());
  if (!IsWellFormedToken(value)) return std::nullopt;
  return value;
}

}  // namespace opinus
