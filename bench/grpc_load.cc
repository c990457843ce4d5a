// opinus-bench-grpc: scenario 2's load client (bench/README.md). Calls
// OrderEventService/RecordOrderEvent on opinus-server directly, with the
// orders bench/wrk/webhooks.lua posts to the gateway (the sample order, a
// distinct order id and e-mail per request, every 5th a repeat of an order
// already sent, the shop a function of the order), keeping `concurrency`
// calls in flight for `seconds`. One channel, as the gateway has.
//
// Prints one line "BENCH_JSON {...}" with the fields the wrk script prints.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/shoper/shoper_webhook.h"
#include "opinus/v1/order_event.grpc.pb.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "opinus-server's gRPC address");
ABSL_FLAG(std::string, sample, "", "the Shoper order.status body every request is made from");
ABSL_FLAG(std::string, prefix, "grpc", "start of every order id, distinct per run");
ABSL_FLAG(int, shops, 1000, "shops the orders spread over (keys bench000000000000000 ..)");
ABSL_FLAG(int, repeat_every, 5, "every Nth request repeats an order already sent");
ABSL_FLAG(int, concurrency, 16, "calls in flight");
ABSL_FLAG(int, seconds, 30, "how long new calls start");

namespace {

namespace v1 = ::opinus::v1;
using Clock = std::chrono::steady_clock;

// Orders makes the requests in the wrk script's sequence (its thread 0).
class Orders {
 public:
  explicit Orders(v1::OrderEvent sample) : sample_(std::move(sample)), random_(1000) {}

  v1::RecordOrderEventRequest Next() {
    ++sent_;
    long long n;
    if (distinct_ > 0 && sent_ % absl::GetFlag(FLAGS_repeat_every) == 0) {
      n = std::uniform_int_distribution<long long>(1, distinct_)(random_);
    } else {
      n = ++distinct_;
    }
    v1::RecordOrderEventRequest request;
    request.set_webhook_key(absl::StrFormat("bench%015d", (n * 7919) % absl::GetFlag(FLAGS_shops)));
    *request.mutable_event() = sample_;
    request.mutable_event()->set_order_id(absl::StrCat(absl::GetFlag(FLAGS_prefix), "-0-", n));
    request.mutable_event()->set_customer_email(absl::StrCat("klient", n, ".0@example.com"));
    return request;
  }

  long long sent() const { return sent_; }
  long long distinct() const { return distinct_; }

 private:
  v1::OrderEvent sample_;
  std::mt19937_64 random_;
  long long sent_ = 0;
  long long distinct_ = 0;
};

// Call is one RPC in flight; its address is its completion queue tag.
struct Call {
  grpc::ClientContext context;
  v1::RecordOrderEventRequest request;
  v1::RecordOrderEventResponse response;
  grpc::Status status;
  Clock::time_point start;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::RecordOrderEventResponse>> reader;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::ifstream file(absl::GetFlag(FLAGS_sample), std::ios::binary);
  std::stringstream body;
  body << file.rdbuf();
  absl::StatusOr<v1::OrderEvent> sample =
      opinus::shoper::TranslateShoperWebhook(opinus::shoper::kDefaultShoperEventName, body.str());
  if (!file || !sample.ok()) {
    std::fprintf(stderr, "bench-grpc: cannot use sample %s: %s\n",
                 absl::GetFlag(FLAGS_sample).c_str(), sample.status().ToString().c_str());
    return 2;
  }
  Orders orders(*std::move(sample));
  auto stub = v1::OrderEventService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_server), grpc::InsecureChannelCredentials()));
  grpc::CompletionQueue queue;

  auto start_call = [&] {
    auto* call = new Call;
    call->request = orders.Next();
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    call->start = Clock::now();
    call->reader = stub->AsyncRecordOrderEvent(&call->context, call->request, &queue);
    call->reader->Finish(&call->response, &call->status, call);
  };

  const Clock::time_point begin = Clock::now();
  const Clock::time_point end = begin + std::chrono::seconds(absl::GetFlag(FLAGS_seconds));
  for (int i = 0; i < absl::GetFlag(FLAGS_concurrency); ++i) start_call();
  int in_flight = absl::GetFlag(FLAGS_concurrency);
  std::vector<long long> latencies_us;
  long long errors = 0;
  std::string first_error;
  void* tag = nullptr;
  bool ok = false;
  // Every call ends by its 5 s deadline, so the drain is bounded too.
  while (in_flight > 0 && queue.Next(&tag, &ok)) {
    std::unique_ptr<Call> call(static_cast<Call*>(tag));
    --in_flight;
    const Clock::time_point now = Clock::now();
    latencies_us.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(now - call->start).count());
    if (!ok || !call->status.ok()) {
      if (errors++ == 0) first_error = call->status.error_message();
    }
    if (now < end) {
      start_call();
      ++in_flight;
    }
  }
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  const long long duration_us =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - begin).count();
  std::sort(latencies_us.begin(), latencies_us.end());
  auto percentile = [&](double p) {
    if (latencies_us.empty()) return 0LL;
    return latencies_us[std::min(latencies_us.size() - 1,
                                 static_cast<std::size_t>(p * latencies_us.size()))];
  };
  if (errors > 0)
    std::fprintf(stderr, "bench-grpc: %lld errors, first: %s\n", errors, first_error.c_str());
  std::printf(
      "BENCH_JSON {\"requests\":%zu,\"duration_us\":%lld,\"errors_status\":%lld,"
      "\"errors_socket\":0,\"p50_us\":%lld,\"p99_us\":%lld,\"max_us\":%lld,\"generated\":%lld,"
      "\"distinct_orders\":%lld}\n",
      latencies_us.size(), duration_us, errors, percentile(0.50), percentile(0.99),
      latencies_us.empty() ? 0LL : latencies_us.back(), orders.sent(), orders.distinct());
  return 0;
}
