// TokenAuthProcessor: where gRPC asks the core whether a call may go on,
// before any handler runs. Set on the server's credentials (local TCP or TLS;
// gRPC ignores processors on insecure credentials).
#ifndef OPINUS_SERVER_AUTH_TOKEN_AUTH_PROCESSOR_H_
#define OPINUS_SERVER_AUTH_TOKEN_AUTH_PROCESSOR_H_

#include <grpcpp/security/auth_metadata_processor.h>

#include <memory>
#include <utility>

#include "server/auth/authorizer.h"

namespace opinus::server::auth {

// TokenAuthProcessor answers each call with Authorizer::Authorize on its
// `:path` and `authorization` metadata: a refusal ends the call with
// UNAUTHENTICATED or PERMISSION_DENIED and one log line (the token redacted).
// Thread-safe; shares its Authorizer with the services that answer by role.
class TokenAuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  explicit TokenAuthProcessor(std::shared_ptr<const Authorizer> authorizer)
      : authorizer_(std::move(authorizer)) {}

  // The decision is a few comparisons in memory: it runs on gRPC's own
  // thread rather than being handed to another.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const std::shared_ptr<const Authorizer> authorizer_;
};

}  // namespace opinus::server::auth

#endif  // OPINUS_SERVER_AUTH_TOKEN_AUTH_PROCESSOR_H_
