// FakeShoperServer: as much of a shop's Shoper REST API as connecting it
// takes (POST oauth/token, POST and PUT webhooks), served over HTTP on
// loopback inside the test process.
#ifndef OPINUS_TESTS_SUPPORT_FAKE_SHOPER_SERVER_H_
#define OPINUS_TESTS_SUPPORT_FAKE_SHOPER_SERVER_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace Pistache::Http {
class Endpoint;
}

namespace opinus::testing {

// FakeShoperServer checks what the reference says Shoper checks: the token
// exchange's HTTP Basic credentials and one-time auth code (grant_type
// taken from the query or the form body), and a bearer token it issued on
// every webhooks call. It records every call and can be told to answer 503.
// Thread-safe.
class FakeShoperServer {
 public:
  // Call is one request as answered.
  struct Call {
    std::string method;
    std::string path;
    int status = 0;
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

  // Start listens on 127.0.0.1, a free port, for an app with these
  // credentials. UNAVAILABLE when it cannot listen.
  static absl::StatusOr<std::unique_ptr<FakeShoperServer>> Start(std::string client_id,
                                                                 std::string client_secret);
  ~FakeShoperServer();

  // url returns "http://127.0.0.1:<port>", the shop_url of its shop.
  std::string url() const;

  // IssueAuthCode makes `code` good for one exchange.
  void IssueAuthCode(const std::string& code);
  // SetDown makes every call answer 503 (true) or be served again (false).
  void SetDown(bool down);

  std::vector<Call> calls();
  std::vector<Webhook> webhooks();
  // access_tokens returns the tokens issued, oldest first.
  std::vector<std::string> access_tokens();

 private:
  class Handler;
  FakeShoperServer() = default;

  // Answer returns the status and JSON body for one request; `grant_type`
  // is the query's.
  std::pair<int, std::string> Answer(const std::string& method, const std::string& path,
                                     const std::string& grant_type,
                                     const std::string& authorization, const std::string& body);
  std::pair<int, std::string> ExchangeCode(const std::string& grant_type,
                                           const std::string& authorization,
                                           const std::string& body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
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
  std::vector<Call> calls_ ABSL_GUARDED_BY(mutex_);
  std::vector<Webhook> webhooks_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_SUPPORT_FAKE_SHOPER_SERVER_H_
