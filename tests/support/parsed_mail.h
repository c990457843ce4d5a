// ParsedMail: a small reader of the messages our composer writes, so tests
// check them as a mail client would see them (headers unfolded and decoded,
// multipart split, base64 bodies decoded).
#ifndef OPINUS_TESTS_SUPPORT_PARSED_MAIL_H_
#define OPINUS_TESTS_SUPPORT_PARSED_MAIL_H_

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace opinus::testing {

struct ParsedMail {
  // Raw (still encoded) header values by name, in order; unfolded.
  std::vector<std::pair<std::string, std::string>> headers;
  // Decoded bodies by content type ("text/plain", "text/html").
  std::map<std::string, std::string> parts;
  std::string boundary;

  // Header returns the first value of `name`, "" when absent.
  std::string Header(absl::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (absl::EqualsIgnoreCase(key, name)) return value;
    }
    return "";
  }
  int HeaderCount(absl::string_view name) const {
    int n = 0;
    for (const auto& [key, value] : headers) n += absl::EqualsIgnoreCase(key, name) ? 1 : 0;
    return n;
  }
};

// DecodeWords decodes every RFC 2047 =?UTF-8?B?...?= word of `value`
// (whitespace between adjacent words is dropped, as RFC 2047 says, and
// trailing whitespace too).
inline std::string DecodeWords(absl::string_view value) {
  std::string out;
  bool last_was_word = false;
  std::string pending_space;
  while (!value.empty()) {
    if (absl::StartsWith(value, "=?UTF-8?B?")) {
      const size_t end = value.find("?=", 10);
      std::string decoded;
      absl::Base64Unescape(value.substr(10, end - 10), &decoded);
      if (!last_was_word) out += pending_space;
      pending_space.clear();
      out += decoded;
      value.remove_prefix(end + 2);
      last_was_word = true;
    } else if (value[0] == ' ' || value[0] == '\t' || value[0] == '\r' || value[0] == '\n') {
      pending_space += value[0];
      value.remove_prefix(1);
    } else {
      out += pending_space;
      pending_space.clear();
      out += value[0];
      value.remove_prefix(1);
      last_was_word = false;
    }
  }
  return out;
}

// ParseMail reads a message of header lines, a blank line, and a
// multipart/alternative body of base64 parts, or a single base64 body.
inline ParsedMail ParseMail(absl::string_view data) {
  ParsedMail mail;
  const size_t split = data.find("\r\n\r\n");
  absl::string_view head = data.substr(0, split);
  absl::string_view body = split == absl::string_view::npos ? "" : data.substr(split + 4);
  for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !mail.headers.empty()) {
      mail.headers.back().second += std::string(line);
      continue;
    }
    const size_t colon = line.find(':');
    mail.headers.emplace_back(
        std::string(line.substr(0, colon)),
        std::string(absl::StripLeadingAsciiWhitespace(line.substr(colon + 1))));
  }
  const std::string type = mail.Header("Content-Type");
  const size_t b = type.find("boundary=\"");
  if (b == std::string::npos) {
    // A single base64 part.
    std::string encoded(body);
    encoded.erase(std::remove_if(encoded.begin(), encoded.end(),
                                 [](char c) { return c == '\r' || c == '\n'; }),
                  encoded.end());
    absl::Base64Unescape(encoded, &mail.parts[type.substr(0, type.find(';'))]);
    return mail;
  }
  mail.boundary = type.substr(b + 10, type.find('"', b + 10) - b - 10);
  for (absl::string_view part : absl::StrSplit(body, absl::StrCat("--", mail.boundary))) {
    const size_t part_split = part.find("\r\n\r\n");
    if (part_split == absl::string_view::npos) continue;
    absl::string_view part_head = part.substr(0, part_split);
    const size_t ct = part_head.find("Content-Type: ");
    if (ct == absl::string_view::npos) continue;
    std::string part_type(part_head.substr(ct + 14, part_head.find(';', ct) - ct - 14));
    std::string encoded(part.substr(part_split + 4));
    encoded.erase(std::remove_if(encoded.begin(), encoded.end(),
                                 [](char c) { return c == '\r' || c == '\n'; }),
                  encoded.end());
    std::string decoded;
    absl::Base64Unescape(encoded, &decoded);
    mail.parts[part_type] = decoded;
  }
  return mail;
}

// ParseStoredMail reads a mail as an SMTP sink's Maildir stores it (aiosmtpd
// writes LF line ends).
inline ParsedMail ParseStoredMail(absl::string_view data) {
  const std::string lf = absl::StrReplaceAll(data, {{"\r\n", "\n"}});
  return ParseMail(absl::StrReplaceAll(lf, {{"\n", "\r\n"}}));
}

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_SUPPORT_PARSED_MAIL_H_
