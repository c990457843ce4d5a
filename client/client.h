// opinus::client::Client: a typed, blocking client of the core's gRPC services.
#ifndef OPINUS_CLIENT_CLIENT_H_
#define OPINUS_CLIENT_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/call_context.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "opinus/v1/account.grpc.pb.h"
#include "opinus/v1/appstore.grpc.pb.h"
#include "opinus/v1/backfill.grpc.pb.h"
#include "opinus/v1/invitation.grpc.pb.h"
#include "opinus/v1/opinion.grpc.pb.h"
#include "opinus/v1/order_event.grpc.pb.h"
#include "opinus/v1/privacy.grpc.pb.h"
#include "opinus/v1/shop.grpc.pb.h"
#include "opinus/v1/suppression.grpc.pb.h"

namespace opinus::client {

// ClientOptions says where the core is, how long a call may take, and how
// the client proves who it is.
struct ClientOptions {
  // gRPC target, e.g. "127.0.0.1:50051".
  std::string target = "127.0.0.1:50051";
  // Deadline of every call, from its start.
  absl::Duration timeout = absl::Seconds(5);
  // Bearer token sent with every call (see ReadTokenFile); empty: none.
  std::string token;
  // PEM of the certificate authority to trust; when set, the channel uses TLS.
  std::string tls_ca_pem;
};

// Client calls the core. Each method returns the response, or the call's
// status as an absl::Status (UNAVAILABLE when the core cannot be reached,
// DEADLINE_EXCEEDED when it did not answer in time). Every call carries what
// its `context` holds (CallContext: the request id, the owner credential); the
// CLI passes none. A call whose metadata would not be well formed (see
// IsWellFormedToken, IsValidRequestId) fails with INVALID_ARGUMENT before it
// leaves, as gRPC would abort the process. Thread-safe: one Client may be
// shared by any number of threads; it owns one channel.
class Client {
 public:
  explicit Client(const ClientOptions& options);
  // Client uses `channel`, e.g. one made in-process by a test, and sends
  // `token` with every call unless it is empty.
  Client(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout, std::string token = "");

