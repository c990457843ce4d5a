// Reading the bearer token a client (the gateway, the CLI) sends to the core.
#ifndef OPINUS_CLIENT_TOKEN_FILE_H_
#define OPINUS_CLIENT_TOKEN_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus::client {

// ParseToken returns the token `text` holds (the value of $OPINUS_TOKEN, or a
// token file's content): surrounding whitespace and a final newline are
// dropped. INVALID_ARGUMENT when nothing is left or it is not one
// well-formed token (e.g. two words); the message never holds the text.
[[nodiscard]] absl::StatusOr<std::string> ParseToken(absl::string_view text);

// ReadTokenFile returns the token held by the file at `path` (as ParseToken
// reads it); errors name the path.
[[nodiscard]] absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace opinus::client

#endif  // OPINUS_CLIENT_TOKEN_FILE_H_
