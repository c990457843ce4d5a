#include "client/client.h"

#include <utility>

#include "client/owner_credential.h"
#include "common/bearer_token.h"
#include "common/grpc_status.h"
#include "common/owner_metadata.h"
#include "common/request_id.h"

namespace opinus::client {

namespace v1 = ::opinus::v1;

namespace {

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const ClientOptions& options) {
  if (options.tls_ca_pem.empty()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = options.tls_ca_pem;
  return grpc::SslCredentials(tls);
}

// CheckMetadata returns INVALID_ARGUMENT when a value this call would carry
// as metadata (`token`, the thread's request id and owner credential) is not
// well formed. gRPC aborts the whole process on a byte outside printable ASCII
// in a metadata value instead of failing the call, so no value may reach it
// unchecked.
absl::Status CheckMetadata(absl::string_view token) {
  if (!token.empty() && !IsWellFormedToken(token)) {
    return absl::InvalidArgumentError("the client's bearer token is not well formed");
  }
  if (const absl::string_view id = CurrentRequestId(); !id.empty() && !IsValidRequestId(id)) {
    return absl::InvalidArgumentError("the request id is not well formed");
  }
  if (const OwnerCredential* owner = CurrentOwnerCredential(); owner != nullptr) {
    if (!owner->token.empty() && !IsWellFormedToken(owner->token)) {
      return absl::InvalidArgumentError("the owner's credential is not well formed");
    }
    if (!owner->csrf_token.empty() && !IsWellFormedToken(owner->csrf_token)) {
      return absl::InvalidArgumentError("the CSRF token is not well formed");
    }
  }
  return absl::OkStatus();
}

}  // namespace

Client::Client(const ClientOptions& options)
    : Client(grpc::CreateChannel(options.target, ChannelCredentials(options)), options.timeout,
             options.token) {}

Client::Client(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout, std::string token)
    : channel_(std::move(channel)),
      timeout_(timeout),
      token_(std::move(token)),
      authorization_(token_.empty() ? "" : BearerValue(token_)),
      accounts_(v1::AccountService::NewStub(channel_)),
      shops_(v1::ShopService::NewStub(channel_)),
      order_events_(v1::OrderEventService::NewStub(channel_)),
      invitations_(v1::InvitationService::NewStub(channel_)),
      suppressions_(v1::SuppressionService::NewStub(channel_)),
      opinions_(v1::OpinionService::NewStub(channel_)),
      health_(grpc::health::v1::Health::NewStub(channel_)) {}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Client::Call(Stub* stub,
                                      grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                   const Request&, Response*),
                                      const Request& request) {
  if (absl::Status legal = CheckMetadata(token_); !legal.ok()) return legal;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  // Plain metadata rather than call credentials: gRPC sends those only over
  // TLS, and the core also takes tokens over plaintext on loopback.
  if (!authorization_.empty()) context.AddMetadata(kAuthorizationKey, authorization_);
  // The id of the request this thread serves (the gateway's), so the core's
  // log lines about this call carry the same id as the gateway's.
  if (const absl::string_view id = CurrentRequestId(); !id.empty()) {
    context.AddMetadata(kRequestIdKey, std::string(id));
  }
  if (const OwnerCredential* owner = CurrentOwnerCredential(); owner != nullptr) {
    context.AddMetadata(kOwnerCredentialKey, owner->token);
    if (!owner->csrf_token.empty()) context.AddMetadata(kOwnerCsrfKey, owner->csrf_token);
  }
  Response response;
  grpc::Status status = (stub->*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::StatusOr<v1::Session> Client::SignUp(const v1::SignUpRequest& request) {
  return Call(accounts_.get(), &v1::AccountService::Stub::SignUp, request);
}

absl::StatusOr<v1::Session> Client::LogIn(const v1::LogInRequest& request) {
  return Call(accounts_.get(), &v1::AccountService::Stub::LogIn, request);
}

absl::Status Client::LogOut(const v1::LogOutRequest& request) {
  return Call(accounts_.get(), &v1::AccountService::Stub::LogOut, request).status();
}

absl::StatusOr<v1::CurrentOwner> Client::GetCurrentOwner(
    const v1::GetCurrentOwnerRequest& request) {
  return Call(accounts_.get(), &v1::AccountService::Stub::GetCurrentOwner, request);
}

absl::StatusOr<v1::AccessTokenGrant> Client::CreateAccessToken(
    const v1::CreateAccessTokenRequest& request) {
  return Call(accounts_.get(), &v1::AccountService::Stub::CreateAccessToken, request);
}

absl::StatusOr<v1::ListAccessTokensResponse> Client::ListAccessTokens(
    const v1::ListAccessTokensRequest& request) {
  return Call(accounts_.get(), &v1::AccountService::Stub::ListAccessTokens, request);
}

absl::Status Client::RevokeAccessToken(const v1::RevokeAccessTokenRequest& request) {
  return Call(accounts_.get(), &v1::AccountService::Stub::RevokeAccessToken, request).status();
}

absl::StatusOr<v1::Shop> Client::CreateShop(const v1::CreateShopRequest& request) {
  return Call(shops_.get(), &v1::ShopService::Stub::CreateShop, request);
}

absl::StatusOr<v1::Shop> Client::GetShop(const v1::GetShopRequest& request) {
  return Call(shops_.get(), &v1::ShopService::Stub::GetShop, request);
}

absl::StatusOr<v1::ListShopsResponse> Client::ListShops(const v1::ListShopsRequest& request) {
  return Call(shops_.get(), &v1::ShopService::Stub::ListShops, request);
}

absl::StatusOr<v1::Shop> Client::RotateShopKey(const v1::RotateShopKeyRequest& request) {
  return Call(shops_.get(), &v1::ShopService::Stub::RotateShopKey, request);
}

absl::StatusOr<v1::Shop> Client::ApproveShop(const v1::ApproveShopRequest& request) {
  return Call(shops_.get(), &v1::ShopService::Stub::ApproveShop, request);
}

absl::StatusOr<v1::Shop> Client::EndKeyRotationGrace(
    const v1::EndKeyRotationGraceRequest& request) {
  return Call(shops_.get(), &v1::ShopService::Stub::EndKeyRotationGrace, request);
}

absl::StatusOr<v1::ShopSettings> Client::GetShopSettings(
    const v1::GetShopSettingsRequest& request) {
  return Call(shops_.get(), &v1::ShopService::Stub::GetShopSettings, request);
}

absl::StatusOr<v1::ShopSettings> Client::UpdateShopSettings(
    const v1::UpdateShopSettingsRequest& request) {
  return Call(shops_.get(), &v1::ShopService::Stub::UpdateShopSettings, request);
}

absl::StatusOr<v1::RecordOrderEventResponse> Client::RecordOrderEvent(
    const v1::RecordOrderEventRequest& request) {
  return Call(order_events_.get(), &v1::OrderEventService::Stub::RecordOrderEvent, request);
}

absl::StatusOr<v1::ListOrderEventsResponse> Client::ListOrderEvents(
    const v1::ListOrderEventsRequest& request) {
  return Call(order_events_.get(), &v1::OrderEventService::Stub::ListOrderEvents, request);
}

absl::StatusOr<v1::UnsubscribeInfo> Client::DescribeUnsubscribe(
    const v1::DescribeUnsubscribeRequest& request) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::DescribeUnsubscribe, request);
}

