// AppStoreAppPage: the Opinus app's page in a Shoper shop's admin panel
// (GET /shoper/app, in Shoper's iframe): the connection's state, and the
// one-time link that attaches the shop to an owner account.
#ifndef OPINUS_GATEWAY_PANEL_APPSTORE_APP_PAGE_H_
#define OPINUS_GATEWAY_PANEL_APPSTORE_APP_PAGE_H_

#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// FrameAncestor returns the origin of `shop_url` ("https://shop.example:8443")
// as a CSP frame-ancestors source; "" unless it is an http(s) URL whose host
// holds only letters, digits, '.', '-' and a port.
std::string FrameAncestor(absl::string_view shop_url);

// AppStoreAppPage hands the query to the core (AppStoreService.GetAdminPage),
// which checks its signature, and renders the answer: in Polish unless the
// admin panel's language (`translations`) is another. Only the shop's own
// admin panel, by the URL the core has for the installation (never the
// query's), may frame it. A bad or stale signature: 401, no link. Does not
// own `core`. Thread-safe.
class AppStoreAppPage {
 public:
  explicit AppStoreAppPage(opinus::client::Client* core) : core_(core) {}

  HttpReply Show(const std::map<std::string, std::string>& query,
                 const opinus::client::CallContext& context) const;

 private:
  opinus::client::Client* core_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_APPSTORE_APP_PAGE_H_
