#include "tests/support/fake_shoper_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace opinus::testing {
namespace {

using Json = nlohmann::json;
using Reply = std::pair<int, std::string>;

constexpr char kTokenPath[] = "/webapi/rest/oauth/token";
constexpr char kWebhooksPath[] = "/webapi/rest/webhooks";
constexpr char kConfigPath[] = "/webapi/rest/application-config";
constexpr char kStatusesPath[] = "/webapi/rest/statuses";
constexpr char kOrdersPath[] = "/webapi/rest/orders";
constexpr int kThirtyDays = 2592000;

// A Polish shop's statuses (../shared/reference/shoper-rest-api.md; 7 as in
// tests/testdata's deliveries): id, type, name; sent with ids and types as
// strings, as Shoper does.
constexpr struct {
  int id;
  int type;
  const char* name;
} kStatuses[] = {{1, 1, "złożone"},           {2, 2, "przyjęte"},       {3, 2, "oczekiwanie"},
                 {4, 2, "kompletowanie"},     {5, 2, "gotowe"},         {6, 4, "anulowane"},
                 {7, 3, "przesyłka wysłana"}, {8, 4, "odrzucone"},      {9, 4, "zwrócone"},
                 {10, 3, "odebrana"},         {11, 1, "nowe z allegro"}};

Reply Error(int status, const std::string& error, const std::string& description) {
  return {status, Json{{"error", error}, {"error_description", description}}.dump()};
}

std::string FormDecode(absl::string_view text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    int byte = 0;
    if (text[i] == '+') {
      decoded.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() &&
               absl::SimpleHexAtoi(text.substr(i + 1, 2), &byte)) {
      decoded.push_back(static_cast<char>(byte));
      i += 2;
    } else {
      decoded.push_back(text[i]);
    }
  }
  return decoded;
}

std::map<std::string, std::string> FormFields(absl::string_view body) {
  std::map<std::string, std::string> fields;
  for (absl::string_view pair : absl::StrSplit(body, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> field = absl::StrSplit(pair, '=');
    fields[FormDecode(field.first)] = FormDecode(field.second);
  }
  return fields;
}

// RetryAfter is the header of a 429: Pistache writes only typed headers.
class RetryAfter : public Pistache::Http::Header::Header {
 public:
  NAME("Retry-After")
  RetryAfter() = default;
  explicit RetryAfter(int seconds) : value_(absl::StrCat(seconds)) {}
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& stream) const override { stream << value_; }

 private:
  std::string value_;
};

// Truthy reads Shoper's booleans: true, 1 or "1".
bool Truthy(const Json& value) { return value == true || value == 1 || value == "1"; }

}  // namespace

class FakeShoperServer::Handler final : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(Handler)
  explicit Handler(FakeShoperServer* server) : server_(server) {}

  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter response) override {
    const auto authorization = request.headers().tryGetRaw("Authorization");
    const Query query{request.query().get("grant_type").value_or(""),
                      request.query().get("page").value_or(""),
                      request.query().get("limit").value_or(""),
                      FormDecode(request.query().get("filters").value_or("")),
                      FormDecode(request.query().get("order").value_or(""))};
    const std::string method = Pistache::Http::methodString(request.method());
    // The stand-in's own requests are the operator's, not an API client's:
    // no rate limit.
    std::optional<Reply> reply = server_->StandIn(method, request.resource(), request.body());
    if (!reply) {
      if (const int wait = server_->Throttle(method, request.resource()); wait > 0) {
        response.headers().add<RetryAfter>(wait);
        response.send(Pistache::Http::Code::Too_Many_Requests,
                      Error(429, "too_many_requests", "rate limit").second,
                      MIME(Application, Json));
        return;
      }
      reply = server_->Answer(method, request.resource(), query,
                              authorization ? authorization->value() : "", request.body());
    }
    response.send(static_cast<Pistache::Http::Code>(reply->first), reply->second,
                  MIME(Application, Json));
  }

 private:
  FakeShoperServer* server_;
};

absl::StatusOr<std::unique_ptr<FakeShoperServer>> FakeShoperServer::Start(std::string client_id,
                                                                          std::string client_secret,
                                                                          uint16_t port) {
  std::unique_ptr<FakeShoperServer> server(new FakeShoperServer());
  server->client_id_ = std::move(client_id);
  server->client_secret_ = std::move(client_secret);
  auto endpoint = std::make_unique<Pistache::Http::Endpoint>(
      Pistache::Address(Pistache::IP::loopback(), Pistache::Port(port)));
  endpoint->init(Pistache::Http::Endpoint::options().threads(1));
  endpoint->setHandler(std::make_shared<Handler>(server.get()));
  try {
    endpoint->serveThreaded();
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("fake Shoper: ", e.what()));
  }
  server->port_ = static_cast<uint16_t>(endpoint->getPort());
  server->endpoint_ = std::move(endpoint);
  return server;
}

