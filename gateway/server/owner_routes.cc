// The routes of the owners' panel (/panel) and JSON API (/v1/): what the
// gateway reads from their requests, and which page or API call answers each.
#include <pistache/http.h>
#include <pistache/router.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/bearer_token.h"
#include "common/request_id.h"
#include "gateway/api/api_documents.h"
#include "gateway/http/client_address.h"
#include "gateway/http/form_body.h"
#include "gateway/http/json_body.h"
#include "gateway/http/same_origin.h"
#include "gateway/owner/session_cookie.h"
#include "gateway/pages/page.h"
#include "gateway/panel/panel_page.h"
#include "gateway/panel/panel_templates.h"
#include "gateway/server/gateway_server.h"
#include "gateway/server/request_header.h"

namespace opinus::gateway {
namespace {

namespace Http = ::Pistache::Http;
namespace Rest = ::Pistache::Rest;

// Header returns the value of the request header `name`; "" when absent.
std::string Header(const Http::Request& request, const std::string& name) {
  return RequestHeader(request, name).value_or("");
}

// Cookie returns the value of the request's cookie `name`; "" when absent.
std::string Cookie(const Http::Request& request, const std::string& name) {
  return request.cookies().has(name) ? request.cookies().get(name).value : std::string();
}

// Credential returns `value` when it is a well-formed token, else "": a
// credential that is not well formed gets the same answer as a wrong one, and
// never reaches gRPC metadata, where it would abort the process.
std::string Credential(std::string value) {
  return IsWellFormedToken(value) ? std::move(value) : std::string();
}

// ReadOwnerRequest returns what the panel and the API take from `request`;
// `trust_forwarded_for` as GatewayOptions says.
OwnerRequest ReadOwnerRequest(const Rest::Request& request, bool trust_forwarded_for) {
  OwnerRequest owner;
  // Set by ServingHandler for the whole request.
  owner.request_id = std::string(CurrentRequestId());
  owner.session_token = Credential(Cookie(request, kSessionCookie));
  owner.language = std::string(PageLanguage(Cookie(request, kLanguageCookie)));
  owner.access_token = std::string(TokenFromBearer(Header(request, "Authorization")).value_or(""));
  owner.csrf_token = Credential(Header(request, "X-CSRF-Token"));
  owner.client_address = BudgetKey(ClientAddress(
      request.address().host(), Header(request, "X-Forwarded-For"), trust_forwarded_for));
  for (auto it = request.query().parameters_begin(); it != request.query().parameters_end(); ++it) {
    owner.query.emplace(it->first, it->second);
  }
  owner.body = request.body();
  if (absl::StartsWith(Header(request, "Content-Type"), "application/x-www-form-urlencoded")) {
    owner.form = ParseFormBody(owner.body);
    if (auto csrf = owner.form.find("csrf"); csrf != owner.form.end()) {
      owner.csrf_token = Credential(csrf->second);
    }
  }
  return owner;
}

}  // namespace

void GatewayServer::OwnerRoute(const char* method, const std::string& path, OwnerHandler handler) {
  auto route = [this, path, handler = std::move(handler)](const Rest::Request& request,
                                                          Http::ResponseWriter response) {
    const absl::Time start = absl::Now();
    HttpReply reply;
    if (request.method() != Http::Method::Get &&
        !IsSameOrigin(Header(request, "Origin"), HostAuthority(request), options_.public_url)) {
      // Another site's page, submitted by an owner's browser.
      reply = absl::StartsWith(path, "/v1/")
                  ? ErrorJsonReply(403, "Origin: another site may not call this", "cross_site")
                  : PanelErrorPage(
                        absl::PermissionDeniedError(absl::StrCat(
                            "request from another site: Origin ", Header(request, "Origin"))),
                        PageLanguage(Cookie(request, kLanguageCookie)),
                        SecureCookies(options_.public_url));
    } else {
      reply = handler(ReadOwnerRequest(request, options_.trust_forwarded_for), request);
    }
    // An owner's data, and sometimes a secret (a key, a new token): never cached.
    if (reply.cache_control.empty()) reply.cache_control = "no-store";
    Answer(request.method(), response, path, "", reply, start);
    return Rest::Route::Result::Ok;
  };
  const absl::string_view verb = method;
  if (verb == "GET") {
    router_->get(path, route);
  } else if (verb == "POST") {
    router_->post(path, route);
  } else if (verb == "PUT") {
    router_->put(path, route);
  } else if (verb == "PATCH") {
    router_->patch(path, route);
  } else {
    router_->del(path, route);
  }
}

void GatewayServer::RegisterOwnerRoutes() {
  using Req = const Rest::Request&;
  auto param = [](Req request, const char* name) { return request.param(name).as<std::string>(); };

  // The panel: HTML forms that POST (with the session's CSRF token), pages
  // that GET.
  OwnerRoute("GET", "/panel",
             [this](const OwnerRequest& r, Req) { return shop_pages_.ShowShops(r); });
  OwnerRoute("POST", "/panel/shops",
             [this](const OwnerRequest& r, Req) { return shop_pages_.CreateShop(r); });
  OwnerRoute("GET", "/panel/signup",
             [this](const OwnerRequest& r, Req) { return account_pages_.ShowSignUp(r); });
  OwnerRoute("POST", "/panel/signup",
             [this](const OwnerRequest& r, Req) { return account_pages_.SignUp(r); });
  OwnerRoute("GET", "/panel/login",
             [this](const OwnerRequest& r, Req) { return account_pages_.ShowLogIn(r); });
  OwnerRoute("POST", "/panel/login",
             [this](const OwnerRequest& r, Req) { return account_pages_.LogIn(r); });
  OwnerRoute("GET", "/panel/logout",
             [this](const OwnerRequest& r, Req) { return account_pages_.ShowLogOut(r); });
  OwnerRoute("POST", "/panel/logout",
             [this](const OwnerRequest& r, Req) { return account_pages_.LogOut(r); });
  OwnerRoute("GET", "/panel/confirm/:token", [this, param](const OwnerRequest& r, Req q) {
    return account_pages_.ConfirmEmail(r, param(q, ":token"));
  });
  OwnerRoute("POST", "/panel/confirm",
             [this](const OwnerRequest& r, Req) { return account_pages_.ResendConfirmation(r); });
  OwnerRoute("GET", "/panel/language/:language", [this, param](const OwnerRequest&, Req q) {
    return account_pages_.SetLanguage(param(q, ":language"));
  });
  // The App Store app's one-time link: the shop to attach, then the form.
  OwnerRoute("GET", "/panel/claim/:token", [this, param](const OwnerRequest& r, Req q) {
    return claim_page_.Show(r, param(q, ":token"));
  });
  OwnerRoute("POST", "/panel/claim/:token", [this, param](const OwnerRequest& r, Req q) {
    return claim_page_.Claim(r, param(q, ":token"));
  });
  OwnerRoute("GET", "/panel/tokens",
             [this](const OwnerRequest& r, Req) { return account_pages_.ShowTokens(r); });
  OwnerRoute("POST", "/panel/tokens",
             [this](const OwnerRequest& r, Req) { return account_pages_.CreateToken(r); });
  OwnerRoute("POST", "/panel/tokens/:token/revoke", [this, param](const OwnerRequest& r, Req q) {
    return account_pages_.RevokeToken(r, param(q, ":token"));
  });
  OwnerRoute("GET", "/panel/account",
             [this](const OwnerRequest& r, Req) { return account_pages_.ShowAccount(r); });
  OwnerRoute("POST", "/panel/account/delete",
             [this](const OwnerRequest& r, Req) { return account_pages_.DeleteAccount(r); });
  OwnerRoute("GET", "/panel/shops/:shop", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.ShowShop(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/panel/shops/:shop/settings", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.SaveSettings(r, param(q, ":shop"));
  });
  OwnerRoute("GET", "/panel/shops/:shop/rotate", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.ShowRotate(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/panel/shops/:shop/rotate", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.RotateKey(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/panel/shops/:shop/end-key-grace",
             [this, param](const OwnerRequest& r, Req q) {
               return shop_pages_.EndKeyGrace(r, param(q, ":shop"));
             });
  OwnerRoute("GET", "/panel/shops/:shop/shoper", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.ShowShoper(r, param(q, ":shop"));
  });
  OwnerRoute("GET", "/panel/shops/:shop/backfill", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.ShowBackfill(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/panel/shops/:shop/backfill", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.StartBackfill(r, param(q, ":shop"));
  });
  OwnerRoute("GET", "/panel/shops/:shop/invitations", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.ShowInvitations(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/panel/shops/:shop/invitations/:invitation/cancel",
             [this, param](const OwnerRequest& r, Req q) {
               return shop_pages_.CancelInvitation(r, param(q, ":shop"), param(q, ":invitation"));
             });
  OwnerRoute("POST", "/panel/shops/:shop/invitations/:invitation/resend",
             [this, param](const OwnerRequest& r, Req q) {
               return shop_pages_.ResendInvitation(r, param(q, ":shop"), param(q, ":invitation"));
             });
  OwnerRoute("GET", "/panel/shops/:shop/dashboard", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.ShowDashboard(r, param(q, ":shop"));
  });
  OwnerRoute("GET", "/panel/shops/:shop/opinions", [this, param](const OwnerRequest& r, Req q) {
    return shop_pages_.ShowOpinions(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/panel/shops/:shop/opinions/:opinion/reply",
             [this, param](const OwnerRequest& r, Req q) {
               return shop_pages_.Reply(r, param(q, ":shop"), param(q, ":opinion"));
             });
  router_->get("/panel/panel.js",
               [this](const Rest::Request& request, Http::ResponseWriter response) {
                 const absl::Time start = absl::Now();
                 HttpReply reply = JsonReply(200, std::string(PanelTemplate("panel.js")), "ok");
                 reply.content_type = "text/javascript; charset=utf-8";
                 reply.cache_control = "public, max-age=300";
                 Answer(request.method(), response, "/panel/panel.js", "", reply, start);
                 return Rest::Route::Result::Ok;
               });

  // The owners' JSON API: one core call per request.
  OwnerRoute("POST", "/v1/accounts",
             [this](const OwnerRequest& r, Req) { return owner_api_.SignUp(r); });
  OwnerRoute("POST", "/v1/session",
             [this](const OwnerRequest& r, Req) { return owner_api_.LogIn(r); });
  OwnerRoute("GET", "/v1/session",
             [this](const OwnerRequest& r, Req) { return owner_api_.GetSession(r); });
  OwnerRoute("DELETE", "/v1/session",
             [this](const OwnerRequest& r, Req) { return owner_api_.LogOut(r); });
  OwnerRoute("GET", "/v1/access_tokens",
             [this](const OwnerRequest& r, Req) { return owner_api_.ListAccessTokens(r); });
  OwnerRoute("POST", "/v1/access_tokens",
             [this](const OwnerRequest& r, Req) { return owner_api_.CreateAccessToken(r); });
  OwnerRoute("DELETE", "/v1/access_tokens/:token", [this, param](const OwnerRequest& r, Req q) {
    return owner_api_.RevokeAccessToken(r, param(q, ":token"));
  });
  OwnerRoute("GET", "/v1/shops",
             [this](const OwnerRequest& r, Req) { return owner_api_.ListShops(r); });
  OwnerRoute("POST", "/v1/shops",
             [this](const OwnerRequest& r, Req) { return owner_api_.CreateShop(r); });
  OwnerRoute("GET", "/v1/shops/:shop", [this, param](const OwnerRequest& r, Req q) {
    return owner_api_.GetShop(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/v1/shops/:shop/rotate_key", [this, param](const OwnerRequest& r, Req q) {
    return owner_api_.RotateShopKey(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/v1/shops/:shop/end_key_grace", [this, param](const OwnerRequest& r, Req q) {
    return owner_api_.EndKeyRotationGrace(r, param(q, ":shop"));
  });
  OwnerRoute("GET", "/v1/shops/:shop/settings", [this, param](const OwnerRequest& r, Req q) {
    return owner_api_.GetSettings(r, param(q, ":shop"));
  });
  OwnerRoute("PATCH", "/v1/shops/:shop/settings", [this, param](const OwnerRequest& r, Req q) {
    return owner_api_.UpdateSettings(r, param(q, ":shop"));
  });
  OwnerRoute("GET", "/v1/shops/:shop/order_events", [this, param](const OwnerRequest& r, Req q) {
    return owner_api_.ListOrderEvents(r, param(q, ":shop"));
  });
  OwnerRoute("GET", "/v1/shops/:shop/invitations", [this, param](const OwnerRequest& r, Req q) {
    return owner_api_.ListInvitations(r, param(q, ":shop"));
  });
  OwnerRoute("POST", "/v1/invitations/:invitation/cancel",
             [this, param](const OwnerRequest& r, Req q) {
               return owner_api_.CancelInvitation(r, param(q, ":invitation"));
             });
  OwnerRoute("POST", "/v1/invitations/:invitation/resend",
             [this, param](const OwnerRequest& r, Req q) {
               return owner_api_.ResendInvitation(r, param(q, ":invitation"));
             });
  OwnerRoute("PUT", "/v1/shops/:shop/opinions/:opinion/reply",
             [this, param](const OwnerRequest& r, Req q) {
               return owner_api_.ReplyToOpinion(r, param(q, ":shop"), param(q, ":opinion"));
             });
  router_->get("/v1/openapi.json",
               [this](const Rest::Request& request, Http::ResponseWriter response) {
                 const absl::Time start = absl::Now();
                 HttpReply reply = JsonReply(200, std::string(ApiDocument("openapi.json")), "ok");
                 reply.cache_control = "public, max-age=300";
                 Answer(request.method(), response, "/v1/openapi.json", "", reply, start);
                 return Rest::Route::Result::Ok;
               });
}

}  // namespace opinus::gateway
