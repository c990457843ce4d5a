// Webhook load for the fault suite: the deliveries of many orders (status
// changes shuffled, some delivered twice) and a client that sends them over
// several connections and retries every non-2xx answer, as Shoper would.
#ifndef OPINUS_TESTS_FAULT_WEBHOOK_LOAD_H_
#define OPINUS_TESTS_FAULT_WEBHOOK_LOAD_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace opinus::testing {

// OrderFate is how an order's life ends, which its id's first digit tells:
// 1 shipped (status 7, a trigger), 2 cancelled before shipping (status 8),
// 3 shipped and then cancelled (7, then 8).
enum class OrderFate { kShipped = 1, kCancelled = 2, kShippedThenCancelled = 3 };

// Delivery is one webhook request.
struct Delivery {
  std::string key;
  std::string order_id;
  int status_id = 0;
  std::string body;
};

// LoadPlan is the deliveries to send and what they should leave behind.
struct LoadPlan {
  std::vector<Delivery> deliveries;
  // Orders per fate, over all shops.
  std::map<OrderFate, int> orders;
};

// MakeLoadPlan returns about `total` deliveries over the shops of `keys`:
// each order's status changes (1, 2, then its fate's), `duplicate_share` of
// them sent twice, all shuffled with `seed`. Fates: 60 % shipped, 25 %
// cancelled, 15 % shipped then cancelled. `template_body` is a Shoper order.
LoadPlan MakeLoadPlan(const std::vector<std::string>& keys, int total, double duplicate_share,
                      const std::string& template_body, uint32_t seed);

// SampleOrder returns the Shoper order of tests/testdata that plans start from.
std::string SampleOrder();

// LoadReport counts what a LoadClient saw.
struct LoadReport {
  int delivered = 0;         // deliveries finally answered 2xx
  int failed = 0;            // gave up (4xx, or out of time)
  int attempts = 0;          // requests sent, retries included
  std::map<int, int> codes;  // answers by HTTP status (0: no answer)
  absl::Duration elapsed;
  // The failed deliveries' last answers, a few of them.
  std::vector<std::string> failures;
};

// LoadClient sends deliveries to the gateway on 127.0.0.1:`port`.
class LoadClient {
 public:
  // Each delivery is retried on every non-2xx (5xx, 429, no answer) except
  // other 4xx, pausing `retry_pause` between tries, until `give_up_after`.
  LoadClient(uint16_t port, int connections, absl::Duration retry_pause,
             absl::Duration give_up_after)
      : port_(port),
        connections_(connections),
        retry_pause_(retry_pause),
        give_up_after_(give_up_after) {}

  // Send sends every delivery of `deliveries` (each exactly until its 2xx)
  // and returns what happened. Blocks until all are done.
  LoadReport Send(const std::vector<Delivery>& deliveries);

  // completed returns how many deliveries Send has finished so far (from any
  // thread, to time a fault during the load).
  int completed() const { return completed_.load(); }

 private:
  uint16_t port_;
  int connections_;
  absl::Duration retry_pause_;
  absl::Duration give_up_after_;
  std::atomic<int> completed_{0};
};

// FaultScale returns `short_value`, or `long_value` when the environment sets
// OPINUS_FAULT_LONG=1 (the long form of the fault suite).
int FaultScale(int short_value, int long_value);

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_FAULT_WEBHOOK_LOAD_H_
