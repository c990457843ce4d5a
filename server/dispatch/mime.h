// Building blocks of an Internet message (RFC 5322, MIME): safe header
// values, RFC 2047 encoded words, base64 bodies.
#ifndef OPINUS_SERVER_DISPATCH_MIME_H_
#define OPINUS_SERVER_DISPATCH_MIME_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

// SanitizeHeaderText returns `text` with every control character (CR and LF
// above all, which would start a header of their own) replaced by a space,
// and surrounding whitespace trimmed.
std::string SanitizeHeaderText(absl::string_view text);

// EncodeHeaderWords returns `text` (sanitized first) as RFC 2047 "B" encoded
// words in UTF-8, each at most 75 characters and never splitting a UTF-8
// sequence, joined by CRLF + space (a folded header line).
std::string EncodeHeaderWords(absl::string_view text);

// Base64Body returns `data` in base64, lines of 76 characters ending in CRLF.
std::string Base64Body(absl::string_view data);

// ToCrlf returns `text` with every line ending (LF or CRLF) as CRLF.
std::string ToCrlf(absl::string_view text);

// AddressDomain returns what follows the last '@' of `address` (all of it
// when there is none), e.g. for a Message-ID's right-hand side.
absl::string_view AddressDomain(absl::string_view address);

// FormatMailDate returns `time` as an RFC 5322 date in UTC, e.g.
// "Wed, 15 May 2024 08:00:00 +0000".
std::string FormatMailDate(absl::Time time);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_MIME_H_
