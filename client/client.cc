#include "client/client.h"

#include <memory>
#include <optional>
#include <utility>

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
// as metadata (`token`, the context's request id and owner credential) is not
// well formed. gRPC aborts the whole process on a byte outside printable ASCII
// in a metadata value instead of failing the call, so no value may reach it
// unchecked.
absl::Status CheckMetadata(absl::string_view token, const CallContext& context) {
  if (!token.empty() && !IsWellFormedToken(token)) {
    return absl::InvalidArgumentError("the client's bearer token is not well formed");
  }
  if (!context.request_id.empty() && !IsValidRequestId(context.request_id)) {
    return absl::InvalidArgumentError("the request id is not well formed");
  }
  if (const std::optional<OwnerCredential>& owner = context.owner; owner.has_value()) {
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
      privacy_(v1::PrivacyService::NewStub(channel_)),
      privacy_requests_(v1::PrivacyRequestService::NewStub(channel_)),
      appstore_(v1::AppStoreService::NewStub(channel_)),
      backfills_(v1::BackfillService::NewStub(channel_)),
      health_(grpc::health::v1::Health::NewStub(channel_)) {}

absl::Status Client::Prepare(const CallContext& call, grpc::ClientContext* context) const {
  if (absl::Status legal = CheckMetadata(token_, call); !legal.ok()) return legal;
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  // Plain metadata rather than call credentials: gRPC sends those only over
  // TLS, and the core also takes tokens over plaintext on loopback.
  if (!authorization_.empty()) context->AddMetadata(kAuthorizationKey, authorization_);
  // The id of the request the call serves (the gateway's), so the core's log
  // lines about this call carry the same id as the gateway's.
  if (!call.request_id.empty()) context->AddMetadata(kRequestIdKey, call.request_id);
  if (call.owner.has_value()) {
    context->AddMetadata(kOwnerCredentialKey, call.owner->token);
    if (!call.owner->csrf_token.empty()) {
      context->AddMetadata(kOwnerCsrfKey, call.owner->csrf_token);
    }
  }
  return absl::OkStatus();
}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Client::Call(Stub* stub,
                                      grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                   const Request&, Response*),
                                      const Request& request, const CallContext& call) {
  grpc::ClientContext context;
  if (absl::Status prepared = Prepare(call, &context); !prepared.ok()) return prepared;
  Response response;
  grpc::Status status = (stub->*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::StatusOr<v1::Session> Client::SignUp(const v1::SignUpRequest& request,
                                           const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::SignUp, request, context);
}

absl::StatusOr<v1::Session> Client::LogIn(const v1::LogInRequest& request,
                                          const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::LogIn, request, context);
}

absl::Status Client::LogOut(const v1::LogOutRequest& request, const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::LogOut, request, context).status();
}

absl::StatusOr<v1::CurrentOwner> Client::GetCurrentOwner(const v1::GetCurrentOwnerRequest& request,
                                                         const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::GetCurrentOwner, request, context);
}

absl::StatusOr<v1::AccessTokenGrant> Client::CreateAccessToken(
    const v1::CreateAccessTokenRequest& request, const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::CreateAccessToken, request, context);
}

absl::StatusOr<v1::ListAccessTokensResponse> Client::ListAccessTokens(
    const v1::ListAccessTokensRequest& request, const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::ListAccessTokens, request, context);
}

absl::Status Client::RevokeAccessToken(const v1::RevokeAccessTokenRequest& request,
                                       const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::RevokeAccessToken, request, context)
      .status();
}

absl::StatusOr<v1::Owner> Client::ConfirmEmail(const v1::ConfirmEmailRequest& request,
                                               const CallContext& context) {
  absl::StatusOr<v1::ConfirmEmailResponse> response =
      Call(accounts_.get(), &v1::AccountService::Stub::ConfirmEmail, request, context);
  if (!response.ok()) return response.status();
  return response->owner();
}

