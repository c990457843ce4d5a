// OpinionFeed: `GET /v1/shops/{shop}/opinions`, a shop's published opinions
// as JSON for partner sites.
#ifndef OPINUS_GATEWAY_API_OPINION_FEED_H_
#define OPINUS_GATEWAY_API_OPINION_FEED_H_

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// OpinionFeed translates feed requests into OpinionService calls. It does
// not own `core`. Thread-safe.
class OpinionFeed {
 public:
  explicit OpinionFeed(opinus::client::Client* core) : core_(core) {}

  // Handle answers {"shop": {...rating...}, "opinions": [...], "next_page_token": "..."}:
  // up to 100 opinions newest first, from `page_token`, only those changed
  // after `since` (RFC 3339) when given, so a partner may poll for changes.
  HttpReply Handle(absl::string_view shop, absl::string_view page_token, absl::string_view since,
                   const opinus::client::CallContext& call);

 private:
  opinus::client::Client* core_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_API_OPINION_FEED_H_
