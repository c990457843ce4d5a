#include "gateway/panel/account_pages.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/bearer_token.h"
#include "common/field_violation.h"
#include "gateway/http/form_body.h"
#include "gateway/owner/session_cookie.h"
#include "gateway/panel/claim_page.h"
#include "gateway/panel/panel_messages.h"
#include "gateway/panel/panel_page.h"
#include "gateway/panel/panel_views.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;
using ::opinus::client::CallContext;

constexpr int kUnprocessable = 422;

// SignedIn answers a new session: the cookie, and on to `location`.
HttpReply SignedIn(const v1::Session& session, bool secure, std::string location,
                   std::string outcome) {
  HttpReply reply = Redirect(std::move(location), std::move(outcome));
  reply.set_cookie =
      SessionCookie(session.session_token(), absl::FromUnixSeconds(session.expire_time().seconds()),
                    absl::Now(), secure);
  return reply;
}

// ClaimToken returns the claim link's token that sign-up and log-in carry
// through (the query of the form's page, the form's hidden field), so that
// the owner lands back on the link; "" when none, or not a token.
std::string ClaimToken(const OwnerRequest& request) {
  std::string token = FieldValue(request.form, "claim");
  if (token.empty()) token = FieldValue(request.query, "claim");
  return IsClaimToken(token) ? token : "";
}

// ClaimValues returns the forms' values that carry the claim token along.
std::map<std::string, std::string> ClaimValues(const OwnerRequest& request) {
  const std::string token = ClaimToken(request);
  return {{"claim", token}, {"claim_query", token.empty() ? "" : "?claim=" + token}};
}

// AfterSignIn returns where a new session goes: back to the claim link when
// one was carried, else `location`.
std::string AfterSignIn(const OwnerRequest& request, std::string location) {
  const std::string token = ClaimToken(request);
  return token.empty() ? location : "/panel/claim/" + token;
}

}  // namespace

HttpReply AccountPages::SignUpForm(int status, const OwnerRequest& request,
                                   absl::string_view email_error, absl::string_view password_error,
                                   std::string outcome) {
  std::map<std::string, std::string> values = ClaimValues(request);
  values.insert({{"email", FieldValue(request.form, "email")},
                 {"email_error", FieldError("email", email_error)},
                 {"password_error", FieldError("password", password_error)}});
  return PanelPage(status, request.language, MessagesFor(request.language).sign_up_title, "signup",
                   values, false, std::move(outcome));
}

HttpReply AccountPages::LogInForm(int status, const OwnerRequest& request, absl::string_view error,
                                  std::string outcome) {
  std::map<std::string, std::string> values = ClaimValues(request);
  values.insert(
      {{"email", FieldValue(request.form, "email")}, {"error", FieldError("login", error)}});
  return PanelPage(status, request.language, MessagesFor(request.language).log_in_title, "login",
                   values, false, std::move(outcome));
}

HttpReply AccountPages::ShowSignUp(const OwnerRequest& request) {
  return SignUpForm(200, request, "", "", "form");
}

HttpReply AccountPages::SignUp(const OwnerRequest& request) {
  v1::SignUpRequest sign_up;
  sign_up.set_email(FieldValue(request.form, "email"));
  sign_up.set_password(FieldValue(request.form, "password"));
  sign_up.set_client_address(request.client_address);
  absl::StatusOr<v1::Session> session = core_->SignUp(sign_up, AnonymousCallContext(request));
  if (session.ok()) {
    // The shops page says when the confirmation mail could not be sent.
    return SignedIn(
        *session, secure_cookies_,
        AfterSignIn(request, session->confirmation_mailed() ? "/panel" : "/panel?confirm=failed"),
        "signed_up");
  }
  if (absl::IsAlreadyExists(session.status())) {
    return SignUpForm(409, request, MessagesFor(request.language).email_taken, "", "email_taken");
  }
  if (absl::IsInvalidArgument(session.status())) {
    const std::string field = ViolatedField(session.status());
    if (field == "password") {
      return SignUpForm(kUnprocessable, request, "", MessagesFor(request.language).password_length,
                        "invalid");
    }
    return SignUpForm(kUnprocessable, request, MessagesFor(request.language).email_invalid, "",
                      "invalid");
  }
  return PanelErrorPage(session.status(), request.language, secure_cookies_);
}

HttpReply AccountPages::ShowLogIn(const OwnerRequest& request) {
  return LogInForm(200, request, "", "form");
}

