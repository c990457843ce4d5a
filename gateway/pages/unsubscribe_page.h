// UnsubscribePage: the unsubscribe link of every invitation e-mail,
// `/u/{token}`, as a page for people and as RFC 8058 one-click for mail
// programs.
#ifndef OPINUS_GATEWAY_PAGES_UNSUBSCRIBE_PAGE_H_
#define OPINUS_GATEWAY_PAGES_UNSUBSCRIBE_PAGE_H_

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// UnsubscribePage translates the link's requests into SuppressionService
// calls. It does not own `core`. Thread-safe.
class UnsubscribePage {
 public:
  explicit UnsubscribePage(opinus::client::Client* core) : core_(core) {}

  // Show answers GET: what the link concerns and the choice of this shop or
  // every shop. It changes nothing, as RFC 8058 asks of a GET (mail scanners
  // open links).
  HttpReply Show(absl::string_view token, const opinus::client::CallContext& call);

  // Submit answers POST with the form body `body`:
  // "List-Unsubscribe=One-Click" from a mail program unsubscribes from the
  // shop; the page's form sends scope=shop or scope=all. Answers with the
  // page saying what was done.
  HttpReply Submit(absl::string_view token, absl::string_view body,
                   const opinus::client::CallContext& call);

 private:
  opinus::client::Client* core_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_UNSUBSCRIBE_PAGE_H_
