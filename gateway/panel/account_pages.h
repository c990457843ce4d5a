// AccountPages: the owner's panel pages about the account: sign up, log in,
// log out, the panel's language, personal access tokens for the API, and
// deleting the account.
#ifndef OPINUS_GATEWAY_PANEL_ACCOUNT_PAGES_H_
#define OPINUS_GATEWAY_PANEL_ACCOUNT_PAGES_H_

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"
#include "gateway/owner/owner_request.h"

namespace opinus::gateway {

// AccountPages answers each form with one AccountService call, and each page
// with at most two (GetCurrentOwner for the CSRF token of its forms, and the
// list it shows). Does not own `core`. Thread-safe.
class AccountPages {
 public:
  // `secure_cookies`: the cookies get the Secure attribute.
  AccountPages(opinus::client::Client* core, bool secure_cookies)
      : core_(core), secure_cookies_(secure_cookies) {}

  // GET and POST /panel/signup: the form; a new account and its session
  // (cookie set, on to the shops), or the form again with the message next
  // to its field and the e-mail kept.
  HttpReply ShowSignUp(const OwnerRequest& request);
  HttpReply SignUp(const OwnerRequest& request);

  // GET and POST /panel/login.
  HttpReply ShowLogIn(const OwnerRequest& request);
  HttpReply LogIn(const OwnerRequest& request);

  // GET /panel/logout asks, POST /panel/logout ends the session and clears
  // the cookie.
  HttpReply ShowLogOut(const OwnerRequest& request);
  HttpReply LogOut(const OwnerRequest& request);

  // GET /panel/confirm/{token}: the link of the confirmation mail; says
  // whether the e-mail is confirmed now. POST /panel/confirm mails the
  // signed-in owner a new link and goes back to the shops.
  HttpReply ConfirmEmail(const OwnerRequest& request, absl::string_view token);
  HttpReply ResendConfirmation(const OwnerRequest& request);

  // GET /panel/language/{language}: keeps the panel in "pl" or "en".
  HttpReply SetLanguage(absl::string_view language);

  // GET /panel/tokens lists the tokens; POST creates one and shows its
  // secret once; POST /panel/tokens/{token}/revoke ends one.
  HttpReply ShowTokens(const OwnerRequest& request);
  HttpReply CreateToken(const OwnerRequest& request);
  HttpReply RevokeToken(const OwnerRequest& request, absl::string_view token_id);

  // GET /panel/account: the account and the form that deletes it; POST
  // /panel/account/delete, with the password again, schedules the deletion
  // (AccountService.DeleteAccount), clears the cookie and says when it is
  // due, or shows the form again with the password's error.
  HttpReply ShowAccount(const OwnerRequest& request);
  HttpReply DeleteAccount(const OwnerRequest& request);

 private:
  HttpReply AccountForm(int status, const OwnerRequest& request, absl::string_view password_error,
                        std::string outcome);
  HttpReply SignUpForm(int status, const OwnerRequest& request, absl::string_view email_error,
                       absl::string_view password_error, std::string outcome);
  HttpReply LogInForm(int status, const OwnerRequest& request, absl::string_view error,
                      std::string outcome);

  opinus::client::Client* core_;
  bool secure_cookies_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_ACCOUNT_PAGES_H_
