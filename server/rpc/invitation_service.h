// InvitationServiceImpl: the opinus.v1.InvitationService RPCs over
// InvitationManager.
#ifndef OPINUS_SERVER_RPC_INVITATION_SERVICE_H_
#define OPINUS_SERVER_RPC_INVITATION_SERVICE_H_

#include "opinus/v1/invitation.grpc.pb.h"
#include "server/managers/invitation_manager.h"
#include "server/rpc/owner_access.h"

namespace opinus::server::rpc {

// InvitationServiceImpl translates requests and replies; for a call acting for
// an owner it reaches the invitations of the owner's shops only. It does not
// own `invitations` or `owners`.
class InvitationServiceImpl final : public opinus::v1::InvitationService::Service {
 public:
  InvitationServiceImpl(InvitationManager* invitations, OwnerAccess* owners)
      : invitations_(invitations), owners_(owners) {}

  grpc::Status ListInvitations(grpc::ServerContext* context,
                               const opinus::v1::ListInvitationsRequest* request,
                               opinus::v1::ListInvitationsResponse* response) override;
  grpc::Status GetInvitation(grpc::ServerContext* context,
                             const opinus::v1::GetInvitationRequest* request,
                             opinus::v1::Invitation* response) override;
  grpc::Status ResendInvitation(grpc::ServerContext* context,
                                const opinus::v1::ResendInvitationRequest* request,
                                opinus::v1::Invitation* response) override;
  grpc::Status CancelInvitation(grpc::ServerContext* context,
                                const opinus::v1::CancelInvitationRequest* request,
                                opinus::v1::Invitation* response) override;

 private:
  // CheckInvitation is OwnerAccess::CheckBelonging for invitation `id`.
  absl::Status CheckInvitation(const grpc::ServerContext& context, absl::string_view method,
                               InvitationId id);

  InvitationManager* invitations_;
  OwnerAccess* owners_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_INVITATION_SERVICE_H_
