#include "client/token_file.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/bearer_token.h"
#include "common/file_contents.h"

namespace opinus::client {

absl::StatusOr<std::string> ParseToken(absl::string_view text) {
  const absl::string_view token = absl::StripAsciiWhitespace(text);
  if (token.empty()) return absl::InvalidArgumentError("empty token");
  if (!IsWellFormedToken(token)) {
    return absl::InvalidArgumentError(
        "not one token (printable ASCII without spaces, on one line)");
  }
  return std::string(token);
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  absl::StatusOr<std::string> content = ReadFileContents(path);
  if (!content.ok()) return content.status();
  absl::StatusOr<std::string> token = ParseToken(*content);
  if (!token.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", token.status().message()));
  }
  return token;
}

}  // namespace opinus::client
