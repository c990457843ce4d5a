#include "server/storage/mysql/order_event_writes.h"

#include <ctime>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/domain/event_reason.h"
#include "server/storage/mysql/rows.h"
#include "server/storage/mysql/transitions.h"

namespace opinus::server {
namespace {

// Placeholders returns "(:a0, :b0), (:a1, :b1)" for `names` a, b and `rows`
// 2: the VALUES of a multi-row INSERT whose row i binds name + i.
std::string Placeholders(const std::vector<const char*>& names, size_t rows) {
  std::string text;
  for (size_t i = 0; i < rows; ++i) {
    absl::StrAppend(&text, i == 0 ? "(" : ", (");
    for (size_t n = 0; n < names.size(); ++n) {
      absl::StrAppend(&text, n == 0 ? ":" : ", :", names[n], i);
    }
    absl::StrAppend(&text, ")");
  }
  return text;
}

// Bind binds `value` as `name` + `row` in `statement`. The value must outlive
// the statement's execution.
template <typename T>
void Bind(soci::statement& statement, T& value, const char* name, size_t row) {
  statement.exchange(soci::use(value, absl::StrCat(name, row)));
}

// Execute prepares `text` on `statement`, whose values are bound, and runs it.
void Execute(soci::statement& statement, const std::string& text) {
  statement.alloc();
  statement.prepare(text);
  statement.define_and_bind();
  statement.execute(true);
}

// FirstInsertId returns the id of the first row the last INSERT into `table`
// added.
long long FirstInsertId(soci::session& sql, const char* table) {
  long long id = 0;
  sql.get_last_insert_id(table, id);
  return id;
}

// ReasonColumns holds an event's EventReason as its columns' values, for
// binding; kept in place (a vector sized once) until the statement runs.
struct ReasonColumns {
  std::string code;
  std::tm time{};
  soci::indicator time_set = soci::i_null;
  long long status_id = 0;
  std::string invitation_state;
  std::string cancel;
  std::tm stated_status_time{};
  soci::indicator stated_status_time_set = soci::i_null;

