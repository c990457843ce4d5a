#include "common/secrets.h"

#include "absl/strings/str_cat.h"

namespace opinus {

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  // Accumulate every difference so the loop never exits early.
  volatile unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = diff | static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

std::string RedactSecret(absl::string_view secret) {
  constexpr absl::string_view kEllipsis = "\xE2\x80\xA6";
  // Show at most 4 of the characters, and only when that leaves most hidden.
  if (secret.size() < 12) return std::string(kEllipsis);
  return absl::StrCat(secret.substr(0, 2), kEllipsis, secret.substr(secret.size() - 2));
}

}  // namespace opinus
