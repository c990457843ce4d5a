// Authorizer: the core's one decision on whether a call may go on, from its
// method and its bearer token.
#ifndef OPINUS_SERVER_AUTH_AUTHORIZER_H_
#define OPINUS_SERVER_AUTH_AUTHORIZER_H_

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/auth/role.h"
#include "server/auth/token_file.h"

namespace opinus::server::auth {

// Authorizer knows the tokens of a token file and applies MethodAccessTable.
// Immutable once built, so thread-safe.
class Authorizer {
 public:
  explicit Authorizer(std::vector<TokenEntry> tokens) : tokens_(std::move(tokens)) {}

  // Authorize decides on a call of `method` (its `:path`) that carried the
  // `authorization` metadata values `authorization` (usually one), and an
  // owner's credential when `acts_for_owner` (checked later, by the service).
  // Returns OK for an open method (health, reflection) whatever it carries,
  // else for a known token whose role allows the method; UNAUTHENTICATED
  // without exactly one `Bearer <token>` value or for an unknown token;
  // PERMISSION_DENIED when the token's role may not call the method.
  // Messages hold no token.
  [[nodiscard]] absl::Status Authorize(absl::string_view method,
                                       const std::vector<absl::string_view>& authorization,
                                       bool acts_for_owner = false) const;

  // RoleOf returns the role of `token`, or nullopt for an unknown token. The
  // time it takes does not depend on which token matches, nor where a guess
  // differs from a real one.
  std::optional<Role> RoleOf(absl::string_view token) const;

 private:
  std::vector<TokenEntry> tokens_;
};

}  // namespace opinus::server::auth

#endif  // OPINUS_SERVER_AUTH_AUTHORIZER_H_
