#include "server/auth/authorizer.h"

#include "absl/strings/str_cat.h"
#include "common/bearer_token.h"
#include "common/secrets.h"
#include "server/auth/method_policy.h"

namespace opinus::server::auth {

absl::Status Authorizer::Authorize(absl::string_view method,
                                   const std::vector<absl::string_view>& authorization,
                                   bool acts_for_owner) const {
  if (IsOpenMethod(method)) return absl::OkStatus();
  if (authorization.empty()) {
    return absl::UnauthenticatedError("missing token (authorization: Bearer <token>)");
  }
  if (authorization.size() > 1) {
    return absl::UnauthenticatedError("more than one authorization header");
  }
  const std::optional<absl::string_view> token = TokenFromBearer(authorization[0]);
  if (!token) return absl::UnauthenticatedError("authorization: want Bearer <token>");
  const std::optional<Role> role = RoleOf(*token);
  if (!role) return absl::UnauthenticatedError("unknown token");
  if (!RoleAllows(*role, RequiredAccess(method), acts_for_owner)) {
    return absl::PermissionDeniedError(
        absl::StrCat("role ", RoleName(*role), " may not call ", method));
  }
  return absl::OkStatus();
}

std::optional<Role> Authorizer::RoleOf(absl::string_view token) const {
  // Every token is compared, even after a match, so the time says nothing
  // about which one matched.
  std::optional<Role> role;
  for (const TokenEntry& entry : tokens_) {
    if (ConstantTimeEquals(entry.token, token)) role = entry.role;
  }
  return role;
}

}  // namespace opinus::server::auth
