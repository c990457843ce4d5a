#include "server/auth/token_auth_processor.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/bearer_token.h"
#include "common/grpc_status.h"
#include "common/log.h"
#include "common/owner_metadata.h"
#include "common/request_id.h"
#include "common/secrets.h"

namespace opinus::server::auth {
namespace {

absl::string_view View(grpc::string_ref ref) { return absl::string_view(ref.data(), ref.size()); }

// RequestIdOf returns the caller's request id as sent, "-" when there is none
// or it is not fit to log.
std::string RequestIdOf(const grpc::AuthMetadataProcessor::InputMetadata& metadata) {
  auto it = metadata.find(kRequestIdKey);
  if (it == metadata.end() || !IsValidRequestId(View(it->second))) return "-";
  return std::string(View(it->second));
}

}  // namespace

grpc::Status TokenAuthProcessor::Process(const InputMetadata& auth_metadata, grpc::AuthContext*,
                                         OutputMetadata* consumed_auth_metadata, OutputMetadata*) {
  // gRPC hands the pseudo-header `:path` along with the call's metadata; it
  // is the full method name the policy table is keyed by.
  absl::string_view method;
  if (auto path = auth_metadata.find(":path"); path != auth_metadata.end()) {
    method = View(path->second);
  }
  // The token stays in the call's metadata: the shop service answers the
  // readonly role without webhook keys (rpc::CallerRole). Nothing logs it.
  std::vector<absl::string_view> authorization;
  auto [first, last] = auth_metadata.equal_range(kAuthorizationKey);
  for (auto it = first; it != last; ++it) authorization.push_back(View(it->second));
  // Only the credential's presence counts here; the service resolves it, as
  // that takes the database.
  const bool acts_for_owner = auth_metadata.find(kOwnerCredentialKey) != auth_metadata.end();
  const absl::Status decision = authorizer_->Authorize(method, authorization, acts_for_owner);
  if (!decision.ok()) {
    const std::optional<absl::string_view> token =
        authorization.size() == 1 ? TokenFromBearer(authorization[0]) : std::nullopt;
    Log(LogLevel::kWarning, "rpc_refused",
        {{"method", std::string(method)},
         {"code", absl::StatusCodeToString(decision.code())},
         {"token", token ? RedactSecret(*token) : "none"},
         {"request_id", RequestIdOf(auth_metadata)},
         {"reason", std::string(decision.message())}});
  }
  return ToGrpcStatus(decision);
}

}  // namespace opinus::server::auth
