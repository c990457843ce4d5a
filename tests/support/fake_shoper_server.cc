#include "tests/support/fake_shoper_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <algorithm>
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
    const Reply reply =
        server_->Answer(Pistache::Http::methodString(request.method()), request.resource(),
                        request.query().get("grant_type").value_or(""),
                        authorization ? authorization->value() : "", request.body());
    response.send(static_cast<Pistache::Http::Code>(reply.first), reply.second,
                  MIME(Application, Json));
  }

 private:
  FakeShoperServer* server_;
};

absl::StatusOr<std::unique_ptr<FakeShoperServer>> FakeShoperServer::Start(
    std::string client_id, std::string client_secret) {
  std::unique_ptr<FakeShoperServer> server(new FakeShoperServer());
  server->client_id_ = std::move(client_id);
  server->client_secret_ = std::move(client_secret);
  auto endpoint = std::make_unique<Pistache::Http::Endpoint>(
      Pistache::Address(Pistache::IP::loopback(), Pistache::Port(0)));
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

std::pair<int, std::string> FakeShoperServer::Answer(const std::string& method,
                                                     const std::string& path,
                                                     const std::string& grant_type,
                                                     const std::string& authorization,
                                                     const std::string& body) {
  absl::MutexLock lock(&mutex_);
  Reply reply = Error(400, "invalid_request", "unknown resource");
  if (down_) {
    reply = Error(503, "temporarily_unavailable", "down for a test");
  } else if (method == "POST" && path == kTokenPath) {
    reply = ExchangeCode(grant_type, authorization, body);
  } else if (absl::StartsWith(path, kWebhooksPath)) {
    absl::string_view bearer = authorization;
    const bool known =
        absl::ConsumePrefix(&bearer, "Bearer ") &&
        std::find(access_tokens_.begin(), access_tokens_.end(), bearer) != access_tokens_.end();
    absl::string_view id_text = path;
    int64_t id = 0;
    if (!known) {
      reply = Error(401, "unauthorized_client", "bad token");
    } else if (method == "POST" && path == kWebhooksPath) {
      reply = SaveWebhook(0, body);
    } else if (method == "PUT" && absl::ConsumePrefix(&id_text, absl::StrCat(kWebhooksPath, "/")) &&
               absl::SimpleAtoi(id_text, &id)) {
      reply = SaveWebhook(id, body);
    }
  }
  calls_.push_back({method, path, reply.first});
  return reply;
}

std::pair<int, std::string> FakeShoperServer::ExchangeCode(const std::string& grant_type,
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
  if (grant_type != "authorization_code" && form["grant_type"] != "authorization_code") {
    return Error(400, "unsupported_grant_type", "grant_type");
  }
  if (auth_codes_.erase(form["code"]) == 0) {
    return Error(400, "invalid_grant", "unknown or used authorization code");
  }
  const std::string access = absl::StrCat("fake-access-", access_tokens_.size() + 1, "-Zq8");
  access_tokens_.push_back(access);
  return {200, Json{{"access_token", access},
                    {"refresh_token", absl::StrCat("fake-refresh-", access_tokens_.size(), "-Zq8")},
                    {"expires_in", "2592000"},
                    {"token_type", "bearer"},
                    {"scope", "webhooks"}}
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
