// Role: what a caller of the core may do, named by its token.
#ifndef OPINUS_SERVER_AUTH_ROLE_H_
#define OPINUS_SERVER_AUTH_ROLE_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace opinus::server::auth {

// Role is given to each token in the token file. `kReadonly` reads, `kGateway`
// reads and writes what a gateway needs, `kOperator` may do everything.
enum class Role { kReadonly, kGateway, kOperator };

// ParseRole returns the role spelled `name` ("readonly", "gateway",
// "operator"; exact spelling), or nullopt.
std::optional<Role> ParseRole(absl::string_view name);

// RoleName returns the spelling of `role` in the token file.
absl::string_view RoleName(Role role);

}  // namespace opinus::server::auth

#endif  // OPINUS_SERVER_AUTH_ROLE_H_
