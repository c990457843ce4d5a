// InvitationServiceImpl: the opinus.v1.InvitationService RPCs over
// InvitationManager.
#ifndef OPINUS_SERVER_RPC_INVITATION_SERVICE_H_
#define OPINUS_SERVER_RPC_INVITATION_SERVICE_H_

#include "opinus/v1/invitation.grpc.pb.h"
#include "server/domain/invitation_manager.h"

namespace opinus::server::rpc {

// InvitationServiceImpl translates requests and replies; it does not own `invitations`.
class InvitationServiceImpl final : public opinus::v1::InvitationService::Service {
 public:
  explicit InvitationServiceImpl(InvitationManager* invitations) : invitations_(invitations) {}

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
  InvitationManager* invitations_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_INVITATION_SERVICE_H_
