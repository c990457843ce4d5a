#include "tests/fault/webhook_load.h"

#include <algorithm>
#include <cstdlib>
#include <random>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

using Json = nlohmann::json;

struct Status {
  int id;
  int type;
  const char* name;
};
constexpr Status kNew{1, 1, "złożone"};
constexpr Status kInProgress{2, 2, "w realizacji"};
constexpr Status kShippedStatus{7, 3, "przesyłka wysłana"};
constexpr Status kCancelledStatus{8, 4, "anulowane"};

std::vector<Status> Lifecycle(OrderFate fate) {
  switch (fate) {
    case OrderFate::kShipped:
      return {kNew, kInProgress, kShippedStatus};
    case OrderFate::kCancelled:
      return {kNew, kInProgress, kCancelledStatus};
    case OrderFate::kShippedThenCancelled:
      return {kNew, kShippedStatus, kCancelledStatus};
  }
  return {};
}

OrderFate FateOf(int n) {
  const int bucket = n % 20;
  if (bucket < 12) return OrderFate::kShipped;
  if (bucket < 17) return OrderFate::kCancelled;
  return OrderFate::kShippedThenCancelled;
}

std::string Body(Json order, const std::string& order_id, int n, const Status& status, int step) {
  order["order_id"] = order_id;
  order["email"] = absl::StrCat("buyer", n, "@example.com");
  order["status_id"] = absl::StrCat(status.id);
  order["status"]["status_id"] = absl::StrCat(status.id);
  order["status"]["type"] = absl::StrCat(status.type);
  order["status"]["name"] = status.name;
  // A day per order and an hour per step: later steps are later statuses.
  order["status_date"] = absl::FormatTime(
      "%Y-%m-%d %H:%M:%S",
      absl::FromCivil(absl::CivilSecond(2024, 3, 1, 8, 0, 0), absl::UTCTimeZone()) +
          absl::Hours(24 * (n % 60) + step),
      absl::UTCTimeZone());
  return order.dump();
}

}  // namespace

LoadPlan MakeLoadPlan(const std::vector<std::string>& keys, int total, double duplicate_share,
                      const std::string& template_body, uint32_t seed) {
  const Json order = Json::parse(template_body);
  std::mt19937 random(seed);
  std::bernoulli_distribution duplicate(duplicate_share);
  LoadPlan plan;
  // Three status changes per order, some twice.
  const double per_order = 3 * (1 + duplicate_share);
  const int orders = std::max(1, static_cast<int>(total / per_order));
  for (int n = 0; n < orders; ++n) {
    const OrderFate fate = FateOf(n);
    ++plan.orders[fate];
    const std::string& key = keys[n % keys.size()];
    const std::string order_id = absl::StrCat(static_cast<int>(fate), 100000 + n);
    const std::vector<Status> steps = Lifecycle(fate);
    for (size_t step = 0; step < steps.size(); ++step) {
      Delivery delivery{key, order_id, steps[step].id,
                        Body(order, order_id, n, steps[step], static_cast<int>(step))};
      if (duplicate(random)) plan.deliveries.push_back(delivery);
      plan.deliveries.push_back(std::move(delivery));
    }
  }
  std::shuffle(plan.deliveries.begin(), plan.deliveries.end(), random);
  return plan;
}

LoadReport LoadClient::Send(const std::vector<Delivery>& deliveries) {
  LoadReport report;
  absl::Mutex mutex;
  std::atomic<size_t> next{0};
  const absl::Time start = absl::Now();
  auto work = [&] {
    for (size_t i = next++; i < deliveries.size(); i = next++) {
      const Delivery& delivery = deliveries[i];
      const absl::Time give_up = absl::Now() + give_up_after_;
      int code = 0;
      std::string body;
      int attempts = 0;
      std::map<int, int> codes;
      while (true) {
        ++attempts;
        absl::StatusOr<HttpResponse> response =
            SendHttpRequest(port_, "POST", absl::StrCat("/api/", delivery.key),
                            {{"Content-Type", "application/json; charset=utf-8"},
                             {"X-Webhook-Id", "12"},
                             {"X-Webhook-Name", "order.status"}},
                            delivery.body);
        code = response.ok() ? response->status : 0;
        body = response.ok() ? response->body : std::string(response.status().message());
        ++codes[code];
        const bool final_answer = (code >= 200 && code < 300) ||
                                  (code >= 400 && code < 500 && code != 429 && code != 408);
        if (final_answer || absl::Now() >= give_up) break;
        absl::SleepFor(retry_pause_);
      }
      absl::MutexLock lock(&mutex);
      ++completed_;
      report.attempts += attempts;
      for (const auto& [answer, count] : codes) report.codes[answer] += count;
      if (code >= 200 && code < 300) {
        ++report.delivered;
      } else {
        ++report.failed;
        if (report.failures.size() < 5) {
          report.failures.push_back(absl::StrCat(delivery.order_id, ": ", code, " ", body));
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < connections_; ++i) threads.emplace_back(work);
  for (std::thread& thread : threads) thread.join();
  report.elapsed = absl::Now() - start;
  return report;
}

std::string SampleOrder() {
  return ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"));
}

int FaultScale(int short_value, int long_value) {
  const char* mode = std::getenv("OPINUS_FAULT_LONG");
  return mode != nullptr && std::string(mode) == "1" ? long_value : short_value;
}

}  // namespace opinus::testing