absl::Status Client::ResendEmailConfirmation(const v1::ResendEmailConfirmationRequest& request,
                                             const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::ResendEmailConfirmation, request, context)
      .status();
}

absl::StatusOr<v1::DeleteAccountResponse> Client::DeleteAccount(
    const v1::DeleteAccountRequest& request, const CallContext& context) {
  return Call(accounts_.get(), &v1::AccountService::Stub::DeleteAccount, request, context);
}

absl::StatusOr<v1::Shop> Client::CreateShop(const v1::CreateShopRequest& request,
                                            const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::CreateShop, request, context);
}

absl::StatusOr<v1::Shop> Client::GetShop(const v1::GetShopRequest& request,
                                         const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::GetShop, request, context);
}

absl::StatusOr<v1::ListShopsResponse> Client::ListShops(const v1::ListShopsRequest& request,
                                                        const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::ListShops, request, context);
}

absl::StatusOr<v1::Shop> Client::RotateShopKey(const v1::RotateShopKeyRequest& request,
                                               const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::RotateShopKey, request, context);
}

absl::StatusOr<v1::Shop> Client::ApproveShop(const v1::ApproveShopRequest& request,
                                             const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::ApproveShop, request, context);
}

absl::StatusOr<v1::Shop> Client::EndKeyRotationGrace(const v1::EndKeyRotationGraceRequest& request,
                                                     const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::EndKeyRotationGrace, request, context);
}

absl::StatusOr<v1::ShopSettings> Client::GetShopSettings(const v1::GetShopSettingsRequest& request,
                                                         const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::GetShopSettings, request, context);
}

absl::StatusOr<v1::ShopSettings> Client::UpdateShopSettings(
    const v1::UpdateShopSettingsRequest& request, const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::UpdateShopSettings, request, context);
}

absl::StatusOr<v1::ShopDashboard> Client::GetShopDashboard(
    const v1::GetShopDashboardRequest& request, const CallContext& context) {
  return Call(shops_.get(), &v1::ShopService::Stub::GetShopDashboard, request, context);
}

absl::StatusOr<v1::RecordOrderEventResponse> Client::RecordOrderEvent(
    const v1::RecordOrderEventRequest& request, const CallContext& context) {
  return Call(order_events_.get(), &v1::OrderEventService::Stub::RecordOrderEvent, request,
              context);
}

namespace {

// PendingRecord is one asynchronous RecordOrderEvent call: gRPC needs its
// context, request and response to live until the call ends.
struct PendingRecord {
  grpc::ClientContext context;
  v1::RecordOrderEventRequest request;
  v1::RecordOrderEventResponse response;
  Client::RecordOrderEventDone done;
};

}  // namespace

void Client::RecordOrderEventAsync(v1::RecordOrderEventRequest request, const CallContext& context,
                                   RecordOrderEventDone done) {
  auto call = std::make_unique<PendingRecord>();
  if (absl::Status prepared = Prepare(context, &call->context); !prepared.ok()) {
    std::move(done)(prepared);
    return;
  }
  call->request = std::move(request);
  call->done = std::move(done);
  // Owned by the completion from here on: gRPC calls it exactly once.
  PendingRecord* pending = call.release();
  order_events_->async()->RecordOrderEvent(
      &pending->context, &pending->request, &pending->response, [pending](grpc::Status status) {
        const std::unique_ptr<PendingRecord> finished(pending);
        if (status.ok()) {
          std::move(finished->done)(std::move(finished->response));
        } else {
          std::move(finished->done)(FromGrpcStatus(status));
        }
      });
}

absl::StatusOr<v1::ListOrderEventsResponse> Client::ListOrderEvents(
    const v1::ListOrderEventsRequest& request, const CallContext& context) {
  return Call(order_events_.get(), &v1::OrderEventService::Stub::ListOrderEvents, request, context);
}

absl::StatusOr<v1::UnsubscribeInfo> Client::DescribeUnsubscribe(
    const v1::DescribeUnsubscribeRequest& request, const CallContext& context) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::DescribeUnsubscribe, request,
              context);
}

