#include "common/metrics.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"

namespace opinus::metrics {
namespace {

TEST(MetricsTest, CounterWithLabelsRendersHelpTypeAndOneLinePerLabelSet) {
  Registry registry;
  Family<Counter>& requests =
      registry.AddCounter("http_requests_total", "HTTP requests answered.", {"route", "code"});
  requests.With({"/api/{key}", "200"}).Increment();
  requests.With({"/api/{key}", "200"}).Increment(2);
  requests.With({"/healthz", "200"}).Increment();

  EXPECT_EQ(registry.Render(),
            "# HELP http_requests_total HTTP requests answered.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{route=\"/api/{key}\",code=\"200\"} 3\n"
            "http_requests_total{route=\"/healthz\",code=\"200\"} 1\n");
}

TEST(MetricsTest, FamilyWithoutSamplesStillHasHelpAndType) {
  Registry registry;
  registry.AddGauge("pool_size", "Connections.");
  EXPECT_EQ(registry.Render(), "# HELP pool_size Connections.\n# TYPE pool_size gauge\n");
}

TEST(MetricsTest, GaugeGoesUpAndDownAndPrintsFractions) {
  Registry registry;
  Gauge& gauge = registry.AddGauge("temperature", "Degrees.").With({});
  gauge.Set(10);
  gauge.Add(-2.5);
  EXPECT_DOUBLE_EQ(gauge.Value(), 7.5);
  EXPECT_TRUE(absl::StrContains(registry.Render(), "\ntemperature 7.5\n"));
}

TEST(MetricsTest, CounterIgnoresNegativeIncrements) {
  Counter counter;
  counter.Increment(-1);
  EXPECT_EQ(counter.Value(), 0);
}

TEST(MetricsTest, HistogramRendersCumulativeBucketsSumAndCount) {
  Registry registry;
  Histogram& latency =
      registry.AddHistogram("latency_seconds", "Latency.", {"route"}, {0.1, 1}).With({"/x"});
  latency.Observe(0.05);
  latency.Observe(0.1);  // On a bound: counted in that bucket (le means <=).
  latency.Observe(0.5);
  latency.Observe(7);

  EXPECT_EQ(registry.Render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"
            "latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{route=\"/x\"} 7.65\n"
            "latency_seconds_count{route=\"/x\"} 4\n");
}

TEST(MetricsTest, LabelValuesAndHelpAreEscaped) {
  Registry registry;
  registry.AddCounter("odd_total", "Back\\slash and\nnewline.", {"value"})
      .With({"a\"b\\c\nd"})
      .Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP odd_total Back\\\\slash and\\nnewline.\n"
            "# TYPE odd_total counter\n"
            "odd_total{value=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsTest, SameNameReturnsSameFamily) {
  Registry registry;
  Family<Counter>& first = registry.AddCounter("events_total", "Events.", {"kind"});
  Family<Counter>& second = registry.AddCounter("events_total", "Events.", {"kind"});
  EXPECT_EQ(&first, &second);
  EXPECT_EQ(&first.With({"a"}), &second.With({"a"}));
}

TEST(MetricsTest, CollectorsRunBeforeEachRender) {
  Registry registry;
  Gauge& rows = registry.AddGauge("rows", "Rows.").With({});
  int runs = 0;
  registry.AddCollector([&] { rows.Set(++runs * 10); });
  EXPECT_TRUE(absl::StrContains(registry.Render(), "\nrows 10\n"));
  EXPECT_TRUE(absl::StrContains(registry.Render(), "\nrows 20\n"));
}

TEST(MetricsTest, ConcurrentUpdatesAreAllCounted) {
  Registry registry;
  Family<Counter>& counter = registry.AddCounter("hits_total", "Hits.", {"thread"});
  Family<Histogram>& histogram = registry.AddHistogram("work_seconds", "Work.", {});
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Half the threads share one label set, so creation races too.
        counter.With({t % 2 == 0 ? "even" : std::to_string(t)}).Increment();
        histogram.With({}).Observe(0.001);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.With({"even"}).Value(), 2 * kPerThread);
  EXPECT_EQ(counter.With({"1"}).Value(), kPerThread);
  EXPECT_EQ(histogram.With({}).Read().count, static_cast<uint64_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace opinus::metrics
