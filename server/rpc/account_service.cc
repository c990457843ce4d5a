#include "server/rpc/account_service.h"

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

// Every AccountService row of the policy but DeleteAccount's (kOwnerWrite)
// is kWrite, which keeps these calls the gateway's; which of them change something is said here:
// GetCurrentOwner and ListAccessTokens read only, and need no CSRF token (the panel learns the
// token from GetCurrentOwner).

grpc::Status AccountServiceImpl::SignUp(grpc::ServerContext*, const v1::SignUpRequest* request,
                                        v1::Session* response) {
  absl::StatusOr<NewSession> session =
      accounts_->SignUp(request->email(), request->password(), request->client_address());
  if (session.ok()) {
    ToProto(*session, response);
    if (!session->confirmation_mail.ok()) {
      Log(LogLevel::kWarning, "confirmation_mail_failed",
          {{"owner", absl::StrCat(session->owner.id)},
           {"error", std::string(session->confirmation_mail.message())}});
    }
  }
  return Reply("SignUp", session.status());
}

grpc::Status AccountServiceImpl::LogIn(grpc::ServerContext*, const v1::LogInRequest* request,
                                       v1::Session* response) {
  absl::StatusOr<NewSession> session =
      accounts_->LogIn(request->email(), request->password(), request->client_address());
  if (session.ok()) ToProto(*session, response);
  return Reply("LogIn", session.status());
}

grpc::Status AccountServiceImpl::LogOut(grpc::ServerContext* context, const v1::LogOutRequest*,
                                        v1::LogOutResponse*) {
  absl::Status status = [&]() -> absl::Status {
    OPINUS_ASSIGN_OR_RETURN(CallCredential call, CredentialOf(*context));
    return accounts_->LogOut(call.credential, call.csrf_token);
  }();
  return Reply("LogOut", status);
}

grpc::Status AccountServiceImpl::GetCurrentOwner(grpc::ServerContext* context,
                                                 const v1::GetCurrentOwnerRequest*,
                                                 v1::CurrentOwner* response) {
  absl::StatusOr<ActingOwner> owner = owners_->RequireOwner(*context, /*changes=*/false);
  if (owner.ok()) {
    ToProto(owner->owner, response->mutable_owner());
    response->set_csrf_token(owner->csrf_token);
    ToProto(owner->expire_time, response->mutable_expire_time());
  }
  return Reply("GetCurrentOwner", owner.status());
}

grpc::Status AccountServiceImpl::CreateAccessToken(grpc::ServerContext* context,
                                                   const v1::CreateAccessTokenRequest* request,
                                                   v1::AccessTokenGrant* response) {
  absl::StatusOr<AccessTokenGrant> grant = [&]() -> absl::StatusOr<AccessTokenGrant> {
    OPINUS_ASSIGN_OR_RETURN(ActingOwner owner, owners_->RequireOwner(*context, /*changes=*/true));
    return accounts_->CreateAccessToken(owner, request->name(), request->lifetime_days());
  }();
  if (grant.ok()) {
    ToProto(grant->token, response->mutable_token());
    response->set_secret(grant->secret);
  }
  return Reply("CreateAccessToken", grant.status());
}

grpc::Status AccountServiceImpl::ListAccessTokens(grpc::ServerContext* context,
                                                  const v1::ListAccessTokensRequest*,
                                                  v1::ListAccessTokensResponse* response) {
  absl::StatusOr<std::vector<AccessToken>> tokens =
      [&]() -> absl::StatusOr<std::vector<AccessToken>> {
    OPINUS_ASSIGN_OR_RETURN(ActingOwner owner, owners_->RequireOwner(*context, /*changes=*/false));
    return accounts_->ListAccessTokens(owner.owner.id);
  }();
  if (tokens.ok()) {
    for (const AccessToken& token : *tokens) ToProto(token, response->add_tokens());
  }
  return Reply("ListAccessTokens", tokens.status());
}

grpc::Status AccountServiceImpl::RevokeAccessToken(grpc::ServerContext* context,
                                                   const v1::RevokeAccessTokenRequest* request,
                                                   v1::RevokeAccessTokenResponse*) {
  absl::Status status = [&]() -> absl::Status {
    OPINUS_ASSIGN_OR_RETURN(ActingOwner owner, owners_->RequireOwner(*context, /*changes=*/true));
    return accounts_->RevokeAccessToken(owner, request->token_id());
  }();
  return Reply("RevokeAccessToken", status);
}

grpc::Status AccountServiceImpl::ConfirmEmail(grpc::ServerContext*,
                                              const v1::ConfirmEmailRequest* request,
                                              v1::ConfirmEmailResponse* response) {
  absl::StatusOr<Owner> owner = accounts_->ConfirmEmail(request->token());
  if (owner.ok()) ToProto(*owner, response->mutable_owner());
  return Reply("ConfirmEmail", owner.status());
}

grpc::Status AccountServiceImpl::ResendEmailConfirmation(grpc::ServerContext* context,
                                                         const v1::ResendEmailConfirmationRequest*,
                                                         v1::ResendEmailConfirmationResponse*) {
  absl::Status status = [&]() -> absl::Status {
    OPINUS_ASSIGN_OR_RETURN(ActingOwner owner, owners_->RequireOwner(*context, /*changes=*/true));
    return accounts_->ResendEmailConfirmation(owner);
  }();
  return Reply("ResendEmailConfirmation", status);
}

grpc::Status AccountServiceImpl::DeleteAccount(grpc::ServerContext* context,
                                               const v1::DeleteAccountRequest* request,
                                               v1::DeleteAccountResponse* response) {
  absl::StatusOr<absl::Time> due = [&]() -> absl::StatusOr<absl::Time> {
    OPINUS_ASSIGN_OR_RETURN(ActingOwner owner, owners_->RequireOwner(*context, /*changes=*/true));
    return accounts_->DeleteAccount(owner, request->password());
  }();
  if (due.ok()) ToProto(*due, response->mutable_delete_time());
  return Reply("DeleteAccount", due.status());
}

}  // namespace opinus::server::rpc