FakeShoperServer::~FakeShoperServer() {
  if (endpoint_ != nullptr) endpoint_->shutdown();
}

std::string FakeShoperServer::url() const { return absl::StrCat("http://127.0.0.1:", port_); }

void FakeShoperServer::IssueAuthCode(const std::string& code) {
  absl::MutexLock lock(&mutex_);
  auth_codes_.insert(code);
}

void FakeShoperServer::SetDown(bool down) {
  absl::MutexLock lock(&mutex_);
  down_ = down;
}

std::vector<FakeShoperServer::Call> FakeShoperServer::calls() {
  absl::MutexLock lock(&mutex_);
  return calls_;
}

std::vector<FakeShoperServer::Webhook> FakeShoperServer::webhooks() {
  absl::MutexLock lock(&mutex_);
  return webhooks_;
}

std::vector<std::string> FakeShoperServer::access_tokens() {
  absl::MutexLock lock(&mutex_);
  return access_tokens_;
}

std::vector<std::string> FakeShoperServer::refresh_tokens() {
  absl::MutexLock lock(&mutex_);
  return refresh_tokens_;
}

void FakeShoperServer::SetTokenLifetimes(std::vector<int> seconds) {
  absl::MutexLock lock(&mutex_);
  lifetimes_ = std::move(seconds);
}

void FakeShoperServer::ExpireNextAccessTokens(int count) {
  absl::MutexLock lock(&mutex_);
  expire_next_ = count;
}

void FakeShoperServer::RevokeAccessTokensAfterOrdersPage(int page) {
  absl::MutexLock lock(&mutex_);
  revoke_after_page_ = page;
}

void FakeShoperServer::RefuseRefresh(bool refuse) {
  absl::MutexLock lock(&mutex_);
  refuse_refresh_ = refuse;
}

void FakeShoperServer::AddOrder(FakeShoperOrder order) {
  absl::MutexLock lock(&mutex_);
  orders_.Add(std::move(order));
}

void FakeShoperServer::RefuseNext(int count, int retry_after_seconds) {
  absl::MutexLock lock(&mutex_);
  bucket_.RefuseNext(count, retry_after_seconds);
}

int FakeShoperServer::Throttle(const std::string& method, const std::string& path) {
  absl::MutexLock lock(&mutex_);
  const absl::Time now = absl::Now();
  const int wait = bucket_.Admit(now);
  if (wait > 0) calls_.push_back({method, path, 429, now, wait});
  return wait;
}

void FakeShoperServer::SetTimeZone(std::string zone) {
  absl::MutexLock lock(&mutex_);
  time_zone_ = std::move(zone);
}

std::pair<int, std::string> FakeShoperServer::Answer(const std::string& method,
                                                     const std::string& path, const Query& query,
                                                     const std::string& authorization,
                                                     const std::string& body) {
  absl::MutexLock lock(&mutex_);
  Reply reply = Error(400, "invalid_request", "unknown resource");
  absl::string_view id_text = path;
  int64_t id = 0;
  if (down_) {
    reply = Error(503, "temporarily_unavailable", "down for a test");
  } else if (method == "POST" && path == kTokenPath) {
    reply = GrantTokens(query.grant_type, authorization, body);
  } else if (!Authorized(authorization)) {
    reply = Error(401, "unauthorized_client", "bad or expired token");
  } else if (method == "GET" && path == kConfigPath) {
    reply = {200, Json{{"locale_timezone", time_zone_},
                       {"shop_url", url()},
                       {"locale_default", "pl_PL"},
                       {"parcel_create_status_id", "4"},
                       {"parcel_dispatch_status_id", "6"}}
                      .dump()};
  } else if (method == "GET" && path == kStatusesPath) {
    reply = Statuses(query);
  } else if (method == "GET" && path == kOrdersPath) {
    reply = orders_.List(query.filters, query.order, query.limit, query.page);
    if (revoke_after_page_ > 0 && query.limit != "1" &&
        query.page == absl::StrCat(revoke_after_page_)) {
      expired_.insert(access_tokens_.begin(), access_tokens_.end());
      revoke_after_page_ = 0;
    }
  } else if (method == "POST" && path == kWebhooksPath) {
    reply = SaveWebhook(0, body);
  } else if (method == "PUT" && absl::ConsumePrefix(&id_text, absl::StrCat(kWebhooksPath, "/")) &&
             absl::SimpleAtoi(id_text, &id)) {
    reply = SaveWebhook(id, body);
  }
  calls_.push_back({method, path, reply.first, absl::Now()});
  return reply;
}

