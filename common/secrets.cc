#include "common/secrets.h"

#include "absl/strings/ascii.h"
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

namespace {

// IsLocalPartChar: the characters RFC 5322 allows in an unquoted local part,
// and any byte of a UTF-8 sequence (RFC 6531).
bool IsLocalPartChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x80 || absl::ascii_isalnum(byte)) return true;
  constexpr absl::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~.";
  return kSpecials.find(c) != absl::string_view::npos;
}

}  // namespace

std::string MaskEmailLocalParts(absl::string_view text) {
  // Nearly every log value has no '@' at all: return it as it is.
  if (text.find('@') == absl::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t at = text.find('@'); at != absl::string_view::npos; at = text.find('@', at + 1)) {
    size_t start = at;
    while (start > copied && IsLocalPartChar(text[start - 1])) --start;
    // Whatever follows the '@': a malformed address ("jan@@example.com",
    // "jan@") is still somebody's name.
    if (start == at) continue;
    absl::StrAppend(&out, text.substr(copied, start - copied), "***");
    copied = at;
  }
  out.append(text.data() + copied, text.size() - copied);
  return out;
}

}  // namespace opinus
