#include "server/domain/bounce_address.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/domain/digest.h"

namespace opinus::server {

std::string BounceId(absl::string_view token) {
  return absl::BytesToHexString(Sha256(token).substr(0, kBounceIdBytes));
}

std::string BounceIdOf(absl::string_view address) {
  address = absl::StripAsciiWhitespace(address);
  address = absl::StripPrefix(address, "<");
  address = absl::StripSuffix(address, ">");
  const std::string prefix = absl::StrCat(kBounceLocalPart, "+");
  const size_t at = address.rfind('@');
  if (at == absl::string_view::npos || !absl::StartsWithIgnoreCase(address, prefix)) return "";
  const std::string id = absl::AsciiStrToLower(address.substr(prefix.size(), at - prefix.size()));
  if (id.size() != kBounceIdBytes * 2 ||
      id.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return "";
  }
  return id;
}

}  // namespace opinus::server
