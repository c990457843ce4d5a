// OrderEventStore: orders' last known status, the event log, and the
// atomic application of an event's decision.
#ifndef OPINUS_SERVER_STORAGE_ORDER_EVENT_STORE_H_
#define OPINUS_SERVER_STORAGE_ORDER_EVENT_STORE_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "server/domain/model.h"
#include "server/domain/scheduling.h"

namespace opinus::server {

// Decide turns what is known of an order into what an event does to it.
using Decide = std::function<EventDecision(const OrderSnapshot&)>;

// OrderEventWrite is one event to store: applied to its order with `decide`
// (as ApplyOrderEvent), or, when `decide` is empty, appended (as AppendEvent).
struct OrderEventWrite {
  EventRecord record;
  Decide decide;
  // The webhook key the delivery came with; empty for a write no delivery
  // asked for. When set, the write is stored only if the key still names
  // record.shop_id in the transaction that stores it (MatchWebhookKey at
  // record.receive_time); else it fails NOT_FOUND and stores nothing. The
  // transaction begins after the write was handed over: once a key is
  // rotated out or its grace ended, on any core, no write with it handed over
  // after is stored, whatever a core's shop cache still remembers.
  std::string sender_key;
};

// OrderEventStore keeps orders' states and the event log. Implementations are
// thread-safe. Every method may return UNAVAILABLE when the storage cannot be
// reached; then nothing was stored.
class OrderEventStore {
 public:
  virtual ~OrderEventStore() = default;

  // Apply stores one write as ApplyOrderEvents would, alone.
  virtual absl::StatusOr<EventRecord> Apply(OrderEventWrite write) = 0;

  // WriteDone receives a write's result.
  using WriteDone = absl::AnyInvocable<void(absl::StatusOr<EventRecord>) &&>;

  // ApplyAsync stores `write` as Apply does and calls `done` with the result
  // once, on any thread, perhaps before it returns. `write.decide` may run on
  // another thread too. By default it calls Apply and then `done`.
  virtual void ApplyAsync(OrderEventWrite write, WriteDone done) {
    std::move(done)(Apply(std::move(write)));
  }

  // ApplyOrderEvent, holding an exclusive lock on the order
  // (record.shop_id, record.order_id), reads its snapshot, calls `decide`
  // once, and stores in one transaction what the decision says (the order's
  // status, a new or cancelled invitation) together with `record`, filled
  // with the decision's outcome, reason and invitation id. Returns the record
  // as stored, with its id. Two events for one order never interleave, so at
  // most one invitation per order is ever created.
  absl::StatusOr<EventRecord> ApplyOrderEvent(EventRecord record, Decide decide) {
    return Apply(OrderEventWrite{std::move(record), std::move(decide), ""});
  }

  // AppendEvent stores `record` (an event that touches no order, e.g. a
  // rejected one) and returns it with its id.
  absl::StatusOr<EventRecord> AppendEvent(EventRecord record) {
    return Apply(OrderEventWrite{std::move(record), nullptr, ""});
  }

  // ApplyOrderEvents stores `writes` as ApplyOrderEvent and AppendEvent
  // would one after another, in their order (a later event of an order sees
  // what an earlier one did, so a repeated delivery is a duplicate), in as
  // few transactions as it can, and returns one result per write, in order.
  // A write that fails fails alone: the others are stored all the same.
  virtual std::vector<absl::StatusOr<EventRecord>> ApplyOrderEvents(
      std::vector<OrderEventWrite> writes) = 0;

  // ListEvents returns the shop's events, newest first.
  virtual absl::StatusOr<Page<EventRecord>> ListEvents(ShopId shop_id, const PageRequest& page) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_ORDER_EVENT_STORE_H_
