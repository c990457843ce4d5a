// FakeShoperServer: as much of a shop's Shoper REST API as connecting it
// takes (POST oauth/token for a code or a refresh token, GET
// application-config, GET statuses, POST and PUT webhooks) and reading its
// orders (GET orders), served over HTTP on loopback inside the test process.
#ifndef OPINUS_TESTS_SUPPORT_FAKE_SHOPER_SERVER_H_
#define OPINUS_TESTS_SUPPORT_FAKE_SHOPER_SERVER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/support/fake_shoper_bucket.h"
#include "tests/support/fake_shoper_orders.h"

namespace Pistache::Http {
class Endpoint;
}

namespace opinus::testing {

// FakeShoperServer checks what the reference says Shoper checks: the token
// endpoint's HTTP Basic credentials, its one-time auth code or the latest
// refresh token (grant_type taken from the query or the form body; a
// refresh makes the old refresh token useless), and on every other call a
// bearer token it issued that has not expired (else 401 unauthorized_client).
// Lists page as Shoper's do (`limit` 1-50, else 10; `page` from 1; `count`
// a string). Every call counts against the shop's rate limit
// (FakeShoperBucket: 429 with Retry-After beyond it). It records every call
// and can be told to answer 503, to refuse refreshes, and how long the
// tokens it issues last. As Shoper does, it sends order and parcel webhooks,
// signed, to the webhooks registered with it (SendOrder, SendParcel; also
// over HTTP under /stand-in/, for scripts/dev: see fake_shoper_stand_in.cc).
// Thread-safe.
class FakeShoperServer {
 public:
  // Call is one request as answered.
  struct Call {
    std::string method;
    std::string path;
    int status = 0;
    // When it arrived, and the Retry-After of a 429 (else 0).
    absl::Time time;
    int retry_after = 0;
  };
  // Webhook is one webhook as last created or updated.
  struct Webhook {
    int64_t id = 0;
    std::string url;
    std::string secret;
    std::vector<std::string> events;
    bool active = false;
    int format = -1;
  };

  // Start listens on 127.0.0.1:`port` (0: a free port) for an app with
  // these credentials. UNAVAILABLE when it cannot listen.
  static absl::StatusOr<std::unique_ptr<FakeShoperServer>> Start(std::string client_id,
                                                                 std::string client_secret,
                                                                 uint16_t port = 0);
  ~FakeShoperServer();

  // url returns "http://127.0.0.1:<port>", the shop_url of its shop.
  std::string url() const;

  // IssueAuthCode makes `code` good for one exchange.
  void IssueAuthCode(const std::string& code);
  // SetDown makes every call answer 503 (true) or be served again (false).
  void SetDown(bool down);
  // SetTokenLifetimes makes the next tokens issued say they expire in these
  // many seconds, one each in order; later ones say 30 days.
  void SetTokenLifetimes(std::vector<int> seconds);
  // ExpireNextAccessTokens makes the next `count` access tokens issued
  // answer 401 at once, as a token expired early (or revoked) does.
  void ExpireNextAccessTokens(int count);
  // RevokeAccessTokensAfterOrdersPage makes every access token issued so
  // far answer 401 once GET orders has answered page `page` of a listing (a
  // count, `limit` 1, does not count), as when Shoper revokes a token in the
  // middle of a backfill.
  void RevokeAccessTokensAfterOrdersPage(int page);
  // RefuseRefresh makes every refresh answer 400 invalid_grant (true), or
  // be served again (false).
  void RefuseRefresh(bool refuse);
  // AddOrder adds an order that GET orders lists.
  void AddOrder(FakeShoperOrder order);
  // RefuseNext makes the next `count` calls answer 429 with Retry-After
  // `retry_after_seconds`, whatever the bucket holds.
  void RefuseNext(int count, int retry_after_seconds);
  // SetTimeZone sets application-config's locale_timezone (Europe/Warsaw
  // until set).
  void SetTimeZone(std::string zone);

