#include "server/rpc/invitation_service.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

namespace {

constexpr char kListInvitations[] = "/opinus.v1.InvitationService/ListInvitations";
constexpr char kGetInvitation[] = "/opinus.v1.InvitationService/GetInvitation";
constexpr char kResendInvitation[] = "/opinus.v1.InvitationService/ResendInvitation";
constexpr char kCancelInvitation[] = "/opinus.v1.InvitationService/CancelInvitation";

// RequesterOf returns who makes a call that OwnerAccess let through.
Requester RequesterOf(const grpc::ServerContext& context) {
  return HasOwnerCredential(context) ? Requester::kOwner : Requester::kOperator;
}

}  // namespace

absl::Status InvitationServiceImpl::CheckInvitation(const grpc::ServerContext& context,
                                                    absl::string_view method, InvitationId id) {
  return owners_->CheckBelonging(
      context, method, absl::StrCat("invitation ", id), [&]() -> absl::StatusOr<ShopId> {
        OPINUS_ASSIGN_OR_RETURN(Invitation invitation, invitations_->GetInvitation(id));
        return invitation.shop_id;
      });
}

grpc::Status InvitationServiceImpl::ListInvitations(grpc::ServerContext* context,
                                                    const v1::ListInvitationsRequest* request,
                                                    v1::ListInvitationsResponse* response) {
  absl::StatusOr<Page<Invitation>> page = [&]() -> absl::StatusOr<Page<Invitation>> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(*context, kListInvitations, request->shop_id()));
    return invitations_->ListInvitations(
        request->shop_id(), FromProto(request->state()),
        MakePageRequest(request->page_size(), 100, 1000, request->page_token()));
  }();
  if (page.ok()) {
    for (const Invitation& invitation : page->items) {
      ToProto(invitation, response->add_invitations());
    }
    response->set_next_page_token(page->next_token);
    if (request->page_token().empty()) {
      absl::StatusOr<std::map<FeedbackKind, int64_t>> counts =
          invitations_->CountMailFeedback(request->shop_id());
      if (!counts.ok()) return Reply("ListInvitations", counts.status());
      v1::MailFeedbackCounts* feedback = response->mutable_mail_feedback();
      feedback->set_hard_bounces((*counts)[FeedbackKind::kHardBounce]);
      feedback->set_soft_bounces((*counts)[FeedbackKind::kSoftBounce]);
      feedback->set_complaints((*counts)[FeedbackKind::kComplaint]);
    }
  }
  return Reply("ListInvitations", page.status());
}

grpc::Status InvitationServiceImpl::GetInvitation(grpc::ServerContext* context,
                                                  const v1::GetInvitationRequest* request,
                                                  v1::Invitation* response) {
  absl::StatusOr<Invitation> invitation = [&]() -> absl::StatusOr<Invitation> {
    OPINUS_RETURN_IF_ERROR(CheckInvitation(*context, kGetInvitation, request->invitation_id()));
    return invitations_->GetInvitation(request->invitation_id());
  }();
  if (invitation.ok()) ToProto(*invitation, response);
  return Reply("GetInvitation", invitation.status());
}

grpc::Status InvitationServiceImpl::ResendInvitation(grpc::ServerContext* context,
                                                     const v1::ResendInvitationRequest* request,
                                                     v1::Invitation* response) {
  absl::StatusOr<Invitation> invitation = [&]() -> absl::StatusOr<Invitation> {
    OPINUS_RETURN_IF_ERROR(CheckInvitation(*context, kResendInvitation, request->invitation_id()));
    return invitations_->ResendInvitation(request->invitation_id(), RequesterOf(*context),
                                          request->reason());
  }();
  if (invitation.ok()) ToProto(*invitation, response);
  return Reply("ResendInvitation", invitation.status());
}

grpc::Status InvitationServiceImpl::CancelInvitation(grpc::ServerContext* context,
                                                     const v1::CancelInvitationRequest* request,
                                                     v1::Invitation* response) {
  absl::StatusOr<Invitation> invitation = [&]() -> absl::StatusOr<Invitation> {
    OPINUS_RETURN_IF_ERROR(CheckInvitation(*context, kCancelInvitation, request->invitation_id()));
    return invitations_->CancelInvitation(request->invitation_id(), RequesterOf(*context),
                                          request->reason());
  }();
  if (invitation.ok()) ToProto(*invitation, response);
  return Reply("CancelInvitation", invitation.status());
}

}  // namespace opinus::server::rpc
