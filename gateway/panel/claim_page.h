// ClaimPage: the one-time link of the App Store app's page
// (/panel/claim/{token}), which attaches a Shoper shop to the owner who
// follows it, after signing up or logging in.
#ifndef OPINUS_GATEWAY_PANEL_CLAIM_PAGE_H_
#define OPINUS_GATEWAY_PANEL_CLAIM_PAGE_H_

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"
#include "gateway/owner/owner_request.h"

namespace opinus::gateway {

// IsClaimToken returns whether `token` has the shape of the core's link
// tokens (base64url, at most 64 characters), so that only such a token is
// carried through sign-up and log-in and put in a path.
bool IsClaimToken(absl::string_view token);

// ClaimPage answers with one or two core calls. Does not own `core`.
// Thread-safe.
class ClaimPage {
 public:
  // `secure_cookies`: the cookies get the Secure attribute.
  ClaimPage(opinus::client::Client* core, bool secure_cookies)
      : core_(core), secure_cookies_(secure_cookies) {}

  // GET /panel/claim/{token}: the shop the link attaches; signed out, the
  // links to sign up and log in (which come back here); signed in, the form
  // that attaches it. A link used, expired, or whose shop has an owner: why
  // it cannot (409 or 410); an unknown one 404.
  HttpReply Show(const OwnerRequest& request, absl::string_view token);

  // POST /panel/claim/{token} (with the session's CSRF token): attaches the
  // shop and goes on to its page; a refusal shows why, as Show does.
  HttpReply Claim(const OwnerRequest& request, absl::string_view token);

 private:
  HttpReply Refused(const OwnerRequest& request, const absl::Status& status);

  opinus::client::Client* core_;
  bool secure_cookies_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_CLAIM_PAGE_H_
