// PrivacyPage: the public page `/prywatnosc`, where a person asks for the
// erasure or a copy of their data, and the link mailed to confirm it,
// `/prywatnosc/{token}`.
#ifndef OPINUS_GATEWAY_PAGES_PRIVACY_PAGE_H_
#define OPINUS_GATEWAY_PAGES_PRIVACY_PAGE_H_

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// PrivacyPage translates the page's requests into PrivacyRequestService
// calls. It does not own `core`. Thread-safe.
class PrivacyPage {
 public:
  explicit PrivacyPage(opinus::client::Client* core) : core_(core) {}

  // ShowForm answers GET /prywatnosc: the address and the choice of erasure
  // or a copy.
  HttpReply ShowForm() const;

  // Submit answers POST /prywatnosc with the form body `body` from the
  // client `client_address`: the same page whether or not anything is held
  // about the address (a mail went to it either way); the form again, 400,
  // for a malformed address; 429 when the address or client asked too often.
  HttpReply Submit(absl::string_view body, absl::string_view client_address,
                   const opinus::client::CallContext& call);

  // ShowRequest answers GET of the mailed link: what it would do and the
  // button that does it. It changes nothing (mail scanners open links).
  HttpReply ShowRequest(absl::string_view token, const opinus::client::CallContext& call);

  // Confirm answers POST of the mailed link: does what was asked, once.
  HttpReply Confirm(absl::string_view token, const opinus::client::CallContext& call);

 private:
  opinus::client::Client* core_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_PRIVACY_PAGE_H_
