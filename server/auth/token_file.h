// The core's token file: which bearer tokens exist and the role of each.
#ifndef OPINUS_SERVER_AUTH_TOKEN_FILE_H_
#define OPINUS_SERVER_AUTH_TOKEN_FILE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/auth/role.h"

namespace opinus::server::auth {

// The shortest token accepted: shorter ones could be guessed.
inline constexpr size_t kMinTokenLength = 16;

// TokenEntry is one line of a token file.
struct TokenEntry {
  Role role;
  std::string token;
};

// ParseTokenFile reads `content`: one `ROLE TOKEN` per line (separated by
// spaces or tabs), ROLE one of gateway, operator, readonly; blank lines and
// lines starting with `#` are skipped. Returns INVALID_ARGUMENT naming the
// first bad line ("line 3: want ROLE TOKEN"): a wrong number of fields, an
// unknown role, a token shorter than kMinTokenLength or with characters that
// cannot travel in a header, the same token twice, or no token at all. The
// message never holds a token, nor anything that might be one.
[[nodiscard]] absl::StatusOr<std::vector<TokenEntry>> ParseTokenFile(absl::string_view content);

// ReadTokenFile reads and parses the file at `path`; errors name the path.
[[nodiscard]] absl::StatusOr<std::vector<TokenEntry>> ReadTokenFile(const std::string& path);

}  // namespace opinus::server::auth

#endif  // OPINUS_SERVER_AUTH_TOKEN_FILE_H_
