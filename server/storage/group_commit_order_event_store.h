// GroupCommitOrderEventStore: an OrderEventStore that gathers concurrent
// events and has the store under it write each gathering in one transaction
// (group commit), with bounded waits, batches and queue.
#ifndef OPINUS_SERVER_STORAGE_GROUP_COMMIT_ORDER_EVENT_STORE_H_
#define OPINUS_SERVER_STORAGE_GROUP_COMMIT_ORDER_EVENT_STORE_H_

#include <cstddef>
#include <deque>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "server/storage/order_event_store.h"

namespace opinus::server {

struct GroupCommitOptions {
  // How long a writer waits, from the oldest waiting event, for more events
  // to write with it; zero: it writes whatever has come.
  absl::Duration window = absl::Milliseconds(1);
  // At most this many events a transaction.
  int max_batch = 64;
  // At most this many events wait for a writer; more are refused at once.
  int max_queued = 1024;
  // Writers (threads, each using one database session at a time).
  int writers = 2;
  // Where batches, waits and refusals are counted (opinus_ingest_*);
  // nullptr: a registry of its own that nobody reads. Not owned.
  metrics::Registry* metrics = nullptr;
};

// GroupCommitOrderEventStore passes Apply (ApplyOrderEvent, AppendEvent) and
// ApplyAsync to `store`'s ApplyOrderEvents in batches: a caller waits (or is
// called back, on a writer's thread) until its event's batch is written and
// gets its own outcome, as if it had called `store` alone. Events of one order (shop id, order id)
// are written in the order they came: while a batch holding an order is being written, that order's
// later events wait for the next one. When `options.max_queued` events
// already wait, a call answers UNAVAILABLE "ingest queue full" at once,
// storing nothing. ApplyOrderEvents and ListEvents go straight to `store`.
// It does not own `store`, which must outlive it; its destructor writes
// what is queued, then stops the writers. Thread-safe.
class GroupCommitOrderEventStore final : public OrderEventStore {
 public:
  GroupCommitOrderEventStore(OrderEventStore* store, GroupCommitOptions options);
  ~GroupCommitOrderEventStore() override;
  GroupCommitOrderEventStore(const GroupCommitOrderEventStore&) = delete;
  GroupCommitOrderEventStore& operator=(const GroupCommitOrderEventStore&) = delete;

  absl::StatusOr<EventRecord> Apply(OrderEventWrite write) override;
  void ApplyAsync(OrderEventWrite write, WriteDone done) override;
  std::vector<absl::StatusOr<EventRecord>> ApplyOrderEvents(
      std::vector<OrderEventWrite> writes) override {
    return store_->ApplyOrderEvents(std::move(writes));
  }
  absl::StatusOr<Page<EventRecord>> ListEvents(ShopId shop_id, const PageRequest& page) override {
    return store_->ListEvents(shop_id, page);
  }

 private:
  using OrderKey = std::pair<ShopId, std::string>;

  // Pending is a caller's event: on Apply's stack until `done`, or, from
  // ApplyAsync, owned by the queue and then by its batch until called back.
  struct Pending {
    OrderEventWrite write;
    absl::Time queued;
    absl::StatusOr<EventRecord> result;
    bool done = false;
    // Signalled when `done`: each caller is woken for its own event only.
    absl::CondVar written;
    // ApplyAsync's: called with the result instead, outside the lock.
    WriteDone callback;
  };

  // Enqueue queues `pending` and returns true, or returns false when the
  // queue is full or the store stopping.
  bool Enqueue(Pending* pending) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  // WriterLoop takes batches and writes them until stopped with nothing queued.
  void WriterLoop();
  // Writable counts the queued events that may join a batch now (no batch
  // being written holds their order), up to max_batch, and sets `*oldest`
  // (when not null) to when the first of them was queued.
  int Writable(absl::Time* oldest) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // TakeBatch removes up to max_batch writable events from the queue, oldest
  // first, and marks their orders as being written.
  std::vector<Pending*> TakeBatch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  OrderEventStore* const store_;
  const GroupCommitOptions options_;
  metrics::Registry own_metrics_;
  metrics::Histogram& batch_size_;
  metrics::Histogram& queue_wait_;
  metrics::Histogram& write_time_;
  metrics::Gauge& queued_;
  metrics::Counter& refused_;

  // Condition variables, not Mutex::Await: abseil evaluates an Await's
  // condition where ThreadSanitizer cannot see the lock held (Debian's
  // abseil is not built with TSan), which it reports as a race.
  mutable absl::Mutex mutex_;
  // Writers wait on it for events to write; callers on Pending::written.
  absl::CondVar work_;
  std::deque<Pending*> queue_ ABSL_GUARDED_BY(mutex_);
  // The orders of the batches being written.
  absl::flat_hash_set<OrderKey> writing_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> writers_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_GROUP_COMMIT_ORDER_EVENT_STORE_H_