absl::StatusOr<v1::AppInstallation> Client::RecordAppStoreCallback(
    const v1::AppStoreCallbackRequest& request, const CallContext& context) {
  return Call(appstore_.get(), &v1::AppStoreService::Stub::RecordCallback, request, context);
}

absl::StatusOr<v1::ListInstallationsResponse> Client::ListInstallations(
    const v1::ListInstallationsRequest& request, const CallContext& context) {
  return Call(appstore_.get(), &v1::AppStoreService::Stub::ListInstallations, request, context);
}

absl::StatusOr<v1::AdminPage> Client::GetAdminPage(const v1::AdminPageRequest& request,
                                                   const CallContext& context) {
  return Call(appstore_.get(), &v1::AppStoreService::Stub::GetAdminPage, request, context);
}

absl::StatusOr<v1::ClaimLink> Client::DescribeClaimLink(const v1::ClaimLinkRequest& request,
                                                        const CallContext& context) {
  return Call(appstore_.get(), &v1::AppStoreService::Stub::DescribeClaimLink, request, context);
}

absl::StatusOr<v1::ClaimLink> Client::ClaimShop(const v1::ClaimLinkRequest& request,
                                                const CallContext& context) {
  return Call(appstore_.get(), &v1::AppStoreService::Stub::ClaimShop, request, context);
}

absl::StatusOr<v1::OrderBackfillPreview> Client::GetOrderBackfillPreview(
    const v1::GetOrderBackfillPreviewRequest& request, const CallContext& context) {
  return Call(backfills_.get(), &v1::BackfillService::Stub::GetOrderBackfillPreview, request,
              context);
}

absl::StatusOr<v1::OrderBackfill> Client::StartOrderBackfill(
    const v1::StartOrderBackfillRequest& request, const CallContext& context) {
  return Call(backfills_.get(), &v1::BackfillService::Stub::StartOrderBackfill, request, context);
}

absl::StatusOr<v1::OrderBackfill> Client::GetOrderBackfill(
    const v1::GetOrderBackfillRequest& request, const CallContext& context) {
  return Call(backfills_.get(), &v1::BackfillService::Stub::GetOrderBackfill, request, context);
}

absl::StatusOr<v1::UnsubscribeInfo> Client::Unsubscribe(const v1::UnsubscribeRequest& request,
                                                        const CallContext& context) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::Unsubscribe, request, context);
}

absl::StatusOr<v1::ListSuppressionsResponse> Client::ListSuppressions(
    const v1::ListSuppressionsRequest& request, const CallContext& context) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::ListSuppressions, request,
              context);
}

absl::StatusOr<v1::Suppression> Client::AddSuppression(const v1::AddSuppressionRequest& request,
                                                       const CallContext& context) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::AddSuppression, request, context);
}

absl::Status Client::RemoveSuppression(const v1::RemoveSuppressionRequest& request,
                                       const CallContext& context) {
  return Call(suppressions_.get(), &v1::SuppressionService::Stub::RemoveSuppression, request,
              context)
      .status();
}

absl::StatusOr<v1::OpinionForm> Client::GetOpinionForm(const v1::GetOpinionFormRequest& request,
                                                       const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::GetOpinionForm, request, context);
}

absl::StatusOr<v1::SubmitOpinionResponse> Client::SubmitOpinion(
    const v1::SubmitOpinionRequest& request, const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::SubmitOpinion, request, context);
}

absl::StatusOr<v1::ListOpinionsResponse> Client::ListOpinions(
    const v1::ListOpinionsRequest& request, const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::ListOpinions, request, context);
}

absl::StatusOr<v1::RatingSummary> Client::GetRatingSummary(
    const v1::GetRatingSummaryRequest& request, const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::GetRatingSummary, request, context);
}

absl::StatusOr<v1::Opinion> Client::ReplyToOpinion(const v1::ReplyToOpinionRequest& request,
                                                   const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::ReplyToOpinion, request, context);
}

