#include "server/storage/group_commit_order_event_store.h"

#include <algorithm>
#include <memory>

#include "absl/time/clock.h"

namespace opinus::server {
namespace {

metrics::Registry& MetricsOf(const GroupCommitOptions& options, metrics::Registry* own) {
  return options.metrics != nullptr ? *options.metrics : *own;
}

absl::Status QueueFull() { return absl::UnavailableError("ingest queue full"); }

}  // namespace

GroupCommitOrderEventStore::GroupCommitOrderEventStore(OrderEventStore* store,
                                                       GroupCommitOptions options)
    : store_(store),
      options_(options),
      batch_size_(MetricsOf(options, &own_metrics_)
                      .AddHistogram("opinus_ingest_batch_size",
                                    "Order events written in one transaction.", {},
                                    {1, 2, 4, 8, 16, 32, 64, 128, 256, 512})
                      .With({})),
      queue_wait_(MetricsOf(options, &own_metrics_)
                      .AddHistogram("opinus_ingest_queue_wait_seconds",
                                    "Time an order event waited for its batch to start.", {})
                      .With({})),
      write_time_(MetricsOf(options, &own_metrics_)
                      .AddHistogram("opinus_ingest_batch_write_seconds",
                                    "Time a batch of order events took to write and commit.", {})
                      .With({})),
      queued_(MetricsOf(options, &own_metrics_)
                  .AddGauge("opinus_ingest_queued", "Order events waiting for a batch.")
                  .With({})),
      refused_(MetricsOf(options, &own_metrics_)
                   .AddCounter("opinus_ingest_refused_total",
                               "Order events refused at once because the queue was full.")
                   .With({})) {
  for (int i = 0; i < std::max(options_.writers, 1); ++i) {
    writers_.emplace_back([this] { WriterLoop(); });
  }
}

GroupCommitOrderEventStore::~GroupCommitOrderEventStore() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
    work_.SignalAll();
  }
  for (std::thread& writer : writers_) writer.join();
}

bool GroupCommitOrderEventStore::Enqueue(Pending* pending) {
  // Refusing at once lets the gateway answer 503 (Shoper retries) instead
  // of every caller queueing behind a database that cannot keep up.
  if (stopping_ || queue_.size() >= static_cast<std::size_t>(options_.max_queued)) {
    refused_.Increment();
    return false;
  }
  pending->queued = absl::Now();
  queue_.push_back(pending);
  queued_.Set(static_cast<double>(queue_.size()));
  work_.Signal();
  return true;
}

absl::StatusOr<EventRecord> GroupCommitOrderEventStore::Apply(OrderEventWrite write) {
  Pending pending;
  pending.write = std::move(write);
  absl::MutexLock lock(&mutex_);
  if (!Enqueue(&pending)) return QueueFull();
  while (!pending.done) pending.written.Wait(&mutex_);
  return std::move(pending.result);
}

void GroupCommitOrderEventStore::ApplyAsync(OrderEventWrite write, WriteDone done) {
  auto pending = std::make_unique<Pending>();
  pending->write = std::move(write);
  pending->callback = std::move(done);
  {
    absl::MutexLock lock(&mutex_);
    if (Enqueue(pending.get())) {
      // The batch that takes it deletes it.
      pending.release();
      return;
    }
  }
  std::move(pending->callback)(QueueFull());
}

int GroupCommitOrderEventStore::Writable(absl::Time* oldest) const {
  int count = 0;
  for (const Pending* pending : queue_) {
    if (writing_.contains(
            OrderKey(pending->write.record.shop_id, pending->write.record.order_id))) {
      continue;
    }
    if (count == 0 && oldest != nullptr) *oldest = pending->queued;
    if (++count == options_.max_batch) break;
  }
  return count;
}

std::vector<GroupCommitOrderEventStore::Pending*> GroupCommitOrderEventStore::TakeBatch() {
  std::vector<Pending*> batch;
  absl::flat_hash_set<OrderKey> taken;
  for (auto it = queue_.begin();
       it != queue_.end() && batch.size() < static_cast<std::size_t>(options_.max_batch);) {
    OrderKey key((*it)->write.record.shop_id, (*it)->write.record.order_id);
    // An order another writer is writing waits, and so do its later events.
    if (writing_.contains(key)) {
      ++it;
      continue;
    }
    taken.insert(std::move(key));
    batch.push_back(*it);
    it = queue_.erase(it);
  }
  writing_.insert(taken.begin(), taken.end());
  queued_.Set(static_cast<double>(queue_.size()));
  return batch;
}

void GroupCommitOrderEventStore::WriterLoop() {
  const auto has_work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return (stopping_ && queue_.empty()) || Writable(nullptr) > 0;
  };
  const auto batch_full = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return stopping_ || Writable(nullptr) >= options_.max_batch;
  };
  absl::MutexLock lock(&mutex_);
  while (true) {
    while (!has_work()) work_.Wait(&mutex_);
    if (stopping_ && queue_.empty()) return;
    absl::Time oldest;
    if (Writable(&oldest) == 0) continue;
    // WaitWithDeadline is true once the deadline passed.
    while (!batch_full() && !work_.WaitWithDeadline(&mutex_, oldest + options_.window)) {
    }
    std::vector<Pending*> batch = TakeBatch();
    // Another writer took them meanwhile.
    if (batch.empty()) continue;

    const absl::Time start = absl::Now();
    std::vector<OrderEventWrite> writes;
    writes.reserve(batch.size());
    for (Pending* pending : batch) {
      queue_wait_.ObserveDuration(start - pending->queued);
      writes.push_back(pending->write);
    }
    batch_size_.Observe(static_cast<double>(batch.size()));
    mutex_.Unlock();
    std::vector<absl::StatusOr<EventRecord>> results = store_->ApplyOrderEvents(std::move(writes));
    write_time_.ObserveDuration(absl::Now() - start);
    std::vector<OrderKey> written;
    written.reserve(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      written.emplace_back(batch[i]->write.record.shop_id, batch[i]->write.record.order_id);
      if (batch[i]->callback) {
        std::unique_ptr<Pending> pending(batch[i]);
        batch[i] = nullptr;
        std::move(pending->callback)(std::move(results[i]));
      }
    }
    mutex_.Lock();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      writing_.erase(written[i]);
      if (batch[i] == nullptr) continue;
      batch[i]->result = std::move(results[i]);
      batch[i]->done = true;
      batch[i]->written.Signal();
    }
    // Orders held back while this batch wrote them may be written now.
    work_.SignalAll();
  }
}

}  // namespace opinus::server