HttpReply AccountPages::LogIn(const OwnerRequest& request) {
  v1::LogInRequest log_in;
  log_in.set_email(FieldValue(request.form, "email"));
  log_in.set_password(FieldValue(request.form, "password"));
  log_in.set_client_address(request.client_address);
  absl::StatusOr<v1::Session> session = core_->LogIn(log_in, AnonymousCallContext(request));
  if (session.ok()) {
    // The shops page says that this log-in undid the account's deletion.
    if (session->has_cancelled_deletion_time()) {
      return SignedIn(*session, secure_cookies_, "/panel?deletion=cancelled", "deletion_cancelled");
    }
    return SignedIn(*session, secure_cookies_, AfterSignIn(request, "/panel"), "logged_in");
  }
  if (absl::IsUnauthenticated(session.status()) || absl::IsInvalidArgument(session.status())) {
    HttpReply reply = LogInForm(401, request, MessagesFor(request.language).wrong_credentials,
                                "wrong_credentials");
    reply.detail = std::string(session.status().message());
    return reply;
  }
  return PanelErrorPage(session.status(), request.language, secure_cookies_);
}

HttpReply AccountPages::ShowLogOut(const OwnerRequest& request) {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  const CallContext call = OwnerCallContext(request);
  absl::StatusOr<v1::CurrentOwner> current =
      core_->GetCurrentOwner(v1::GetCurrentOwnerRequest(), call);
  if (!current.ok()) return PanelErrorPage(current.status(), request.language, secure_cookies_);
  return PanelPage(200, request.language, MessagesFor(request.language).log_out_title, "logout",
                   {{"csrf", current->csrf_token()}, {"email", current->owner().email()}}, true,
                   "form");
}

HttpReply AccountPages::LogOut(const OwnerRequest& request) {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  const CallContext call = OwnerCallContext(request);
  const absl::Status status = core_->LogOut(v1::LogOutRequest(), call);
  // A session that had ended already is as good as ended now.
  if (!status.ok() && !absl::IsUnauthenticated(status)) {
    return PanelErrorPage(status, request.language, secure_cookies_);
  }
  HttpReply reply = Redirect("/panel/login", "logged_out");
  reply.set_cookie = ClearedSessionCookie(secure_cookies_);
  return reply;
}

HttpReply AccountPages::ConfirmEmail(const OwnerRequest& request, absl::string_view token) {
  const bool signed_in = !request.session_token.empty();
  absl::StatusOr<v1::Owner> owner = absl::NotFoundError("confirmation link not well formed");
  // Checked here: the token becomes a proto string, and a link from a mail is
  // never anything but base64url.
  if (IsWellFormedToken(token)) {
    v1::ConfirmEmailRequest confirm;
    confirm.set_token(std::string(token));
    owner = core_->ConfirmEmail(confirm, AnonymousCallContext(request));
  }
  if (owner.ok()) {
    return PanelPage(200, request.language, MessagesFor(request.language).email_confirmed_title,
                     "confirmed", {{"email", owner->email()}}, signed_in, "email_confirmed");
  }
  if (absl::IsNotFound(owner.status())) {
    return PanelPage(404, request.language,
                     MessagesFor(request.language).confirm_link_unknown_title, "confirm_unknown",
                     {}, signed_in, "unknown_link");
  }
  return PanelErrorPage(owner.status(), request.language, secure_cookies_);
}

HttpReply AccountPages::ResendConfirmation(const OwnerRequest& request) {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  const absl::Status status = core_->ResendEmailConfirmation(v1::ResendEmailConfirmationRequest(),
                                                             OwnerCallContext(request));
  if (status.ok()) return Redirect("/panel?confirm=sent", "confirmation_sent");
  if (absl::IsFailedPrecondition(status)) return Redirect("/panel", "confirmed_already");
  if (absl::IsUnavailable(status)) return Redirect("/panel?confirm=failed", "confirmation_failed");
  return PanelErrorPage(status, request.language, secure_cookies_);
}

HttpReply AccountPages::SetLanguage(absl::string_view language) {
  HttpReply reply = Redirect("/panel", "language");
  reply.set_cookie = LanguageCookie(language, secure_cookies_);
  return reply;
}