bool FakeShoperServer::Authorized(const std::string& authorization) {
  absl::string_view bearer = authorization;
  return absl::ConsumePrefix(&bearer, "Bearer ") &&
         std::find(access_tokens_.begin(), access_tokens_.end(), bearer) != access_tokens_.end() &&
         expired_.count(std::string(bearer)) == 0;
}

std::pair<int, std::string> FakeShoperServer::GrantTokens(const std::string& grant_type,
                                                          const std::string& authorization,
                                                          const std::string& body) {
  absl::string_view basic = authorization;
  std::string credentials;
  if (!absl::ConsumePrefix(&basic, "Basic ") || !absl::Base64Unescape(basic, &credentials) ||
      credentials != absl::StrCat(client_id_, ":", client_secret_)) {
    return Error(401, "unauthorized_client", "bad client credentials");
  }
  std::map<std::string, std::string> form = FormFields(body);
  // One official library sends grant_type in the query, another in the body.
  const std::string grant = grant_type.empty() ? form["grant_type"] : grant_type;
  if (grant == "authorization_code") {
    if (auth_codes_.erase(form["code"]) == 0) {
      return Error(400, "invalid_grant", "unknown or used authorization code");
    }
    return Issue();
  }
  if (grant == "refresh_token") {
    // Only the latest refresh token works: each refresh replaces it.
    if (refuse_refresh_ || refresh_tokens_.empty() ||
        form["refresh_token"] != refresh_tokens_.back()) {
      return Error(400, "invalid_grant", "unknown or replaced refresh token");
    }
    return Issue();
  }
  return Error(400, "unsupported_grant_type", "grant_type");
}

std::pair<int, std::string> FakeShoperServer::Issue() {
  const std::string access = absl::StrCat("fake-access-", access_tokens_.size() + 1, "-Zq8");
  access_tokens_.push_back(access);
  if (expire_next_ > 0) {
    --expire_next_;
    expired_.insert(access);
  }
  const std::string refresh = absl::StrCat("fake-refresh-", access_tokens_.size(), "-Zq8");
  refresh_tokens_.push_back(refresh);
  int lifetime = kThirtyDays;
  if (!lifetimes_.empty()) {
    lifetime = lifetimes_.front();
    lifetimes_.erase(lifetimes_.begin());
  }
  return {200, Json{{"access_token", access},
                    {"refresh_token", refresh},
                    {"expires_in", absl::StrCat(lifetime)},
                    {"token_type", "bearer"},
                    {"scope", "webhooks,orders,statuses"}}
                   .dump()};
}

std::pair<int, std::string> FakeShoperServer::Statuses(const Query& query) {
  int limit = 10;
  int page = 1;
  // Above 50 (or not a number) the shop silently uses 10.
  if (!absl::SimpleAtoi(query.limit, &limit) || limit < 1 || limit > 50) limit = 10;
  if (!absl::SimpleAtoi(query.page, &page) || page < 1) page = 1;
  const int count = static_cast<int>(std::size(kStatuses));
  Json list = Json::array();
  for (int i = (page - 1) * limit; i < std::min(count, page * limit); ++i) {
    list.push_back({{"status_id", absl::StrCat(kStatuses[i].id)},
                    {"type", absl::StrCat(kStatuses[i].type)},
                    {"default", "0"},
                    {"translations", {{"pl_PL", {{"name", kStatuses[i].name}}}}}});
  }
  return {200, Json{{"count", absl::StrCat(count)},
                    {"pages", (count + limit - 1) / limit},
                    {"page", page},
                    {"list", list}}
                   .dump()};
}

std::pair<int, std::string> FakeShoperServer::SaveWebhook(int64_t id, const std::string& body) {
  const Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("url") || !json["url"].is_string() ||
      !json.contains("secret") || !json["secret"].is_string() || !json.contains("events") ||
      !json["events"].is_array() || !json.contains("format") || !json.contains("active")) {
    return Error(400, "invalid_request", "url, secret, events, format and active");
  }
  Webhook webhook;
  webhook.url = json["url"].get<std::string>();
  webhook.secret = json["secret"].get<std::string>();
  for (const Json& event : json["events"]) webhook.events.push_back(event.get<std::string>());
  webhook.active = Truthy(json["active"]);
  webhook.format = json["format"].is_number() ? json["format"].get<int>() : -1;
  if (id == 0) {
    webhook.id = static_cast<int64_t>(webhooks_.size()) + 1;
    webhooks_.push_back(webhook);
    return {200, absl::StrCat(webhook.id)};
  }
  for (Webhook& existing : webhooks_) {
    if (existing.id != id) continue;
    webhook.id = id;
    existing = webhook;
    return {200, "1"};
  }
  return Error(404, "invalid_request", "no such webhook");
}

}  // namespace opinus::testing
