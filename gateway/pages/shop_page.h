// ShopPage: what the public sees of a shop: `/sklep/{slug}` (its rating and
// opinions; `/sklep/{id}` moved there for good) and its embeddable badges,
// `/sklep/{slug or id}/badge.svg` and `badge-small.svg`.
#ifndef OPINUS_GATEWAY_PAGES_SHOP_PAGE_H_
#define OPINUS_GATEWAY_PAGES_SHOP_PAGE_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// The badge's sizes: the full one (average, count, "Opinus") and a small one
// (the average) for narrow places.
enum class BadgeSize { kFull, kSmall };

// ShopPage translates public requests into OpinionService calls. It does not
// own `core`. Thread-safe.
class ShopPage {
 public:
  explicit ShopPage(opinus::client::Client* core) : core_(core) {}

  // set_public_url sets the base of the page's absolute URLs (canonical, Open
  // Graph, JSON-LD), without a final '/'.
  void set_public_url(std::string url) ABSL_LOCKS_EXCLUDED(mutex_);

  // Show answers the shop's page for `shop`, its slug: the average, count,
  // distribution and sub-ratings, then a page of opinions newest first (from
  // `page_token`, the `strona` query parameter) with the shop's replies; in
  // its head Open Graph tags and, when it has opinions, schema.org JSON-LD.
  // For `shop` a numeric id it answers 301 to the slug's page.
  HttpReply Show(absl::string_view shop, absl::string_view page_token,
                 const opinus::client::CallContext& call);

  // Badge answers an SVG of `size` with the average and the count, for
  // `shop` a slug or a numeric id (links embedded before slugs keep working).
  HttpReply Badge(absl::string_view shop, BadgeSize size, const opinus::client::CallContext& call);

 private:
  std::string public_url() const ABSL_LOCKS_EXCLUDED(mutex_);

  opinus::client::Client* core_;
  mutable absl::Mutex mutex_;
  std::string public_url_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_SHOP_PAGE_H_
