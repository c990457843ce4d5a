#include "common/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace opinus::metrics {
namespace {

// C++17 has no fetch_add for atomic doubles: a compare-exchange loop, which
// only spins while another thread adds at the same instant.
void AtomicAdd(std::atomic<double>* target, double amount) {
  double current = target->load(std::memory_order_relaxed);
  while (!target->compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
  }
}

// FormatValue prints integers without a fraction (counts stay exact up to
// 2^53) and other values with enough digits to read back.
std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  return absl::StrFormat("%.15g", value);
}

// Escape escapes what the format requires: backslash and line feed, and in
// label values (`quotes`) the double quote too.
std::string Escape(absl::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || (quotes && c == '"')) {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// LabelSet renders {a="x",b="y"} (empty when there are no labels), with an
// optional extra label last (a histogram's `le`).
std::string LabelSet(const std::vector<std::string>& names, const std::vector<std::string>& values,
                     absl::string_view extra_name = "", absl::string_view extra_value = "") {
  std::vector<std::string> pairs;
  for (size_t i = 0; i < names.size(); ++i) {
    pairs.push_back(absl::StrCat(names[i], "=\"", Escape(values[i], /*quotes=*/true), "\""));
  }
  if (!extra_name.empty()) pairs.push_back(absl::StrCat(extra_name, "=\"", extra_value, "\""));
  if (pairs.empty()) return "";
  return absl::StrCat("{", absl::StrJoin(pairs, ","), "}");
}

absl::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kCounter:
      return "counter";
    case Kind::kGauge:
      return "gauge";
    case Kind::kHistogram:
      return "histogram";
  }
  return "untyped";
}

template <typename Metric>
std::unique_ptr<Metric> MakeMetric(const std::vector<double>*) {
  return std::make_unique<Metric>();
}

template <>
std::unique_ptr<Histogram> MakeMetric<Histogram>(const std::vector<double>* bounds) {
  return std::make_unique<Histogram>(bounds);
}

void RenderSamples(const std::string& name, const std::vector<std::string>& label_names,
                   const std::vector<std::string>& values, const Counter& counter,
                   std::string* out) {
  absl::StrAppend(out, name, LabelSet(label_names, values), " ", FormatValue(counter.Value()),
                  "\n");
}

void RenderSamples(const std::string& name, const std::vector<std::string>& label_names,
                   const std::vector<std::string>& values, const Gauge& gauge, std::string* out) {
  absl::StrAppend(out, name, LabelSet(label_names, values), " ", FormatValue(gauge.Value()), "\n");
}

void RenderSamples(const std::string& name, const std::vector<std::string>& label_names,
                   const std::vector<std::string>& values, const std::vector<double>& bounds,
                   const Histogram& histogram, std::string* out) {
  const Histogram::Snapshot snapshot = histogram.Read();
  for (size_t i = 0; i < bounds.size(); ++i) {
    absl::StrAppend(out, name, "_bucket",
                    LabelSet(label_names, values, "le", FormatValue(bounds[i])), " ",
                    snapshot.cumulative[i], "\n");
  }
  absl::StrAppend(out, name, "_bucket", LabelSet(label_names, values, "le", "+Inf"), " ",
                  snapshot.count, "\n");
  absl::StrAppend(out, name, "_sum", LabelSet(label_names, values), " ", FormatValue(snapshot.sum),
                  "\n");
  absl::StrAppend(out, name, "_count", LabelSet(label_names, values), " ", snapshot.count, "\n");
}

}  // namespace

void Counter::Increment(double amount) {
  if (!(amount >= 0)) return;
  AtomicAdd(&value_, amount);
}

void Gauge::Add(double amount) { AtomicAdd(&value_, amount); }

