#include "server/auth/token_file.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/bearer_token.h"
#include "common/file_contents.h"

namespace opinus::server::auth {
namespace {

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

}  // namespace

absl::StatusOr<std::vector<TokenEntry>> ParseTokenFile(absl::string_view content) {
  std::vector<TokenEntry> entries;
  // Token -> its line, to name the first line of a repeated token.
  std::map<std::string, int> lines_of_tokens;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    // Whatever the fields hold is never quoted back: on a bad line the token
    // may sit where the role should be.
    if (fields.size() != 2) return LineError(line_number, "want ROLE TOKEN");
    const std::optional<Role> role = ParseRole(fields[0]);
    if (!role) {
      return LineError(line_number, "unknown role (want gateway, operator or readonly)");
    }
    const absl::string_view token = fields[1];
    if (!IsWellFormedToken(token)) {
      return LineError(line_number, "the token holds characters other than printable ASCII");
    }
    if (token.size() < kMinTokenLength) {
      return LineError(line_number,
                       absl::StrCat("the token is shorter than ", kMinTokenLength, " characters"));
    }
    const auto [previous, inserted] = lines_of_tokens.emplace(std::string(token), line_number);
    if (!inserted) {
      return LineError(line_number, absl::StrCat("the same token as line ", previous->second));
    }
    entries.push_back(TokenEntry{*role, std::string(token)});
  }
  if (entries.empty()) return absl::InvalidArgumentError("no tokens");
  return entries;
}

absl::StatusOr<std::vector<TokenEntry>> ReadTokenFile(const std::string& path) {
  absl::StatusOr<std::string> content = ReadFileContents(path);
  if (!content.ok()) return content.status();
  absl::StatusOr<std::vector<TokenEntry>> entries = ParseTokenFile(*content);
  if (!entries.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", entries.status().message()));
  }
  return entries;
}

}  // namespace opinus::server::auth