  absl::StatusOr<opinus::v1::Session> SignUp(const opinus::v1::SignUpRequest& request,
                                             const CallContext& context = {});
  absl::StatusOr<opinus::v1::Session> LogIn(const opinus::v1::LogInRequest& request,
                                            const CallContext& context = {});
  absl::Status LogOut(const opinus::v1::LogOutRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::CurrentOwner> GetCurrentOwner(
      const opinus::v1::GetCurrentOwnerRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::AccessTokenGrant> CreateAccessToken(
      const opinus::v1::CreateAccessTokenRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::ListAccessTokensResponse> ListAccessTokens(
      const opinus::v1::ListAccessTokensRequest& request, const CallContext& context = {});
  absl::Status RevokeAccessToken(const opinus::v1::RevokeAccessTokenRequest& request,
                                 const CallContext& context = {});
  absl::StatusOr<opinus::v1::Owner> ConfirmEmail(const opinus::v1::ConfirmEmailRequest& request,
                                                 const CallContext& context = {});
  absl::Status ResendEmailConfirmation(const opinus::v1::ResendEmailConfirmationRequest& request,
                                       const CallContext& context = {});
  absl::StatusOr<opinus::v1::DeleteAccountResponse> DeleteAccount(
      const opinus::v1::DeleteAccountRequest& request, const CallContext& context = {});

  absl::StatusOr<opinus::v1::Shop> CreateShop(const opinus::v1::CreateShopRequest& request,
                                              const CallContext& context = {});
  absl::StatusOr<opinus::v1::Shop> GetShop(const opinus::v1::GetShopRequest& request,
                                           const CallContext& context = {});
  absl::StatusOr<opinus::v1::ListShopsResponse> ListShops(
      const opinus::v1::ListShopsRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Shop> RotateShopKey(const opinus::v1::RotateShopKeyRequest& request,
                                                 const CallContext& context = {});
  absl::StatusOr<opinus::v1::Shop> ApproveShop(const opinus::v1::ApproveShopRequest& request,
                                               const CallContext& context = {});
  absl::StatusOr<opinus::v1::Shop> EndKeyRotationGrace(
      const opinus::v1::EndKeyRotationGraceRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::ShopSettings> GetShopSettings(
      const opinus::v1::GetShopSettingsRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::ShopSettings> UpdateShopSettings(
      const opinus::v1::UpdateShopSettingsRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::ShopDashboard> GetShopDashboard(
      const opinus::v1::GetShopDashboardRequest& request, const CallContext& context = {});

  absl::StatusOr<opinus::v1::RecordOrderEventResponse> RecordOrderEvent(
      const opinus::v1::RecordOrderEventRequest& request, const CallContext& context = {});
  // RecordOrderEventAsync sends the call and returns without waiting for it:
  // no thread is parked while the core works, so a server may have as many
  // webhooks in flight as it admits. `done` gets what RecordOrderEvent would
  // return, exactly once: on a gRPC thread, or on this one when the call
  // cannot leave. It must not block, as it shares gRPC's threads with other
  // calls' completions.
  using RecordOrderEventDone =
      absl::AnyInvocable<void(absl::StatusOr<opinus::v1::RecordOrderEventResponse>) &&>;
  void RecordOrderEventAsync(opinus::v1::RecordOrderEventRequest request,
                             const CallContext& context, RecordOrderEventDone done);
  absl::StatusOr<opinus::v1::ListOrderEventsResponse> ListOrderEvents(
      const opinus::v1::ListOrderEventsRequest& request, const CallContext& context = {});

  absl::StatusOr<opinus::v1::ListInvitationsResponse> ListInvitations(
      const opinus::v1::ListInvitationsRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Invitation> GetInvitation(
      const opinus::v1::GetInvitationRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Invitation> CancelInvitation(
      const opinus::v1::CancelInvitationRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Invitation> ResendInvitation(
      const opinus::v1::ResendInvitationRequest& request, const CallContext& context = {});

  absl::StatusOr<opinus::v1::UnsubscribeInfo> DescribeUnsubscribe(
      const opinus::v1::DescribeUnsubscribeRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::UnsubscribeInfo> Unsubscribe(
      const opinus::v1::UnsubscribeRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::ListSuppressionsResponse> ListSuppressions(
      const opinus::v1::ListSuppressionsRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Suppression> AddSuppression(
      const opinus::v1::AddSuppressionRequest& request, const CallContext& context = {});
  absl::Status RemoveSuppression(const opinus::v1::RemoveSuppressionRequest& request,
                                 const CallContext& context = {});

  absl::StatusOr<opinus::v1::OpinionForm> GetOpinionForm(
      const opinus::v1::GetOpinionFormRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::SubmitOpinionResponse> SubmitOpinion(
      const opinus::v1::SubmitOpinionRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::ListOpinionsResponse> ListOpinions(
      const opinus::v1::ListOpinionsRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::RatingSummary> GetRatingSummary(
      const opinus::v1::GetRatingSummaryRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Opinion> ReplyToOpinion(
      const opinus::v1::ReplyToOpinionRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Opinion> ReportOpinion(const opinus::v1::ReportOpinionRequest& request,
                                                    const CallContext& context = {});
  absl::StatusOr<opinus::v1::Opinion> HideOpinion(const opinus::v1::ModerateOpinionRequest& request,
                                                  const CallContext& context = {});
  absl::StatusOr<opinus::v1::Opinion> WithdrawOpinion(
      const opinus::v1::WithdrawOpinionRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Opinion> RestoreOpinion(
      const opinus::v1::ModerateOpinionRequest& request, const CallContext& context = {});

  absl::StatusOr<opinus::v1::PersonalData> ExportPersonalData(
      const opinus::v1::ExportPersonalDataRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::Erasure> ErasePersonalData(
      const opinus::v1::ErasePersonalDataRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::PurgeResponse> Purge(const opinus::v1::PurgeRequest& request,
                                                  const CallContext& context = {});

  absl::StatusOr<opinus::v1::PrivacyRequestInfo> RequestPersonalData(
      const opinus::v1::RequestPersonalDataRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::PrivacyRequestInfo> DescribePrivacyRequest(
      const opinus::v1::PrivacyRequestToken& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::PrivacyRequestInfo> ConfirmPrivacyRequest(
      const opinus::v1::PrivacyRequestToken& request, const CallContext& context = {});

  absl::StatusOr<opinus::v1::AppInstallation> RecordAppStoreCallback(
      const opinus::v1::AppStoreCallbackRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::ListInstallationsResponse> ListInstallations(
      const opinus::v1::ListInstallationsRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::AdminPage> GetAdminPage(const opinus::v1::AdminPageRequest& request,
                                                     const CallContext& context = {});
  absl::StatusOr<opinus::v1::ClaimLink> DescribeClaimLink(
      const opinus::v1::ClaimLinkRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::ClaimLink> ClaimShop(const opinus::v1::ClaimLinkRequest& request,
                                                  const CallContext& context = {});

  absl::StatusOr<opinus::v1::OrderBackfillPreview> GetOrderBackfillPreview(
      const opinus::v1::GetOrderBackfillPreviewRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::OrderBackfill> StartOrderBackfill(
      const opinus::v1::StartOrderBackfillRequest& request, const CallContext& context = {});
  absl::StatusOr<opinus::v1::OrderBackfill> GetOrderBackfill(
      const opinus::v1::GetOrderBackfillRequest& request, const CallContext& context = {});

  // CheckHealth asks the core's standard health service about the whole
  // server: OK when SERVING, UNAVAILABLE when not (or unreachable).
  absl::Status CheckHealth(const CallContext& context = {});

 private:
  // Prepare sets the deadline, the token and what `call` holds on `context`;
  // INVALID_ARGUMENT when a value is not well formed (see CheckMetadata).
  absl::Status Prepare(const CallContext& call, grpc::ClientContext* context) const;
  // Call runs one unary RPC `method` of `stub`, prepared as above.
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(Stub* stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const Request& request, const CallContext& context);

  std::shared_ptr<grpc::Channel> channel_;
  absl::Duration timeout_;
  std::string token_;
  std::string authorization_;
  std::unique_ptr<opinus::v1::AccountService::Stub> accounts_;
  std::unique_ptr<opinus::v1::ShopService::Stub> shops_;
  std::unique_ptr<opinus::v1::OrderEventService::Stub> order_events_;
  std::unique_ptr<opinus::v1::InvitationService::Stub> invitations_;
  std::unique_ptr<opinus::v1::SuppressionService::Stub> suppressions_;
  std::unique_ptr<opinus::v1::OpinionService::Stub> opinions_;
  std::unique_ptr<opinus::v1::PrivacyService::Stub> privacy_;
  std::unique_ptr<opinus::v1::PrivacyRequestService::Stub> privacy_requests_;
  std::unique_ptr<opinus::v1::AppStoreService::Stub> appstore_;
  std::unique_ptr<opinus::v1::BackfillService::Stub> backfills_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

}  // namespace opinus::client

#endif  // OPINUS_CLIENT_CLIENT_H_