  // SendOrder posts `order` (a JSON order) to every active webhook
  // registered for order.status, as Shoper delivers it: headers
  // X-Shop-Domain, X-Shop-License (`licence`), X-Webhook-Id,
  // X-Webhook-Name and X-Webhook-Sha1 (sha1hex of "<id>:<secret>:<body>").
  // Returns the HTTP status of each delivery, in webhook order; a webhook
  // whose URL is not http://127.0.0.1:<port>/... counts as status 0.
  std::vector<int> SendOrder(const std::string& order, const std::string& licence);
  // SendParcel posts `parcel` (a JSON parcel) as SendOrder posts an order,
  // to every active webhook registered for parcel.dispatch, named so.
  std::vector<int> SendParcel(const std::string& parcel, const std::string& licence);

  std::vector<Call> calls();
  std::vector<Webhook> webhooks();
  // access_tokens and refresh_tokens return the tokens issued, oldest first.
  std::vector<std::string> access_tokens();
  std::vector<std::string> refresh_tokens();

 private:
  class Handler;
  FakeShoperServer() = default;

  // Query is the query parameters the fake reads.
  struct Query {
    std::string grant_type;
    std::string page;
    std::string limit;
    std::string filters;
    std::string order;
  };

  // SendEvent posts `body` as Shoper's `event` to every active webhook
  // registered for it (SendOrder, SendParcel).
  std::vector<int> SendEvent(const std::string& event, const std::string& body,
                             const std::string& licence);
  // StandIn answers the stand-in's own requests (paths under /stand-in/),
  // nullopt for any other path.
  std::optional<std::pair<int, std::string>> StandIn(const std::string& method,
                                                     const std::string& path,
                                                     const std::string& body);

  // Throttle returns 0 when the shop's bucket admits a call to `path`, else
  // the Retry-After of its 429, recorded as the call's answer.
  int Throttle(const std::string& method, const std::string& path);
  // Answer returns the status and JSON body for one request.
  std::pair<int, std::string> Answer(const std::string& method, const std::string& path,
                                     const Query& query, const std::string& authorization,
                                     const std::string& body);
  std::pair<int, std::string> GrantTokens(const std::string& grant_type,
                                          const std::string& authorization, const std::string& body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Issue returns a fresh pair of tokens as the token endpoint answers them.
  std::pair<int, std::string> Issue() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Authorized returns whether `authorization` carries a live access token.
  bool Authorized(const std::string& authorization) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  std::pair<int, std::string> Statuses(const Query& query) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  std::pair<int, std::string> SaveWebhook(int64_t id, const std::string& body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  uint16_t port_ = 0;
  absl::Mutex mutex_;
  bool down_ ABSL_GUARDED_BY(mutex_) = false;
  std::string client_id_;
  std::string client_secret_;
  std::set<std::string> auth_codes_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::string> access_tokens_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::string> refresh_tokens_ ABSL_GUARDED_BY(mutex_);
  std::set<std::string> expired_ ABSL_GUARDED_BY(mutex_);
  std::vector<int> lifetimes_ ABSL_GUARDED_BY(mutex_);
  int expire_next_ ABSL_GUARDED_BY(mutex_) = 0;
  // 0: none to revoke.
  int revoke_after_page_ ABSL_GUARDED_BY(mutex_) = 0;
  bool refuse_refresh_ ABSL_GUARDED_BY(mutex_) = false;
  std::string time_zone_ ABSL_GUARDED_BY(mutex_) = "Europe/Warsaw";
  FakeShoperBucket bucket_ ABSL_GUARDED_BY(mutex_);
  FakeShoperOrders orders_ ABSL_GUARDED_BY(mutex_);
  std::vector<Call> calls_ ABSL_GUARDED_BY(mutex_);
  std::vector<Webhook> webhooks_ ABSL_GUARDED_BY(mutex_);
  // For StandIn: what an order posted without a body sends, and the
  // licence it names.
  std::string default_order_ ABSL_GUARDED_BY(mutex_);
  std::string licence_ ABSL_GUARDED_BY(mutex_);

 public:
  // SetStandIn sets what POST /stand-in/orders without a body sends, and
  // as which licence.
  void SetStandIn(std::string default_order, std::string licence);
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_SUPPORT_FAKE_SHOPER_SERVER_H_
