// ShopPage: what the public sees of a shop: `/sklep/{shop}` (its rating and
// opinions) and `/sklep/{shop}/badge.svg` (an embeddable badge).
#ifndef OPINUS_GATEWAY_PAGES_SHOP_PAGE_H_
#define OPINUS_GATEWAY_PAGES_SHOP_PAGE_H_

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// ShopPage translates public requests into OpinionService calls. It does not
// own `core`. Thread-safe.
class ShopPage {
 public:
  explicit ShopPage(opinus::client::Client* core) : core_(core) {}

  // Show answers the shop's page: the average, count, distribution and
  // sub-ratings, then a page of opinions newest first (from `page_token`,
  // the `strona` query parameter) with the shop's replies.
  HttpReply Show(absl::string_view shop, absl::string_view page_token,
                 const opinus::client::CallContext& call);

  // Badge answers an SVG with the average and the count.
  HttpReply Badge(absl::string_view shop, const opinus::client::CallContext& call);

 private:
  opinus::client::Client* core_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_SHOP_PAGE_H_
