// The credentials the core's port is opened with, from its security flags.
#ifndef OPINUS_SERVER_AUTH_SERVER_CREDENTIALS_H_
#define OPINUS_SERVER_AUTH_SERVER_CREDENTIALS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/auth/authorizer.h"
#include "server/auth/security_flags.h"

namespace opinus::server::auth {

// ServerSecurity is what MakeServerCredentials built.
struct ServerSecurity {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // The tokens' roles, for the answers that differ by role; null without a
  // token file.
  std::shared_ptr<const Authorizer> authorizer;
  // For the start-up log line: "tokens" or "none", and "tls" or "plaintext".
  std::string auth;
  std::string transport;
};

// MakeServerCredentials checks `flags` (CheckSecurityFlags) and returns the
// credentials for the listening port: TLS with --tls-cert/--tls-key, else
// local TCP (loopback peers only) when tokens are required, else insecure;
// with a token file, a TokenAuthProcessor guards every call. Returns
// INVALID_ARGUMENT for flags that do not go together or a bad token file
// (naming its line), NOT_FOUND / PERMISSION_DENIED for a file it cannot read.
[[nodiscard]] absl::StatusOr<ServerSecurity> MakeServerCredentials(const SecurityFlags& flags);

}  // namespace opinus::server::auth

#endif  // OPINUS_SERVER_AUTH_SERVER_CREDENTIALS_H_
