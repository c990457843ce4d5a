#include "server/dispatch/mime.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace opinus::server {
namespace {

// 75 characters per encoded word minus "=?UTF-8?B?" and "?=" leave 63, which
// hold 45 bytes of base64 input (60 characters).
constexpr size_t kWordBytes = 45;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string SanitizeHeaderText(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) c = ' ';
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

std::string EncodeHeaderWords(absl::string_view text) {
  const std::string clean = SanitizeHeaderText(text);
  absl::string_view rest = clean;
  std::string out;
  while (!rest.empty()) {
    size_t take = std::min(kWordBytes, rest.size());
    while (take < rest.size() && take > 0 && IsContinuationByte(rest[take])) --take;
    if (take == 0) take = std::min(kWordBytes, rest.size());  // Not UTF-8: cut anyway.
    if (!out.empty()) out += "\r\n ";
    absl::StrAppend(&out, "=?UTF-8?B?", absl::Base64Escape(rest.substr(0, take)), "?=");
    rest.remove_prefix(take);
  }
  return out;
}

std::string Base64Body(absl::string_view data) {
  const std::string encoded = absl::Base64Escape(data);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
  for (size_t pos = 0; pos < encoded.size(); pos += 76) {
    absl::StrAppend(&out, absl::string_view(encoded).substr(pos, 76), "\r\n");
  }
  return out;
}

std::string ToCrlf(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 64);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

absl::string_view AddressDomain(absl::string_view address) {
  const size_t at = address.rfind('@');
  return at == absl::string_view::npos ? address : address.substr(at + 1);
}

std::string FormatMailDate(absl::Time time) {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", time, absl::UTCTimeZone());
}

}  // namespace opinus::server