absl::StatusOr<v1::UnsubscribeInfo> Client::Unsubscribe(const v1::UnsubscribeRequest& request) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::Unsubscribe, request);
}

absl::StatusOr<v1::ListSuppressionsResponse> Client::ListSuppressions(
    const v1::ListSuppressionsRequest& request) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::ListSuppressions, request);
}

absl::StatusOr<v1::Suppression> Client::AddSuppression(const v1::AddSuppressionRequest& request) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::AddSuppression, request);
}

absl::Status Client::RemoveSuppression(const v1::RemoveSuppressionRequest& request) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::RemoveSuppression, request)
      .status();
}

absl::StatusOr<v1::OpinionForm> Client::GetOpinionForm(const v1::GetOpinionFormRequest& request) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::GetOpinionForm, request);
}

absl::StatusOr<v1::SubmitOpinionResponse> Client::SubmitOpinion(
    const v1::SubmitOpinionRequest& request) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::SubmitOpinion, request);
}

absl::StatusOr<v1::ListOpinionsResponse> Client::ListOpinions(
    const v1::ListOpinionsRequest& request) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::ListOpinions, request);
}

absl::StatusOr<v1::RatingSummary> Client::GetRatingSummary(
    const v1::GetRatingSummaryRequest& request) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::GetRatingSummary, request);
}

absl::StatusOr<v1::Opinion> Client::ReplyToOpinion(const v1::ReplyToOpinionRequest& request) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::ReplyToOpinion, request);
}

absl::StatusOr<v1::Opinion> Client::ReportOpinion(const v1::ReportOpinionRequest& request) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::ReportOpinion, request);
}

absl::StatusOr<v1::Opinion> Client::HideOpinion(const v1::ModerateOpinionRequest& request) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::HideOpinion, request);
}

absl::StatusOr<v1::Opinion> Client::RestoreOpinion(const v1::ModerateOpinionRequest& request) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::RestoreOpinion, request);
}

absl::StatusOr<v1::ListInvitationsResponse> Client::ListInvitations(
    const v1::ListInvitationsRequest& request) {
  return Call(invitations_.get(), &v1::InvitationService::Stub::ListInvitations, request);
}

absl::StatusOr<v1::Invitation> Client::GetInvitation(const v1::GetInvitationRequest& request) {
  return Call(invitations_.get(), &v1::InvitationService::Stub::GetInvitation, request);
}

absl::StatusOr<v1::Invitation> Client::CancelInvitation(
    const v1::CancelInvitationRequest& request) {
  return Call(invitations_.get(), &v1::InvitationService::Stub::CancelInvitation, request);
}

absl::StatusOr<v1::Invitation> Client::ResendInvitation(
    const v1::ResendInvitationRequest& request) {
  return Call(invitations_.get(), &v1::InvitationService::Stub::ResendInvitation, request);
}

absl::Status Client::CheckHealth() {
  grpc::health::v1::HealthCheckRequest request;
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> response =
      Call(health_.get(), &grpc::health::v1::Health::Stub::Check, request);
  if (!response.ok()) return response.status();
  if (response->status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return absl::UnavailableError("core not serving");
  }
  return absl::OkStatus();
}

}  // namespace opinus::client
