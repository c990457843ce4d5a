#include "server/rpc/caller_role.h"

#include "absl/strings/string_view.h"
#include "common/bearer_token.h"

namespace opinus::server::rpc {

std::optional<auth::Role> CallerRole(const grpc::ServerContext& context,
                                     const auth::Authorizer* authorizer) {
  if (authorizer == nullptr) return std::nullopt;
  const auto [first, last] = context.client_metadata().equal_range(kAuthorizationKey);
  if (first == last || std::next(first) != last) return std::nullopt;
  const std::optional<absl::string_view> token =
      TokenFromBearer(absl::string_view(first->second.data(), first->second.size()));
  if (!token) return std::nullopt;
  return authorizer->RoleOf(*token);
}

}  // namespace opinus::server::rpc
