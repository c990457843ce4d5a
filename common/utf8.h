// UTF-8 checks for text from outside: a proto3 `string` must hold valid UTF-8,
// or the receiving side cannot parse the message at all.
#ifndef OPINUS_COMMON_UTF8_H_
#define OPINUS_COMMON_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opinus {

// IsValidUtf8 returns whether `text` is well-formed UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(absl::string_view text);

// ValidUtf8 returns `text` with every ill-formed sequence replaced by U+FFFD,
// as the WHATWG encoding standard decodes (one replacement per maximal bad
// subpart); valid text comes back unchanged.
std::string ValidUtf8(absl::string_view text);

}  // namespace opinus

#endif  // OPINUS_COMMON_UTF8_H_
