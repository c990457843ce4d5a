#include "server/rpc/invitation_service.h"

#include "server/domain/paging.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

grpc::Status InvitationServiceImpl::ListInvitations(grpc::ServerContext*,
                                                    const v1::ListInvitationsRequest* request,
                                                    v1::ListInvitationsResponse* response) {
  absl::StatusOr<Page<Invitation>> page = invitations_->ListInvitations(
      request->shop_id(), FromProto(request->state()),
      MakePageRequest(request->page_size(), 100, 1000, request->page_token()));
  if (page.ok()) {
    for (const Invitation& invitation : page->items) {
      ToProto(invitation, response->add_invitations());
    }
    response->set_next_page_token(page->next_token);
  }
  return Reply("ListInvitations", page.status());
}

grpc::Status InvitationServiceImpl::GetInvitation(grpc::ServerContext*,
                                                  const v1::GetInvitationRequest* request,
                                                  v1::Invitation* response) {
  absl::StatusOr<Invitation> invitation = invitations_->GetInvitation(request->invitation_id());
  if (invitation.ok()) ToProto(*invitation, response);
  return Reply("GetInvitation", invitation.status());
}

grpc::Status InvitationServiceImpl::ResendInvitation(grpc::ServerContext*,
                                                     const v1::ResendInvitationRequest* request,
                                                     v1::Invitation* response) {
  absl::StatusOr<Invitation> invitation =
      invitations_->ResendInvitation(request->invitation_id(), request->reason());
  if (invitation.ok()) ToProto(*invitation, response);
  return Reply("ResendInvitation", invitation.status());
}

grpc::Status InvitationServiceImpl::CancelInvitation(grpc::ServerContext*,
                                                     const v1::CancelInvitationRequest* request,
                                                     v1::Invitation* response) {
  absl::StatusOr<Invitation> invitation =
      invitations_->CancelInvitation(request->invitation_id(), request->reason());
  if (invitation.ok()) ToProto(*invitation, response);
  return Reply("CancelInvitation", invitation.status());
}

}  // namespace opinus::server::rpc
