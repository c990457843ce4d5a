// OrderEventRecorder: authenticates a shop's order event, validates it and
// has the store apply the scheduling rules to it.
#ifndef OPINUS_SERVER_MANAGERS_ORDER_EVENT_RECORDER_H_
#define OPINUS_SERVER_MANAGERS_ORDER_EVENT_RECORDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/clock.h"
#include "server/domain/model.h"
#include "server/storage/order_event_store.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

// OrderEventRecorder records order events. It does not own its collaborators,
// which must outlive it. Thread-safe.
class OrderEventRecorder {
 public:
  OrderEventRecorder(ShopStore* shops, OrderEventStore* events, const Clock* clock)
      : shops_(shops), events_(events), clock_(clock) {}

  // Record applies `event` of the shop whose webhook key, or previous key
  // during its grace, is `webhook_key` and returns its log entry, whose
  // outcome says what happened and key_used which key came. NOT_FOUND
  // "unknown webhook key" for every key that does not work; UNAUTHENTICATED
  // when the shop has a webhook secret and `signature` does not match it;
  // INVALID_ARGUMENT naming a missing required field (nothing is stored in
  // these cases). Present but unusable data is logged as rejected with the
  // reason, and is OK.
  absl::StatusOr<EventRecord> Record(const std::string& webhook_key, const OrderEvent& event,
                                     const WebhookSignature& signature = WebhookSignature());

  // RecordAsync records `event` as Record does and calls `done` with what
  // Record would return, once, on any thread (the group commit's writer's,
  // or this one's when the event is refused before it is stored).
  void RecordAsync(const std::string& webhook_key, const OrderEvent& event,
                   const WebhookSignature& signature, OrderEventStore::WriteDone done);

  // RecordFetched applies `event` of shop `shop_id`, read from the shop's
  // own API (a backfill of past orders), by the same rules as a delivery's,
  // with no key or signature to check (the core fetched it with the shop's
  // token). An invitation whose time has passed is due at the shop's next
  // sending time from now instead. Logged as fetched (EventSource), not as a
  // delivery. NOT_FOUND when there is no such shop;
  // INVALID_ARGUMENT as Record.
  absl::StatusOr<EventRecord> RecordFetched(ShopId shop_id, const OrderEvent& event);

  // ListEvents returns a page of the shop's log, newest first; NOT_FOUND when
  // there is no such shop.
  absl::StatusOr<Page<EventRecord>> ListEvents(ShopId shop_id, const PageRequest& page);

 private:
  // Sender is the shop a delivery authenticated as, and by which key.
  struct Sender {
    Shop shop;
    KeyUsed key_used;
  };

  absl::StatusOr<Sender> Authenticate(const std::string& webhook_key,
                                      const WebhookSignature& signature, absl::Time now);

  // Prepare checks `event` and returns what the store is to write for it;
  // an error for what Record refuses without storing anything.
  absl::StatusOr<OrderEventWrite> Prepare(const std::string& webhook_key, const OrderEvent& event,
                                          const WebhookSignature& signature);
  // PrepareFor returns what the store is to write for `event` of `sender`,
  // stored only while `sender_key` (when not empty) names the shop; with
  // `not_before_now`, an invitation is never due before the shop's next
  // sending time.
  absl::StatusOr<OrderEventWrite> PrepareFor(const Sender& sender, const OrderEvent& event,
                                             const std::string& sender_key, absl::Time now,
                                             bool not_before_now);

  ShopStore* shops_;
  OrderEventStore* events_;
  const Clock* clock_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_ORDER_EVENT_RECORDER_H_
