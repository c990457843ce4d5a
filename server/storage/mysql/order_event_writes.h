// OrderEventWrites: what a batch of order events writes, gathered and then
// written one multi-row statement per table, so that a batch costs a few
// statements rather than four for each of its webhooks.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_ORDER_EVENT_WRITES_H_
#define OPINUS_SERVER_STORAGE_MYSQL_ORDER_EVENT_WRITES_H_

#include <soci/soci.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// OrderEventWrites gathers, in one transaction, orders' new statuses, new
// invitations and events, and writes them at Flush: the orders in one
// upsert, the invitations in one INSERT (and their "created" transitions in
// another), the events in one INSERT. Whoever reads what they change (a
// repeated order's second event) must Flush first. Not thread-safe: one per
// transaction.
class OrderEventWrites {
 public:
  // AdvanceOrder records the order's latest status. The order's row exists
  // (the batch locked it); an order comes at most once between flushes.
  void AdvanceOrder(ShopId shop_id, const std::string& order_id, int64_t status_id,
                    absl::Time status_time, absl::Time now);
  // AddInvitation gathers a new invitation; returns its index for AddEvent.
  size_t AddInvitation(const Invitation& invitation);
  // AddEvent gathers `record`; when `new_invitation` is set, the event names
  // the invitation AddInvitation returned it for. Returns the index of the
  // event for Stored.
  size_t AddEvent(EventRecord record, std::optional<size_t> new_invitation = std::nullopt);

  // Flush writes what was gathered since the last Flush. Throws soci errors
  // like any statement.
  void Flush(soci::session& sql);

  // Stored returns the event of `index` as written (its id and invitation id
  // set); valid after the Flush that wrote it.
  const EventRecord& Stored(size_t index) const { return events_[index]; }

 private:
  struct OrderStatus {
    ShopId shop_id;
    std::string order_id;
    int64_t status_id;
    absl::Time status_time;
    absl::Time now;
  };
  struct PendingEvent {
    size_t index;
    std::optional<size_t> new_invitation;
  };

  // IdStep returns how far apart the ids of one multi-row INSERT's rows are
  // (auto_increment_increment), the first being LAST_INSERT_ID(); 0 when
  // InnoDB does not promise them consecutive (innodb_autoinc_lock_mode 2,
  // as under Galera), when rows go in one at a time instead.
  long long IdStep(soci::session& sql);
  void WriteOrders(soci::session& sql);
  void WriteInvitations(soci::session& sql);
  void WriteEvents(soci::session& sql);

  std::vector<OrderStatus> orders_;
  std::vector<Invitation> invitations_;
  // The ids of invitations_, once written.
  std::vector<InvitationId> invitation_ids_;
  size_t invitations_written_ = 0;
  std::vector<EventRecord> events_;
  std::vector<PendingEvent> pending_events_;
  // The server's auto-increment settings, read at the first multi-row insert.
  std::optional<long long> id_step_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_ORDER_EVENT_WRITES_H_
