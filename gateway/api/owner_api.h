// OwnerApi: the owners' JSON API under /v1/ (described in openapi.json):
// accounts, sessions, personal access tokens, shops, settings, webhook
// deliveries, invitations and replies to opinions.
#ifndef OPINUS_GATEWAY_API_OWNER_API_H_
#define OPINUS_GATEWAY_API_OWNER_API_H_

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"
#include "gateway/owner/owner_request.h"

namespace opinus::gateway {

// OwnerApi turns each API request into one call of the core, made for the
// owner whose session cookie (with X-CSRF-Token on changing calls) or
// personal access token (Authorization: Bearer) the request carries. A
// request with neither is 401 without a call: the gateway never calls an
// owner's RPC for nobody. The core decides everything else (ownership: another
// owner's shop is 404 like no shop; CSRF; validation, whose message names the
// field). Does not own `core`. Thread-safe.
class OwnerApi {
 public:
  // `secure_cookies`: the session cookie gets the Secure attribute.
  OwnerApi(opinus::client::Client* core, bool secure_cookies)
      : core_(core), secure_cookies_(secure_cookies) {}

  // POST /v1/accounts, POST /v1/session: sign up or log in with
  // {"email","password"}; the session token goes into the cookie only.
  HttpReply SignUp(const OwnerRequest& request);
  HttpReply LogIn(const OwnerRequest& request);
  // DELETE /v1/session, GET /v1/session.
  HttpReply LogOut(const OwnerRequest& request);
  HttpReply GetSession(const OwnerRequest& request);

  // /v1/access_tokens: GET lists, POST creates ({"name","lifetime_days"}),
  // DELETE /v1/access_tokens/{token} revokes.
  HttpReply ListAccessTokens(const OwnerRequest& request);
  HttpReply CreateAccessToken(const OwnerRequest& request);
  HttpReply RevokeAccessToken(const OwnerRequest& request, absl::string_view token_id);

  // /v1/shops: GET lists, POST creates ({"name","domain"}).
  HttpReply ListShops(const OwnerRequest& request);
  HttpReply CreateShop(const OwnerRequest& request);
  // GET /v1/shops/{shop}, POST /v1/shops/{shop}/rotate_key and
  // /v1/shops/{shop}/end_key_grace.
  HttpReply GetShop(const OwnerRequest& request, absl::string_view shop);
  HttpReply RotateShopKey(const OwnerRequest& request, absl::string_view shop);
  HttpReply EndKeyRotationGrace(const OwnerRequest& request, absl::string_view shop);
  // GET and PATCH /v1/shops/{shop}/settings; PATCH changes the fields its
  // body names.
  HttpReply GetSettings(const OwnerRequest& request, absl::string_view shop);
  HttpReply UpdateSettings(const OwnerRequest& request, absl::string_view shop);
  // GET /v1/shops/{shop}/order_events?page_size=&page_token=
  HttpReply ListOrderEvents(const OwnerRequest& request, absl::string_view shop);
  // GET /v1/shops/{shop}/invitations?state=&page_size=&page_token=
  HttpReply ListInvitations(const OwnerRequest& request, absl::string_view shop);
  // POST /v1/invitations/{invitation}/cancel and /resend ({"reason"}).
  HttpReply CancelInvitation(const OwnerRequest& request, absl::string_view invitation);
  HttpReply ResendInvitation(const OwnerRequest& request, absl::string_view invitation);
  // PUT /v1/shops/{shop}/opinions/{opinion}/reply ({"reply"}).
  HttpReply ReplyToOpinion(const OwnerRequest& request, absl::string_view shop,
                           absl::string_view opinion);

 private:
  // SessionReply answers a new session: its public part as JSON, its token
  // in the cookie.
  HttpReply SessionReply(const opinus::v1::Session& session, std::string outcome);

  opinus::client::Client* core_;
  bool secure_cookies_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_API_OWNER_API_H_