Histogram::Histogram(const std::vector<double>* bounds)
    : bounds_(bounds), counts_(new std::atomic<uint64_t>[bounds->size() + 1]) {
  for (size_t i = 0; i <= bounds_->size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  const size_t bucket = static_cast<size_t>(
      std::lower_bound(bounds_->begin(), bounds_->end(), value) - bounds_->begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(&sum_, value);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_->size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    if (i < bounds_->size()) snapshot.cumulative.push_back(running);
  }
  // The count is the +Inf bucket, so buckets and count always agree even
  // while other threads observe.
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

std::vector<double> LatencyBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

template <typename Metric>
Metric& Family<Metric>::With(std::initializer_list<absl::string_view> label_values) {
  // A wrong number of values is a programming error that would expose
  // malformed series: stop at once, in the first test that runs the code.
  if (label_values.size() != label_names_.size()) std::abort();
  const std::string key = absl::StrJoin(label_values, "\xff");
  {
    absl::ReaderMutexLock lock(&mutex_);
    if (auto it = metrics_.find(key); it != metrics_.end()) return *it->second.metric;
  }
  absl::MutexLock lock(&mutex_);
  Entry& entry = metrics_[key];
  if (entry.metric == nullptr) {
    for (absl::string_view value : label_values) entry.values.emplace_back(value);
    entry.metric = MakeMetric<Metric>(&bounds_);
  }
  return *entry.metric;
}

template <typename Metric>
void Family<Metric>::Render(std::string* out) const {
  absl::StrAppend(out, "# HELP ", name_, " ", Escape(help_, /*quotes=*/false), "\n# TYPE ", name_,
                  " ", KindName(kind_), "\n");
  absl::ReaderMutexLock lock(&mutex_);
  // Sorted by label values, so that scrapes read the same from one to the next.
  std::map<std::vector<std::string>, const Metric*> sorted;
  for (const auto& [key, entry] : metrics_) sorted.emplace(entry.values, entry.metric.get());
  for (const auto& [values, metric] : sorted) {
    if constexpr (std::is_same_v<Metric, Histogram>) {
      RenderSamples(name_, label_names_, values, bounds_, *metric, out);
    } else {
      RenderSamples(name_, label_names_, values, *metric, out);
    }
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

Registry::Registered& Registry::Find(absl::string_view name, absl::string_view help, Kind kind,
                                     std::vector<std::string> label_names,
                                     std::vector<double> bounds) {
  for (const std::unique_ptr<Registered>& registered : families_) {
    if (registered->name != name) continue;
    if (registered->kind != kind) std::abort();
    return *registered;
  }
  auto registered = std::make_unique<Registered>();
  registered->name = std::string(name);
  registered->kind = kind;
  switch (kind) {
    case Kind::kCounter:
      registered->counter.reset(new Family<Counter>(std::string(name), std::string(help), kind,
                                                    std::move(label_names), {}));
      break;
    case Kind::kGauge:
      registered->gauge.reset(new Family<Gauge>(std::string(name), std::string(help), kind,
                                                std::move(label_names), {}));
      break;
    case Kind::kHistogram:
      registered->histogram.reset(new Family<Histogram>(std::string(name), std::string(help), kind,
                                                        std::move(label_names), std::move(bounds)));
      break;
  }
  families_.push_back(std::move(registered));
  return *families_.back();
}

Family<Counter>& Registry::AddCounter(absl::string_view name, absl::string_view help,
                                      std::vector<std::string> label_names) {
  absl::MutexLock lock(&mutex_);
  Registered& registered = Find(name, help, Kind::kCounter, std::move(label_names), {});
  return *registered.counter;
}

Family<Gauge>& Registry::AddGauge(absl::string_view name, absl::string_view help,
                                  std::vector<std::string> label_names) {
  absl::MutexLock lock(&mutex_);
  Registered& registered = Find(name, help, Kind::kGauge, std::move(label_names), {});
  return *registered.gauge;
}

Family<Histogram>& Registry::AddHistogram(absl::string_view name, absl::string_view help,
                                          std::vector<std::string> label_names,
                                          std::vector<double> bounds) {
  std::sort(bounds.begin(), bounds.end());
  absl::MutexLock lock(&mutex_);
  Registered& registered =
      Find(name, help, Kind::kHistogram, std::move(label_names), std::move(bounds));
  return *registered.histogram;
}

void Registry::AddCollector(std::function<void()> collect) {
  absl::MutexLock lock(&mutex_);
  collectors_.push_back(std::move(collect));
}

std::string Registry::Render() const {
  std::vector<std::function<void()>> collectors;
  {
    absl::ReaderMutexLock lock(&mutex_);
    collectors = collectors_;
  }
  // Outside the lock: a collector may be slow (a query) and may register.
  for (const std::function<void()>& collect : collectors) collect();
  std::string out;
  absl::ReaderMutexLock lock(&mutex_);
  for (const std::unique_ptr<Registered>& registered : families_) {
    switch (registered->kind) {
      case Kind::kCounter:
        registered->counter->Render(&out);
        break;
      case Kind::kGauge:
        registered->gauge->Render(&out);
        break;
      case Kind::kHistogram:
        registered->histogram->Render(&out);
        break;
    }
  }
  return out;
}

}  // namespace opinus::metrics
