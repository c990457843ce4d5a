// Handling of secrets (webhook keys, tokens, e-mail addresses): constant-time
// comparison and redaction for logs.
#ifndef OPINUS_COMMON_SECRETS_H_
#define OPINUS_COMMON_SECRETS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opinus {

// ConstantTimeEquals returns whether `a` and `b` are equal, taking time that
// depends only on their lengths, never on where they differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// RedactSecret returns a form of `secret` safe to log: its first two and last
// two characters around an ellipsis ("ab…89"), or "…" when it is too short to
// show anything.
std::string RedactSecret(absl::string_view secret);

// MaskEmailLocalParts returns `text` with the local part of every e-mail
// address in it replaced by "***" ("jan.kowalski@example.com" becomes
// "***@example.com"): the domain helps an operator, the person stays hidden.
std::string MaskEmailLocalParts(absl::string_view text);

}  // namespace opinus

#endif  // OPINUS_COMMON_SECRETS_H_
