// CallerRole: the role of the bearer token a call carries, for the answers
// that differ by role (the readonly role sees no shop's webhook key).
#ifndef OPINUS_SERVER_RPC_CALLER_ROLE_H_
#define OPINUS_SERVER_RPC_CALLER_ROLE_H_

#include <grpcpp/server_context.h>

#include <optional>

#include "server/auth/authorizer.h"
#include "server/auth/role.h"

namespace opinus::server::rpc {

// CallerRole returns the role of the one `authorization` bearer token of the
// call, as `authorizer` knows it; nullopt when the core runs without tokens
// (`authorizer` null) or the call carries no known token (then the
// TokenAuthProcessor let it through only for an open method).
std::optional<auth::Role> CallerRole(const grpc::ServerContext& context,
                                     const auth::Authorizer* authorizer);

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_CALLER_ROLE_H_
