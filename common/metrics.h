// Metrics: counters, gauges and histograms with labels, and their Prometheus
// text exposition (format 0.0.4). Each process makes one Registry in its main
// (or a server owns one) and hands it to whatever counts; nothing here is global.
#ifndef OPINUS_COMMON_METRICS_H_
#define OPINUS_COMMON_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace opinus::metrics {

// The content type of Registry::Render's text.
inline constexpr char kTextContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// Counter is a value that only goes up. Thread-safe and lock-free.
class Counter {
 public:
  // Increment adds `amount`, which must not be negative (ignored if it is).
  void Increment(double amount = 1);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Gauge is a value that goes up and down. Thread-safe and lock-free.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double amount);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Histogram counts observations into buckets with fixed upper bounds (plus
// +Inf) and keeps their sum. Thread-safe and lock-free.
class Histogram {
 public:
  // `bounds` are the buckets' upper bounds, ascending; not owned, and must
  // outlive the histogram (its family keeps them).
  explicit Histogram(const std::vector<double>* bounds);

  void Observe(double value);
  // ObserveDuration observes `duration` in seconds.
  void ObserveDuration(absl::Duration duration) { Observe(absl::ToDoubleSeconds(duration)); }

  // Snapshot is a histogram as exposed: cumulative counts per bound, then +Inf.
  struct Snapshot {
    std::vector<uint64_t> cumulative;
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Read() const;

 private:
  const std::vector<double>* bounds_;
  // One more than bounds_: the last is +Inf.
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

// LatencyBuckets returns upper bounds in seconds from 5 ms to 10 s, for
// request and query latencies.
std::vector<double> LatencyBuckets();

enum class Kind { kCounter, kGauge, kHistogram };

// Family is every metric of one name, one per combination of label values.
// Thread-safe. Metrics are made on first use and live as long as the family,
// so a caller may keep the reference With returns.
template <typename Metric>
class Family {
 public:
  // With returns the metric for `label_values`, given in the order of the
  // family's label names (as many values as names). Takes a reader lock and
  // a hash lookup; a writer lock only the first time a combination is seen.
  Metric& With(std::initializer_list<absl::string_view> label_values);

 private:
  friend class Registry;
  Family(std::string name, std::string help, Kind kind, std::vector<std::string> label_names,
         std::vector<double> bounds)
      : name_(std::move(name)),
        help_(std::move(help)),
        kind_(kind),
        label_names_(std::move(label_names)),
        bounds_(std::move(bounds)) {}

  // Render appends the family's HELP, TYPE and sample lines to `out`.
  void Render(std::string* out) const;

  const std::string name_;
  const std::string help_;
  const Kind kind_;
  const std::vector<std::string> label_names_;
  const std::vector<double> bounds_;
  mutable absl::Mutex mutex_;
  // Keyed by the label values joined with '\xff', which no label value holds
  // in practice; `values_` keeps them apart for rendering.
  struct Entry {
    std::vector<std::string> values;
    std::unique_ptr<Metric> metric;
  };
  absl::flat_hash_map<std::string, Entry> metrics_ ABSL_GUARDED_BY(mutex_);
};

// Registry owns metric families and renders them all. Thread-safe. Families
// are registered once (typically at start) and never removed.
class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // AddCounter, AddGauge and AddHistogram return the family `name` (which
  // must match [a-zA-Z_:][a-zA-Z0-9_:]*), registering it the first time;
  // a later call with the same name returns the same family and must ask for
  // the same kind (the process aborts otherwise: a programming error).
  Family<Counter>& AddCounter(absl::string_view name, absl::string_view help,
                              std::vector<std::string> label_names = {});
  Family<Gauge>& AddGauge(absl::string_view name, absl::string_view help,
                          std::vector<std::string> label_names = {});
  Family<Histogram>& AddHistogram(absl::string_view name, absl::string_view help,
                                  std::vector<std::string> label_names,
                                  std::vector<double> bounds = LatencyBuckets());

  // AddCollector runs `collect` at the start of every Render, before any
  // family is read: for gauges that are cheaper to read on a scrape than to
  // keep up to date (a count in the database). `collect` must be thread-safe.
  void AddCollector(std::function<void()> collect);

  // Render returns every family in the text exposition format 0.0.4, in the
  // order they were registered, each with its HELP and TYPE lines.
  std::string Render() const;

 private:
  struct Registered {
    std::string name;
    Kind kind;
    std::unique_ptr<Family<Counter>> counter;
    std::unique_ptr<Family<Gauge>> gauge;
    std::unique_ptr<Family<Histogram>> histogram;
  };
  Registered& Find(absl::string_view name, absl::string_view help, Kind kind,
                   std::vector<std::string> label_names, std::vector<double> bounds)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  std::vector<std::unique_ptr<Registered>> families_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::function<void()>> collectors_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::metrics

#endif  // OPINUS_COMMON_METRICS_H_