HttpReply AccountPages::ShowTokens(const OwnerRequest& request) {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  const CallContext call = OwnerCallContext(request);
  absl::StatusOr<v1::CurrentOwner> current =
      core_->GetCurrentOwner(v1::GetCurrentOwnerRequest(), call);
  if (!current.ok()) return PanelErrorPage(current.status(), request.language, secure_cookies_);
  absl::StatusOr<v1::ListAccessTokensResponse> tokens =
      core_->ListAccessTokens(v1::ListAccessTokensRequest(), call);
  if (!tokens.ok()) return PanelErrorPage(tokens.status(), request.language, secure_cookies_);
  // Tokens belong to no shop: their times are in the shops' default zone.
  const PageTimeZone zone = PanelTimeZone(kDefaultPanelTimeZone);
  return PanelPage(200, request.language, MessagesFor(request.language).tokens_title, "tokens",
                   {{"csrf", current->csrf_token()},
                    {"time_zone", zone.name},
                    {"token_rows", TokenRows(tokens->tokens(), current->csrf_token(),
                                             request.language, zone.zone)},
                    {"empty", tokens->tokens().empty() ? "" : "hidden"}},
                   true, "ok");
}

HttpReply AccountPages::CreateToken(const OwnerRequest& request) {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  v1::CreateAccessTokenRequest create;
  create.set_name(FieldValue(request.form, "name"));
  int32_t days = 0;
  if (absl::SimpleAtoi(FieldValue(request.form, "lifetime_days"), &days))
    create.set_lifetime_days(days);
  const CallContext call = OwnerCallContext(request);
  absl::StatusOr<v1::AccessTokenGrant> grant = core_->CreateAccessToken(create, call);
  if (absl::IsInvalidArgument(grant.status())) {
    return PanelPage(kUnprocessable, request.language, MessagesFor(request.language).tokens_title,
                     "token_invalid", {{"message", std::string(grant.status().message())}}, true,
                     "invalid");
  }
  if (!grant.ok()) return PanelErrorPage(grant.status(), request.language, secure_cookies_);
  const PageTimeZone zone = PanelTimeZone(kDefaultPanelTimeZone);
  return PanelPage(
      200, request.language, MessagesFor(request.language).tokens_title, "token_created",
      {{"name", grant->token().name()},
       {"secret", grant->secret()},
       {"time_zone", zone.name},
       {"expire_time", FormatDateTime(grant->token().expire_time(), request.language, zone.zone)}},
      true, "token_created");
}

HttpReply AccountPages::RevokeToken(const OwnerRequest& request, absl::string_view token_id) {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  int64_t id = 0;
  if (!absl::SimpleAtoi(token_id, &id) || id <= 0) {
    return PanelErrorPage(absl::NotFoundError("no such token"), request.language, secure_cookies_);
  }
  v1::RevokeAccessTokenRequest revoke;
  revoke.set_token_id(id);
  const CallContext call = OwnerCallContext(request);
  const absl::Status status = core_->RevokeAccessToken(revoke, call);
  if (!status.ok()) return PanelErrorPage(status, request.language, secure_cookies_);
  return Redirect("/panel/tokens", "token_revoked");
}

HttpReply AccountPages::AccountForm(int status, const OwnerRequest& request,
                                    absl::string_view password_error, std::string outcome) {
  absl::StatusOr<v1::CurrentOwner> current =
      core_->GetCurrentOwner(v1::GetCurrentOwnerRequest(), OwnerCallContext(request));
  if (!current.ok()) return PanelErrorPage(current.status(), request.language, secure_cookies_);
  return PanelPage(status, request.language, MessagesFor(request.language).account_title, "account",
                   {{"csrf", current->csrf_token()},
                    {"email", current->owner().email()},
                    {"password_error", FieldError("password", password_error)}},
                   true, std::move(outcome));
}

HttpReply AccountPages::ShowAccount(const OwnerRequest& request) {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  return AccountForm(200, request, "", "ok");
}

HttpReply AccountPages::DeleteAccount(const OwnerRequest& request) {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  v1::DeleteAccountRequest remove;
  remove.set_password(FieldValue(request.form, "password"));
  absl::StatusOr<v1::DeleteAccountResponse> deleted =
      core_->DeleteAccount(remove, OwnerCallContext(request));
  if (absl::IsInvalidArgument(deleted.status())) {
    return AccountForm(kUnprocessable, request, MessagesFor(request.language).wrong_password,
                       "wrong_password");
  }
  if (!deleted.ok()) return PanelErrorPage(deleted.status(), request.language, secure_cookies_);
  // The core ended the session; the cookie goes too.
  const PageTimeZone zone = PanelTimeZone(kDefaultPanelTimeZone);
  HttpReply reply = PanelPage(
      200, request.language, MessagesFor(request.language).account_deleted_title, "account_deleted",
      {{"delete_time", FormatDateTime(deleted->delete_time(), request.language, zone.zone)},
       {"time_zone", zone.name}},
      false, "deletion_scheduled");
  reply.set_cookie = ClearedSessionCookie(secure_cookies_);
  return reply;
}

}  // namespace opinus::gateway