  // BindTo binds `reason` (whose strings must outlive the statement) as row `row`.
  void BindTo(soci::statement& statement, const EventReason& reason, size_t row) {
    code = EventReasonCodeName(reason.code);
    time_set = reason.time ? soci::i_ok : soci::i_null;
    if (reason.time) time = ToDbTime(*reason.time);
    status_id = reason.status_id;
    invitation_state = reason.invitation_state ? InvitationStateName(*reason.invitation_state) : "";
    cancel = CancelResultName(reason.cancel);
    stated_status_time_set = reason.stated_status_time ? soci::i_ok : soci::i_null;
    if (reason.stated_status_time) stated_status_time = ToDbTime(*reason.stated_status_time);
    Bind(statement, code, "reason_code", row);
    statement.exchange(soci::use(time, time_set, absl::StrCat("reason_time", row)));
    Bind(statement, status_id, "reason_status_id", row);
    Bind(statement, invitation_state, "reason_state", row);
    statement.exchange(soci::use(reason.field, absl::StrCat("reason_field", row)));
    statement.exchange(soci::use(reason.value, absl::StrCat("reason_value", row)));
    Bind(statement, cancel, "reason_cancel", row);
    statement.exchange(soci::use(stated_status_time, stated_status_time_set,
                                 absl::StrCat("stated_status_time", row)));
  }
};

}  // namespace

void OrderEventWrites::AdvanceOrder(ShopId shop_id, const std::string& order_id, int64_t status_id,
                                    absl::Time status_time, absl::Time now) {
  orders_.push_back(OrderStatus{shop_id, order_id, status_id, status_time, now});
}

size_t OrderEventWrites::AddInvitation(const Invitation& invitation) {
  invitations_.push_back(invitation);
  return invitations_.size() - 1;
}

size_t OrderEventWrites::AddEvent(EventRecord record, std::optional<size_t> new_invitation) {
  events_.push_back(std::move(record));
  pending_events_.push_back(PendingEvent{events_.size() - 1, new_invitation});
  return events_.size() - 1;
}

void OrderEventWrites::Flush(soci::session& sql) {
  WriteOrders(sql);
  WriteInvitations(sql);
  WriteEvents(sql);
}

long long OrderEventWrites::IdStep(soci::session& sql) {
  if (!id_step_) {
    long long increment = 1;
    int lock_mode = 0;
    sql << "SELECT @@SESSION.auto_increment_increment, @@GLOBAL.innodb_autoinc_lock_mode",
        soci::into(increment), soci::into(lock_mode);
    id_step_ = lock_mode < 2 ? increment : 0;
  }
  return *id_step_;
}

void OrderEventWrites::WriteOrders(soci::session& sql) {
  if (orders_.empty()) return;
  const size_t count = orders_.size();
  std::vector<long long> shops(count);
  std::vector<long long> statuses(count);
  std::vector<std::tm> status_times(count);
  std::vector<std::tm> times(count);
  // A row's values must all be there for MariaDB to find the duplicate.
  int known = 1;
  int deleted = 0;
  soci::statement upsert(sql);
  for (size_t i = 0; i < count; ++i) {
    shops[i] = orders_[i].shop_id;
    statuses[i] = orders_[i].status_id;
    status_times[i] = ToDbTime(orders_[i].status_time);
    times[i] = ToDbTime(orders_[i].now);
    Bind(upsert, shops[i], "shop", i);
    Bind(upsert, orders_[i].order_id, "order", i);
    Bind(upsert, statuses[i], "status", i);
    Bind(upsert, status_times[i], "status_time", i);
    Bind(upsert, times[i], "now", i);
    Bind(upsert, known, "known", i);
    Bind(upsert, deleted, "deleted", i);
  }
  // Every row exists and is locked by this transaction: the insert only
  // ever updates, and leaves `deleted` as it is.
  Execute(upsert, absl::StrCat("INSERT INTO orders (shop_id, order_id, last_status_id, "
                               "last_status_time, updated_at, known, deleted) VALUES ",
                               Placeholders({"shop", "order", "status", "status_time", "now",
                                             "known", "deleted"},
                                            count),
                               " ON DUPLICATE KEY UPDATE known = 1, "
                               "last_status_id = VALUES(last_status_id), "
                               "last_status_time = VALUES(last_status_time), "
                               "updated_at = VALUES(updated_at)"));
  orders_.clear();
}

void OrderEventWrites::WriteInvitations(soci::session& sql) {
  const size_t first = invitations_written_;
  const size_t count = invitations_.size() - first;
  if (count == 0) return;
  const long long step = count == 1 ? 1 : IdStep(sql);
  // One statement for all, or one each when their ids could not be told.
  const size_t rows_per_statement = step == 0 ? 1 : count;
  std::vector<TransitionRecord> created;
  for (size_t start = first; start < invitations_.size(); start += rows_per_statement) {
    std::vector<long long> shops(rows_per_statement);
    std::vector<std::string> states(rows_per_statement);
    std::vector<std::tm> status_times(rows_per_statement);
    std::vector<std::tm> send_times(rows_per_statement);
    std::vector<std::tm> created_times(rows_per_statement);
    soci::statement insert(sql);
    for (size_t i = 0; i < rows_per_statement; ++i) {
      Invitation& invitation = invitations_[start + i];
      shops[i] = invitation.shop_id;
      states[i] = InvitationStateName(invitation.state);
      status_times[i] = ToDbTime(invitation.status_time);
      send_times[i] = ToDbTime(invitation.send_time);
      created_times[i] = ToDbTime(invitation.create_time);
      Bind(insert, shops[i], "shop", i);
      Bind(insert, invitation.order_id, "order", i);
      Bind(insert, invitation.customer_email, "email", i);
      Bind(insert, invitation.customer_first_name, "first", i);
      Bind(insert, invitation.customer_last_name, "last", i);
      Bind(insert, states[i], "state", i);
      Bind(insert, invitation.state_reason, "reason", i);
      Bind(insert, status_times[i], "status_time", i);
      Bind(insert, send_times[i], "send_at", i);
      Bind(insert, created_times[i], "created", i);
    }
    Execute(insert,
            absl::StrCat("INSERT INTO invitations (shop_id, order_id, customer_email, "
                         "customer_first_name, customer_last_name, state, state_reason, "
                         "status_time, send_at, created_at, updated_at) VALUES ",
                         Placeholders({"shop", "order", "email", "first", "last", "state", "reason",
                                       "status_time", "send_at", "created", "created"},
                                      rows_per_statement)));
    const long long id = FirstInsertId(sql, "invitations");
    for (size_t i = 0; i < rows_per_statement; ++i) {
      const Invitation& invitation = invitations_[start + i];
      invitation_ids_.push_back(id + static_cast<long long>(i) * step);
      created.push_back(TransitionRecord{invitation_ids_.back(), invitation.create_time, "",
                                         states[i], "invitation created"});
    }
  }
  RecordTransitions(sql, created);
  invitations_written_ = invitations_.size();
}

void OrderEventWrites::WriteEvents(soci::session& sql) {
  const size_t count = pending_events_.size();
  if (count == 0) return;
  for (const PendingEvent& pending : pending_events_) {
    if (pending.new_invitation) {
      events_[pending.index].invitation_id = invitation_ids_[*pending.new_invitation];
    }
  }
  const long long step = count == 1 ? 1 : IdStep(sql);
  const size_t rows_per_statement = step == 0 ? 1 : count;
  for (size_t start = 0; start < count; start += rows_per_statement) {
    std::vector<long long> shops(rows_per_statement);
    std::vector<std::tm> received(rows_per_statement);
    std::vector<long long> status_ids(rows_per_statement);
    std::vector<int> status_types(rows_per_statement);
    std::vector<std::tm> status_times(rows_per_statement);
    std::vector<soci::indicator> status_time_set(rows_per_statement);
    std::vector<std::string> outcomes(rows_per_statement);
    std::vector<long long> invitations(rows_per_statement);
    std::vector<std::string> keys_used(rows_per_statement);
    std::vector<std::string> sources(rows_per_statement);
    std::vector<ReasonColumns> reasons(rows_per_statement);
    soci::statement insert(sql);
    for (size_t i = 0; i < rows_per_statement; ++i) {
      EventRecord& record = events_[pending_events_[start + i].index];
      shops[i] = record.shop_id;
      received[i] = ToDbTime(record.receive_time);
      status_ids[i] = record.status_id;
      status_types[i] = static_cast<int>(record.status_type);
      status_time_set[i] = record.status_time ? soci::i_ok : soci::i_null;
      if (record.status_time) status_times[i] = ToDbTime(*record.status_time);
      outcomes[i] = EventOutcomeName(record.outcome);
      invitations[i] = record.invitation_id;
      keys_used[i] = KeyUsedName(record.key_used);
      sources[i] = EventSourceName(record.source);
      Bind(insert, shops[i], "shop", i);
      Bind(insert, received[i], "received", i);
      Bind(insert, record.event_name, "event", i);
      Bind(insert, record.order_id, "order", i);
      Bind(insert, status_ids[i], "status_id", i);
      Bind(insert, status_types[i], "status_type", i);
      Bind(insert, record.status_name, "status_name", i);
      insert.exchange(
          soci::use(status_times[i], status_time_set[i], absl::StrCat("status_time", i)));
      Bind(insert, outcomes[i], "outcome", i);
      Bind(insert, record.reason, "reason", i);
      Bind(insert, invitations[i], "invitation", i);
      Bind(insert, keys_used[i], "key_used", i);
      Bind(insert, sources[i], "source", i);
      reasons[i].BindTo(insert, record.structured_reason, i);
    }
    Execute(insert,
            absl::StrCat("INSERT INTO order_events (shop_id, received_at, event_name, order_id, "
                         "status_id, status_type, status_name, status_time, outcome, reason, "
                         "invitation_id, key_used, reason_code, reason_time, reason_status_id, "
                         "reason_invitation_state, reason_field, reason_value, reason_cancel, "
                         "stated_status_time, source) VALUES ",
                         Placeholders({"shop",          "received",           "event",
                                       "order",         "status_id",          "status_type",
                                       "status_name",   "status_time",        "outcome",
                                       "reason",        "invitation",         "key_used",
                                       "reason_code",   "reason_time",        "reason_status_id",
                                       "reason_state",  "reason_field",       "reason_value",
                                       "reason_cancel", "stated_status_time", "source"},
                                      rows_per_statement)));
    const long long id = FirstInsertId(sql, "order_events");
    for (size_t i = 0; i < rows_per_statement; ++i) {
      events_[pending_events_[start + i].index].id = id + static_cast<long long>(i) * step;
    }
  }
  pending_events_.clear();
}

}  // namespace opinus::server
