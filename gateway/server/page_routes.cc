// The public routes of the gateway outside the panel: the links of e-mails
// (unsubscribe, opinion, withdrawal, privacy requests), the public shop page,
// its badges and opinion feed, and the App Store's callbacks.
#include <pistache/http.h>
#include <pistache/router.h>

#include <optional>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gateway/http/client_address.h"
#include "gateway/http/form_body.h"
#include "gateway/server/gateway_server.h"
#include "gateway/server/request_header.h"

namespace opinus::gateway {
namespace {

namespace Http = ::Pistache::Http;
namespace Rest = ::Pistache::Rest;

// Routes as logged: never the raw path, which holds the token.
constexpr absl::string_view kAppStoreRoute = "/shoper/appstore";
constexpr absl::string_view kAppStoreAppRoute = "/shoper/app";
constexpr absl::string_view kUnsubscribeRoute = "/u/{token}";
constexpr absl::string_view kOpinionRoute = "/o/{token}";
constexpr absl::string_view kWithdrawRoute = "/o/{token}/wycofaj";
constexpr absl::string_view kPrivacyRoute = "/prywatnosc";
constexpr absl::string_view kPrivacyLinkRoute = "/prywatnosc/{token}";
constexpr absl::string_view kShopRoute = "/sklep/{shop}";
constexpr absl::string_view kBadgeRoute = "/sklep/{shop}/badge.svg";
constexpr absl::string_view kSmallBadgeRoute = "/sklep/{shop}/badge-small.svg";
constexpr absl::string_view kFeedRoute = "/v1/shops/{shop}/opinions";

std::string Token(const Rest::Request& request) {
  return request.param(":token").as<std::string>();
}

std::string ShopParam(const Rest::Request& request) {
  return request.param(":shop").as<std::string>();
}

std::string Query(const Rest::Request& request, const std::string& name) {
  return request.query().get(name).value_or("");
}

}  // namespace

void GatewayServer::RegisterPageRoutes() {
  const Http::Method get = Http::Method::Get;
  const Http::Method post = Http::Method::Post;
  PublicRoute(post, std::string(kAppStoreRoute), kAppStoreRoute, [this](const Rest::Request& r) {
    return appstore_.Handle(RequestHeader(r, "Content-Type"), r.body(), ServedRequest());
  });
  // The app's page in the shop's admin panel, which Shoper frames. Pistache
  // leaves the query's escapes as they came: decoded as a form's fields.
  PublicRoute(
      get, std::string(kAppStoreAppRoute), kAppStoreAppRoute, [this](const Rest::Request& r) {
        std::string raw;
        for (auto it = r.query().parameters_begin(); it != r.query().parameters_end(); ++it) {
          absl::StrAppend(&raw, raw.empty() ? "" : "&", it->first, "=", it->second);
        }
        return app_page_.Show(ParseFormBody(raw), ServedRequest());
      });

  // The unsubscribe link of every e-mail: GET shows the choice, POST acts
  // (the page's form, or a mail program's RFC 8058 one-click).
  PublicRoute(get, "/u/:token", kUnsubscribeRoute, [this](const Rest::Request& r) {
    return unsubscribe_.Show(Token(r), ServedRequest());
  });
  PublicRoute(post, "/u/:token", kUnsubscribeRoute, [this](const Rest::Request& r) {
    return unsubscribe_.Submit(Token(r), r.body(), ServedRequest());
  });

  // The invitation link: the opinion form, and its answers.
  PublicRoute(get, "/o/:token", kOpinionRoute, [this](const Rest::Request& r) {
    return opinion_.Show(Token(r), Query(r, "rating"), ServedRequest());
  });
  PublicRoute(post, "/o/:token", kOpinionRoute, [this](const Rest::Request& r) {
    return opinion_.Submit(Token(r), r.body(), ServedRequest());
  });

  // Its author withdrawing the opinion given: GET asks, POST (from our own
  // page only) withdraws.
  PublicRoute(get, "/o/:token/wycofaj", kWithdrawRoute, [this](const Rest::Request& r) {
    return opinion_.ShowWithdraw(Token(r), ServedRequest());
  });
  PublicRoute(post, "/o/:token/wycofaj", kWithdrawRoute, [this](const Rest::Request& r) {
    return FromOurPage(r) ? opinion_.Withdraw(Token(r), ServedRequest()) : CrossSitePage(r);
  });

  // A person's own privacy request, and the link mailed to confirm it: GET
  // shows, POST acts, and only from our own pages (by Origin), so another
  // site cannot make a visitor's browser ask or confirm.
  PublicRoute(get, std::string(kPrivacyRoute), kPrivacyRoute,
              [this](const Rest::Request&) { return privacy_page_.ShowForm(); });
  PublicRoute(post, std::string(kPrivacyRoute), kPrivacyRoute, [this](const Rest::Request& r) {
    if (!FromOurPage(r)) return CrossSitePage(r);
    const std::string client = BudgetKey(ClientAddress(
        r.address().host(), RequestHeader(r, "X-Forwarded-For"), options_.trust_forwarded_for));
    return privacy_page_.Submit(r.body(), client, ServedRequest());
  });
  PublicRoute(get, "/prywatnosc/:token", kPrivacyLinkRoute, [this](const Rest::Request& r) {
    return privacy_page_.ShowRequest(Token(r), ServedRequest());
  });
  PublicRoute(post, "/prywatnosc/:token", kPrivacyLinkRoute, [this](const Rest::Request& r) {
    return FromOurPage(r) ? privacy_page_.Confirm(Token(r), ServedRequest()) : CrossSitePage(r);
  });

  // What the public sees of a shop.
  PublicRoute(get, "/sklep/:shop", kShopRoute, [this](const Rest::Request& r) {
    return shop_page_.Show(ShopParam(r), Query(r, "strona"), ServedRequest());
  });
  // The badge in both sizes, by slug or by the numeric id embedded before slugs.
  for (const auto& [path, route, size] :
       {std::make_tuple("/sklep/:shop/badge.svg", kBadgeRoute, BadgeSize::kFull),
        std::make_tuple("/sklep/:shop/badge-small.svg", kSmallBadgeRoute, BadgeSize::kSmall)}) {
    PublicRoute(get, path, route, [this, size = size](const Rest::Request& r) {
      return shop_page_.Badge(ShopParam(r), size, ServedRequest());
    });
  }
  PublicRoute(get, "/v1/shops/:shop/opinions", kFeedRoute, [this](const Rest::Request& r) {
    return feed_.Handle(ShopParam(r), Query(r, "page_token"), Query(r, "since"), ServedRequest());
  });
}

}  // namespace opinus::gateway
