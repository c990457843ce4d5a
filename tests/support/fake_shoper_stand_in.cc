// FakeShoperServer as Shoper sends: signed order and parcel webhooks to the
// webhooks registered with it, and the stand-in's own HTTP requests, which
// let scripts/dev (and a person) make it send one:
//   POST /stand-in/orders   the body (or the default order) to every
//                           order.status webhook; answers {"sent":[status...]}
//   POST /stand-in/parcels  the body (a parcel) to every parcel.dispatch
//                           webhook; answers as orders
//   GET  /stand-in/webhooks the webhooks registered (id, url, events), no secret
#include <openssl/sha.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tests/support/fake_shoper_server.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

using Json = nlohmann::json;

std::string Sha1Hex(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// LoopbackTarget splits "http://127.0.0.1:<port>/<path>" into the port and
// the path; false for any other URL (the stand-in sends nowhere else).
bool LoopbackTarget(absl::string_view url, uint16_t* port, std::string* path) {
  if (!absl::ConsumePrefix(&url, "http://127.0.0.1:")) return false;
  const size_t slash = url.find('/');
  int number = 0;
  if (slash == absl::string_view::npos || !absl::SimpleAtoi(url.substr(0, slash), &number) ||
      number < 1 || number > 65535) {
    return false;
  }
  *port = static_cast<uint16_t>(number);
  *path = std::string(url.substr(slash));
  return true;
}

}  // namespace

void FakeShoperServer::SetStandIn(std::string default_order, std::string licence) {
  absl::MutexLock lock(&mutex_);
  default_order_ = std::move(default_order);
  licence_ = std::move(licence);
}

std::vector<int> FakeShoperServer::SendOrder(const std::string& order, const std::string& licence) {
  return SendEvent("order.status", order, licence);
}

std::vector<int> FakeShoperServer::SendParcel(const std::string& parcel,
                                              const std::string& licence) {
  return SendEvent("parcel.dispatch", parcel, licence);
}

std::vector<int> FakeShoperServer::SendEvent(const std::string& event, const std::string& body,
                                             const std::string& licence) {
  // Sent without the lock: the webhook's receiver may call this shop's API
  // meanwhile.
  std::vector<int> statuses;
  for (const Webhook& webhook : webhooks()) {
    const bool subscribed =
        std::find(webhook.events.begin(), webhook.events.end(), event) != webhook.events.end();
    if (!webhook.active || !subscribed) continue;
    uint16_t port = 0;
    std::string path;
    if (!LoopbackTarget(webhook.url, &port, &path)) {
      statuses.push_back(0);
      continue;
    }
    const std::string id = absl::StrCat(webhook.id);
    absl::StatusOr<HttpResponse> response = SendHttpRequest(
        port, "POST", path,
        {{"Content-Type", "application/json"},
         {"X-Shop-Domain", "127.0.0.1"},
         {"X-Shop-License", licence},
         {"X-Shop-Version", "5.0"},
         {"X-Webhook-Id", id},
         {"X-Webhook-Name", event},
         {"X-Webhook-Sha1", Sha1Hex(absl::StrCat(id, ":", webhook.secret, ":", body))}},
        body);
    statuses.push_back(response.ok() ? response->status : 0);
  }
  return statuses;
}

std::optional<std::pair<int, std::string>> FakeShoperServer::StandIn(const std::string& method,
                                                                     const std::string& path,
                                                                     const std::string& body) {
  if (!absl::StartsWith(path, "/stand-in/")) return std::nullopt;
  if (method == "GET" && path == "/stand-in/webhooks") {
    Json list = Json::array();
    for (const Webhook& webhook : webhooks()) {
      list.push_back({{"webhook_id", webhook.id},
                      {"url", webhook.url},
                      {"events", webhook.events},
                      {"active", webhook.active}});
    }
    return std::make_pair(200, list.dump());
  }
  if (method == "POST" && path == "/stand-in/orders") {
    std::string order = body;
    std::string licence;
    {
      absl::MutexLock lock(&mutex_);
      if (order.empty()) order = default_order_;
      licence = licence_;
    }
    if (order.empty()) return std::make_pair(400, Json{{"error", "no order to send"}}.dump());
    return std::make_pair(200, Json{{"sent", SendOrder(order, licence)}}.dump());
  }
  if (method == "POST" && path == "/stand-in/parcels") {
    if (body.empty()) return std::make_pair(400, Json{{"error", "no parcel to send"}}.dump());
    std::string licence;
    {
      absl::MutexLock lock(&mutex_);
      licence = licence_;
    }
    return std::make_pair(200, Json{{"sent", SendParcel(body, licence)}}.dump());
  }
  return std::make_pair(404, Json{{"error", "unknown stand-in request"}}.dump());
}

}  // namespace opinus::testing
