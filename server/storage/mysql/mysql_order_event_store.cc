#include "server/storage/mysql/mysql_order_event_store.h"

#include <climits>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/storage/mysql/guarded_transition.h"
#include "server/storage/mysql/rows.h"
#include "server/storage/mysql/transitions.h"

namespace opinus::server {
namespace {

// SelectOrderWithInvitation reads the order's row and its invitation, if
// any, in one statement.
const std::string& SelectOrderWithInvitation() {
  static const std::string* sql = [] {
    std::string columns;
    for (absl::string_view column : absl::StrSplit(kInvitationColumns, ", ")) {
      absl::StrAppend(&columns, ", i.", column);
    }
    return new std::string(
        absl::StrCat("SELECT o.known, o.deleted, o.last_status_id, o.last_status_time", columns,
                     " FROM orders o LEFT JOIN invitations i ON i.shop_id = o.shop_id AND "
                     "i.order_id = o.order_id WHERE o.shop_id = :shop AND o.order_id = :order"));
  }();
  return *sql;
}

// LockOrder locks the order's row, creating it first when the order is new,
// so that concurrent events of one order queue up here, and returns what is
// known of the order.
OrderSnapshot LockOrder(soci::session& sql, long long shop_id, const std::string& order_id,
                        std::tm& now) {
  // The insert takes the row's exclusive lock whether it adds the row or
  // finds it, and the lock holds until the commit.
  sql << "INSERT INTO orders (shop_id, order_id, known, deleted, last_status_id, updated_at) "
         "VALUES (:shop, :order, 0, 0, 0, :now) ON DUPLICATE KEY UPDATE shop_id = shop_id",
      soci::use(shop_id, "shop"), soci::use(order_id, "order"), soci::use(now, "now");
  // So a plain read sees the commit of the order's previous event: its view
  // starts after the lock was granted (at the transaction's first plain read
  // under REPEATABLE-READ, at each statement under READ-COMMITTED). A locking
  // read would, under REPEATABLE-READ, also lock the gap where a missing
  // invitation would go, and two new orders of one shop inserting into one
  // gap would deadlock.
  int known = 0;
  int deleted = 0;
  long long last_status_id = 0;
  std::tm last_status_time{};
  soci::indicator time_indicator = soci::i_null;
  InvitationFields invitation;
  soci::statement select(sql);
  select.exchange(soci::use(shop_id, "shop"));
  select.exchange(soci::use(order_id, "order"));
  select.exchange(soci::into(known));
  select.exchange(soci::into(deleted));
  select.exchange(soci::into(last_status_id));
  select.exchange(soci::into(last_status_time, time_indicator));
  invitation.Into(select);
  select.alloc();
  select.prepare(SelectOrderWithInvitation());
  select.define_and_bind();
  select.execute(true);

  OrderSnapshot order;
  order.known = known != 0;
  order.deleted = deleted != 0;
  order.last_status_id = last_status_id;
  if (time_indicator == soci::i_ok) order.last_status_time = FromDbTime(last_status_time);
  order.invitation = invitation.ToInvitation();
  return order;
}

long long InsertInvitation(soci::session& sql, const Invitation& invitation) {
  long long shop_id = invitation.shop_id;
  std::string state = InvitationStateName(invitation.state);
  std::tm status_time = ToDbTime(invitation.status_time);
  std::tm send_time = ToDbTime(invitation.send_time);
  std::tm created = ToDbTime(invitation.create_time);
  sql << "INSERT INTO invitations (shop_id, order_id, customer_email, customer_first_name, "
         "customer_last_name, state, state_reason, status_time, send_at, created_at, updated_at) "
         "VALUES (:shop, :order, :email, :first, :last, :state, :reason, :status_time, :send_at, "
         ":created, :created)",
      soci::use(shop_id, "shop"), soci::use(invitation.order_id, "order"),
      soci::use(invitation.customer_email, "email"),
      soci::use(invitation.customer_first_name, "first"),
      soci::use(invitation.customer_last_name, "last"), soci::use(state, "state"),
      soci::use(invitation.state_reason, "reason"), soci::use(status_time, "status_time"),
      soci::use(send_time, "send_at"), soci::use(created, "created");
  long long id = 0;
  sql.get_last_insert_id("invitations", id);
  RecordTransition(sql, id, invitation.create_time, "", state, "invitation created");
  return id;
}

EventRecord InsertEvent(soci::session& sql, EventRecord record) {
  long long shop_id = record.shop_id;
  std::tm received = ToDbTime(record.receive_time);
  long long status_id = record.status_id;
  int status_type = static_cast<int>(record.status_type);
  std::tm status_time{};
  soci::indicator status_time_indicator = soci::i_null;
  if (record.status_time) {
    status_time = ToDbTime(*record.status_time);
    status_time_indicator = soci::i_ok;
  }
  std::string outcome = EventOutcomeName(record.outcome);
  long long invitation_id = record.invitation_id;
  std::string key_used = KeyUsedName(record.key_used);
  sql << "INSERT INTO order_events (shop_id, received_at, event_name, order_id, status_id, "
         "status_type, status_name, status_time, outcome, reason, invitation_id, key_used) "
         "VALUES (:shop, :received, :event, :order, :status_id, :status_type, :status_name, "
         ":status_time, :outcome, :reason, :invitation, :key_used)",
      soci::use(shop_id, "shop"), soci::use(received, "received"),
      soci::use(record.event_name, "event"), soci::use(record.order_id, "order"),
      soci::use(status_id, "status_id"), soci::use(status_type, "status_type"),
      soci::use(record.status_name, "status_name"),
      soci::use(status_time, status_time_indicator, "status_time"), soci::use(outcome, "outcome"),
      soci::use(record.reason, "reason"), soci::use(invitation_id, "invitation"),
      soci::use(key_used, "key_used");
  long long id = 0;
  sql.get_last_insert_id("order_events", id);
  record.id = id;
  return record;
}

}  // namespace

absl::StatusOr<EventRecord> MysqlOrderEventStore::ApplyOrderEvent(EventRecord record,
                                                                  const Decide& decide) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<EventRecord> {
    EventRecord result = record;
    long long shop_id = result.shop_id;
    std::tm now = ToDbTime(result.receive_time);
    soci::transaction transaction(sql);
    OrderSnapshot order = LockOrder(sql, shop_id, result.order_id, now);
    // The snapshot's read does not lock the invitation, which a dispatcher
    // may have claimed or given back since: decide on its row, locked (a
    // send in progress is waited for), so the decision is what gets applied.
    std::optional<LockedInvitation> locked;
    if (order.invitation) {
      OPINUS_ASSIGN_OR_RETURN(locked, LockInvitation(sql, order.invitation->id));
      order.invitation = locked->invitation;
    }
    const EventDecision decision = decide(order);

    if (decision.advance_order && result.status_time) {
      long long status_id = result.status_id;
      std::tm status_time = ToDbTime(*result.status_time);
      sql << "UPDATE orders SET known = 1, last_status_id = :status_id, "
             "last_status_time = :status_time, updated_at = :now "
             "WHERE shop_id = :shop AND order_id = :order",
          soci::use(status_id, "status_id"), soci::use(status_time, "status_time"),
          soci::use(now, "now"), soci::use(shop_id, "shop"), soci::use(result.order_id, "order");
    }
    if (decision.delete_order) {
      sql << "UPDATE orders SET deleted = 1, updated_at = :now "
             "WHERE shop_id = :shop AND order_id = :order",
          soci::use(now, "now"), soci::use(shop_id, "shop"), soci::use(result.order_id, "order");
    }
    if (order.invitation) result.invitation_id = order.invitation->id;
    switch (decision.action) {
      case EventDecision::Action::kCreateInvitation:
        result.invitation_id = InsertInvitation(sql, decision.invitation);
        break;
      case EventDecision::Action::kCancelInvitation:
      case EventDecision::Action::kCancelReminder:
        OPINUS_RETURN_IF_ERROR(ApplyTransition(sql, *locked, InvitationEvent::kCancel,
                                               decision.reason, result.receive_time)
                                   .status());
        break;
      case EventDecision::Action::kNone:
        break;
    }
    result.outcome = decision.outcome;
    result.reason = decision.reason;
    result = InsertEvent(sql, std::move(result));
    transaction.commit();
    return result;
  });
}

absl::StatusOr<EventRecord> MysqlOrderEventStore::AppendEvent(EventRecord record) {
  return pool_->Run(
      [&](soci::session& sql) -> absl::StatusOr<EventRecord> { return InsertEvent(sql, record); });
}

absl::StatusOr<Page<EventRecord>> MysqlOrderEventStore::ListEvents(ShopId shop_id,
                                                                   const PageRequest& page) {
  absl::StatusOr<int64_t> before = ParsePageToken(page.token);
  if (!before.ok()) return before.status();
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Page<EventRecord>> {
    long long shop = shop_id;
    long long before_id = *before == 0 ? LLONG_MAX : *before;
    int limit = page.size + 1;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kEventColumns
                     << " FROM order_events WHERE shop_id = :shop AND id < :before "
                        "ORDER BY id DESC LIMIT :limit",
         soci::use(shop, "shop"), soci::use(before_id, "before"), soci::use(limit, "limit"));
    std::vector<EventRecord> items;
    for (const soci::row& row : rows) items.push_back(ReadEvent(row));
    return PageFrom(std::move(items), page.size);
  });
}

}  // namespace opinus::server
