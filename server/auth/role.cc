#include "server/auth/role.h"

namespace opinus::server::auth {

std::optional<Role> ParseRole(absl::string_view name) {
  for (Role role : {Role::kReadonly, Role::kGateway, Role::kOperator}) {
    if (name == RoleName(role)) return role;
  }
  return std::nullopt;
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReadonly:
      return "readonly";
    case Role::kGateway:
      return "gateway";
    case Role::kOperator:
      return "operator";
  }
  return "readonly";
}

}  // namespace opinus::server::auth
