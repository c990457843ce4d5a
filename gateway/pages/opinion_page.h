// OpinionPage: the invitation link `/o/{token}`: the form that takes the
// customer's opinion, works without JavaScript, and speaks the shop's
// language; and `/o/{token}/wycofaj`, where its author withdraws it.
#ifndef OPINUS_GATEWAY_PAGES_OPINION_PAGE_H_
#define OPINUS_GATEWAY_PAGES_OPINION_PAGE_H_

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// OpinionPage translates the link's requests into OpinionService calls. It
// does not own `core`. Thread-safe.
class OpinionPage {
 public:
  explicit OpinionPage(opinus::client::Client* core) : core_(core) {}

  // Show answers GET: the empty form, the given opinion to edit, or what the
  // link can no longer do (edited too late, expired, withdrawn). `rating`,
  // the query's (a star link of the mail: "1" to "5"), is chosen in the form;
  // anything else is ignored. A GET stores nothing: mail scanners follow links.
  HttpReply Show(absl::string_view token, absl::string_view rating,
                 const opinus::client::CallContext& call);

  // Submit answers POST of the form (application/x-www-form-urlencoded): the
  // thank-you page, or the form again (422) with each message next to its
  // field and the answers kept.
  HttpReply Submit(absl::string_view token, absl::string_view body,
                   const opinus::client::CallContext& call);

  // ShowWithdraw answers GET `/o/{token}/wycofaj`: the button that withdraws
  // the opinion given, changing nothing; what the link can no longer do
  // otherwise, or the form when no opinion was given.
  HttpReply ShowWithdraw(absl::string_view token, const opinus::client::CallContext& call);

  // Withdraw answers its POST: withdraws the opinion and says so.
  HttpReply Withdraw(absl::string_view token, const opinus::client::CallContext& call);

 private:
  opinus::client::Client* core_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_OPINION_PAGE_H_