absl::StatusOr<v1::Opinion> Client::ReportOpinion(const v1::ReportOpinionRequest& request,
                                                  const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::ReportOpinion, request, context);
}

absl::StatusOr<v1::Opinion> Client::HideOpinion(const v1::ModerateOpinionRequest& request,
                                                const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::HideOpinion, request, context);
}

absl::StatusOr<v1::Opinion> Client::WithdrawOpinion(const v1::WithdrawOpinionRequest& request,
                                                    const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::WithdrawOpinion, request, context);
}

absl::StatusOr<v1::Opinion> Client::RestoreOpinion(const v1::ModerateOpinionRequest& request,
                                                   const CallContext& context) {
  return Call(opinions_.get(), &v1::OpinionService::Stub::RestoreOpinion, request, context);
}

absl::StatusOr<v1::ListInvitationsResponse> Client::ListInvitations(
    const v1::ListInvitationsRequest& request, const CallContext& context) {
  return Call(invitations_.get(), &v1::InvitationService::Stub::ListInvitations, request, context);
}

absl::StatusOr<v1::Invitation> Client::GetInvitation(const v1::GetInvitationRequest& request,
                                                     const CallContext& context) {
  return Call(invitations_.get(), &v1::InvitationService::Stub::GetInvitation, request, context);
}

absl::StatusOr<v1::Invitation> Client::CancelInvitation(const v1::CancelInvitationRequest& request,
                                                        const CallContext& context) {
  return Call(invitations_.get(), &v1::InvitationService::Stub::CancelInvitation, request, context);
}

absl::StatusOr<v1::Invitation> Client::ResendInvitation(const v1::ResendInvitationRequest& request,
                                                        const CallContext& context) {
  return Call(invitations_.get(), &v1::InvitationService::Stub::ResendInvitation, request, context);
}

absl::StatusOr<v1::PersonalData> Client::ExportPersonalData(
    const v1::ExportPersonalDataRequest& request, const CallContext& context) {
  return Call(privacy_.get(), &v1::PrivacyService::Stub::ExportPersonalData, request, context);
}

absl::StatusOr<v1::Erasure> Client::ErasePersonalData(const v1::ErasePersonalDataRequest& request,
                                                      const CallContext& context) {
  return Call(privacy_.get(), &v1::PrivacyService::Stub::ErasePersonalData, request, context);
}

absl::StatusOr<v1::PurgeResponse> Client::Purge(const v1::PurgeRequest& request,
                                                const CallContext& context) {
  return Call(privacy_.get(), &v1::PrivacyService::Stub::Purge, request, context);
}

absl::StatusOr<v1::PrivacyRequestInfo> Client::RequestPersonalData(
    const v1::RequestPersonalDataRequest& request, const CallContext& context) {
  return Call(privacy_requests_.get(), &v1::PrivacyRequestService::Stub::RequestPersonalData,
              request, context);
}

absl::StatusOr<v1::PrivacyRequestInfo> Client::DescribePrivacyRequest(
    const v1::PrivacyRequestToken& request, const CallContext& context) {
  return Call(privacy_requests_.get(), &v1::PrivacyRequestService::Stub::DescribePrivacyRequest,
              request, context);
}

absl::StatusOr<v1::PrivacyRequestInfo> Client::ConfirmPrivacyRequest(
    const v1::PrivacyRequestToken& request, const CallContext& context) {
  return Call(privacy_requests_.get(), &v1::PrivacyRequestService::Stub::ConfirmPrivacyRequest,
              request, context);
}

absl::Status Client::CheckHealth(const CallContext& context) {
  grpc::health::v1::HealthCheckRequest request;
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> response =
      Call(health_.get(), &grpc::health::v1::Health::Stub::Check, request, context);
  if (!response.ok()) return response.status();
  if (response->status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return absl::UnavailableError("core not serving");
  }
  return absl::OkStatus();
}

}  // namespace opinus::client
