// AccountServiceImpl: the opinus.v1.AccountService RPCs over AccountManager.
#ifndef OPINUS_SERVER_RPC_ACCOUNT_SERVICE_H_
#define OPINUS_SERVER_RPC_ACCOUNT_SERVICE_H_

#include "opinus/v1/account.grpc.pb.h"
#include "server/managers/account_manager.h"
#include "server/rpc/owner_access.h"

namespace opinus::server::rpc {

// AccountServiceImpl translates requests and replies; the calls about the
// current owner take the credential through `owners`. It owns neither.
class AccountServiceImpl final : public opinus::v1::AccountService::Service {
 public:
  AccountServiceImpl(AccountManager* accounts, OwnerAccess* owners)
      : accounts_(accounts), owners_(owners) {}

  grpc::Status SignUp(grpc::ServerContext* context, const opinus::v1::SignUpRequest* request,
                      opinus::v1::Session* response) override;
  grpc::Status LogIn(grpc::ServerContext* context, const opinus::v1::LogInRequest* request,
                     opinus::v1::Session* response) override;
  grpc::Status LogOut(grpc::ServerContext* context, const opinus::v1::LogOutRequest* request,
                      opinus::v1::LogOutResponse* response) override;
  grpc::Status GetCurrentOwner(grpc::ServerContext* context,
                               const opinus::v1::GetCurrentOwnerRequest* request,
                               opinus::v1::CurrentOwner* response) override;
  grpc::Status CreateAccessToken(grpc::ServerContext* context,
                                 const opinus::v1::CreateAccessTokenRequest* request,
                                 opinus::v1::AccessTokenGrant* response) override;
  grpc::Status ListAccessTokens(grpc::ServerContext* context,
                                const opinus::v1::ListAccessTokensRequest* request,
                                opinus::v1::ListAccessTokensResponse* response) override;
  grpc::Status RevokeAccessToken(grpc::ServerContext* context,
                                 const opinus::v1::RevokeAccessTokenRequest* request,
                                 opinus::v1::RevokeAccessTokenResponse* response) override;
  grpc::Status ConfirmEmail(grpc::ServerContext* context,
                            const opinus::v1::ConfirmEmailRequest* request,
                            opinus::v1::ConfirmEmailResponse* response) override;
  grpc::Status ResendEmailConfirmation(
      grpc::ServerContext* context, const opinus::v1::ResendEmailConfirmationRequest* request,
      opinus::v1::ResendEmailConfirmationResponse* response) override;
  grpc::Status DeleteAccount(grpc::ServerContext* context,
                             const opinus::v1::DeleteAccountRequest* request,
                             opinus::v1::DeleteAccountResponse* response) override;

 private:
  AccountManager* accounts_;
  OwnerAccess* owners_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_ACCOUNT_SERVICE_H_
