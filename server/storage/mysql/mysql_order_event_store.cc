#include "server/storage/mysql/mysql_order_event_store.h"

#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "server/domain/event_reason.h"
#include "server/domain/paging.h"
#include "server/domain/webhook_keys.h"
#include "server/storage/mysql/guarded_transition.h"
#include "server/storage/mysql/order_event_writes.h"
#include "server/storage/mysql/rows.h"
#include "server/storage/mysql/soci_errors.h"
#include "server/storage/mysql/transitions.h"

namespace opinus::server {
namespace {

// OrderKey names an order: (shop id, order id).
using OrderKey = std::pair<long long, std::string>;

// SenderKeys holds, by shop id, the webhook keys a shop takes: all of Shop
// that a sender's key is checked against.
using SenderKeys = std::map<long long, Shop>;

// ShopKeyFields reads a shop's keys from the columns kColumns of `shops s`.
struct ShopKeyFields {
  static constexpr const char* kColumns =
      "s.webhook_key, s.previous_webhook_key, s.previous_key_valid_until";

  void Into(soci::statement& statement) {
    statement.exchange(soci::into(key));
    statement.exchange(soci::into(previous_key, previous_indicator));
    statement.exchange(soci::into(previous_until, until_indicator));
  }
  Shop ToShop() const {
    Shop shop;
    shop.webhook_key = key;
    if (previous_indicator == soci::i_ok && until_indicator == soci::i_ok) {
      shop.previous_key = PreviousKey{previous_key, FromDbTime(previous_until)};
    }
    return shop;
  }

  std::string key;
  std::string previous_key;
  soci::indicator previous_indicator = soci::i_null;
  std::tm previous_until{};
  soci::indicator until_indicator = soci::i_null;
};

// LockOrders locks the rows of `keys`, creating those of new orders first,
// in one statement, so that concurrent events of one order queue up here.
// The insert takes each row's exclusive lock whether it adds the row or
// finds it, and the locks hold until the commit. `keys` come sorted, so that
// two transactions lock their common orders in the same order.
void LockOrders(soci::session& sql, const std::vector<OrderKey>& keys, const std::tm& now) {
  soci::statement insert(sql);
  insert.exchange(soci::use(now, "now"));
  std::string rows;
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string shop = absl::StrCat("shop", i);
    const std::string order = absl::StrCat("order", i);
    insert.exchange(soci::use(keys[i].first, shop));
    insert.exchange(soci::use(keys[i].second, order));
    absl::StrAppend(&rows, i == 0 ? "" : ", ", "(:", shop, ", :", order, ", 0, 0, 0, :now)");
  }
  insert.alloc();
  insert.prepare(absl::StrCat(
      "INSERT INTO orders (shop_id, order_id, known, deleted, last_status_id, updated_at) VALUES ",
      rows, " ON DUPLICATE KEY UPDATE shop_id = shop_id"));
  insert.define_and_bind();
  insert.execute(true);
}

// ReadOrders returns what is known of the orders of `keys`, each with its
// invitation if any, read in one statement after LockOrders. A plain read
// sees the commit of each order's previous event: its view starts after the
// locks were granted (at the transaction's first plain read under
// REPEATABLE-READ, at each statement under READ-COMMITTED), and it sees this
// transaction's own writes. A locking read would, under REPEATABLE-READ, also
// lock the gap where a missing invitation would go, and two new orders of one
// shop inserting into one gap would deadlock. The same read puts the keys of
// the orders' shops in `senders` (SenderKeys), when not null.
std::map<OrderKey, OrderSnapshot> ReadOrders(soci::session& sql, const std::vector<OrderKey>& keys,
                                             SenderKeys* senders = nullptr) {
  long long shop_id = 0;
  std::string order_id;
  int known = 0;
  int deleted = 0;
  long long last_status_id = 0;
  std::tm last_status_time{};
  soci::indicator time_indicator = soci::i_null;
  OrderCustomer waiting;
  std::tm parcel_send_time{};
  soci::indicator parcel_indicator = soci::i_null;
  InvitationFields invitation;
  ShopKeyFields shop_keys;
  soci::statement select(sql);
  select.exchange(soci::into(shop_id));
  select.exchange(soci::into(order_id));
  select.exchange(soci::into(known));
  select.exchange(soci::into(deleted));
  select.exchange(soci::into(last_status_id));
  select.exchange(soci::into(last_status_time, time_indicator));
  select.exchange(soci::into(waiting.email));
  select.exchange(soci::into(waiting.first_name));
  select.exchange(soci::into(waiting.last_name));
  select.exchange(soci::into(parcel_send_time, parcel_indicator));
  invitation.Into(select);
  shop_keys.Into(select);
  static const std::string* const columns = [] {
    auto* list = new std::string;
    for (absl::string_view column : absl::StrSplit(kInvitationColumns, ", ")) {
      absl::StrAppend(list, ", i.", column);
    }
    return list;
  }();
  std::string conditions;
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string shop = absl::StrCat("shop", i);
    const std::string order = absl::StrCat("order", i);
    select.exchange(soci::use(keys[i].first, shop));
    select.exchange(soci::use(keys[i].second, order));
    absl::StrAppend(&conditions, i == 0 ? "" : " OR ", "(o.shop_id = :", shop,
                    " AND o.order_id = :", order, ")");
  }
  select.alloc();
  select.prepare(absl::StrCat(
      "SELECT o.shop_id, o.order_id, o.known, o.deleted, o.last_status_id, o.last_status_time, "
      "o.waiting_customer_email, o.waiting_customer_first_name, o.waiting_customer_last_name, "
      "o.parcel_send_time",
      *columns, ", ", ShopKeyFields::kColumns,
      " FROM orders o JOIN shops s ON s.id = o.shop_id LEFT JOIN invitations i ON "
      "i.shop_id = o.shop_id AND i.order_id = o.order_id WHERE ",
      conditions));
  select.define_and_bind();
  select.execute(false);
  std::map<OrderKey, OrderSnapshot> orders;
  while (select.fetch()) {
    OrderSnapshot& order = orders[OrderKey(shop_id, order_id)];
    order.known = known != 0;
    order.deleted = deleted != 0;
    order.last_status_id = last_status_id;
    if (time_indicator == soci::i_ok) order.last_status_time = FromDbTime(last_status_time);
    order.waiting_customer = waiting;
    order.parcel_send_time.reset();
    if (parcel_indicator == soci::i_ok) order.parcel_send_time = FromDbTime(parcel_send_time);
    order.invitation = invitation.ToInvitation();
    if (senders != nullptr) (*senders)[shop_id] = shop_keys.ToShop();
  }
  return orders;
}

// ReadSenderKeys adds to `senders` the keys of the shops of `shop_ids`, in
// one plain read.
void ReadSenderKeys(soci::session& sql, const std::set<long long>& shop_ids, SenderKeys* senders) {
  if (shop_ids.empty()) return;
  std::string ids;
  for (long long id : shop_ids) absl::StrAppend(&ids, ids.empty() ? "" : ", ", id);
  long long shop_id = 0;
  ShopKeyFields shop_keys;
  soci::statement select(sql);
  select.exchange(soci::into(shop_id));
  shop_keys.Into(select);
  select.alloc();
  select.prepare(absl::StrCat("SELECT s.id, ", ShopKeyFields::kColumns,
                              " FROM shops s WHERE s.id IN (", ids, ")"));
  select.define_and_bind();
  select.execute(false);
  while (select.fetch()) (*senders)[shop_id] = shop_keys.ToShop();
}

// RefuseGoneShops marks in `refused` each write of `writes` to a shop that
// no longer exists, and returns whether it marked any.
bool RefuseGoneShops(soci::session& sql, const std::vector<OrderEventWrite>& writes,
                     std::vector<bool>* refused) {
  std::set<long long> shops;
  for (size_t i = 0; i < writes.size(); ++i) {
    if (!(*refused)[i]) shops.insert(writes[i].record.shop_id);
  }
  SenderKeys existing;
  ReadSenderKeys(sql, shops, &existing);
  bool marked = false;
  for (size_t i = 0; i < writes.size(); ++i) {
    if ((*refused)[i] || existing.count(writes[i].record.shop_id) != 0) continue;
    (*refused)[i] = true;
    marked = true;
  }
  return marked;
}

// RefuseSenders marks in `refused` each write of `writes` whose key no longer
// names its shop at its receive time, by `senders`, which has every shop that
// a write not yet refused came to with a key (a shop missing is gone). Returns
// whether it marked any.
bool RefuseSenders(const std::vector<OrderEventWrite>& writes, const SenderKeys& senders,
                   std::vector<bool>* refused) {
  bool marked = false;
  for (size_t i = 0; i < writes.size(); ++i) {
    const OrderEventWrite& write = writes[i];
    if ((*refused)[i] || write.sender_key.empty()) continue;
    auto shop = senders.find(write.record.shop_id);
    if (shop == senders.end() ||
        !MatchWebhookKey(shop->second, write.sender_key, write.record.receive_time)) {
      (*refused)[i] = true;
      marked = true;
    }
  }
  return marked;
}

// WriteParcelTrigger stores what `decision` has the order keep for the
// parcel trigger: its waiting buyer, its parcel's send date, or both. Only
// shops with that trigger come here, so the batch's upsert stays as it was.
void WriteParcelTrigger(soci::session& sql, const EventRecord& record,
                        const EventDecision& decision) {
  long long shop_id = record.shop_id;
  const OrderCustomer customer = decision.waiting_customer.value_or(OrderCustomer());
  int keep_customer = decision.waiting_customer ? 1 : 0;
  std::tm send_time = ToDbTime(decision.parcel_send_time.value_or(absl::UnixEpoch()));
  int keep_send_time = decision.parcel_send_time ? 1 : 0;
  sql << "UPDATE orders SET "
         "waiting_customer_email = IF(:keep_customer, :email, waiting_customer_email), "
         "waiting_customer_first_name = IF(:keep_customer, :first, waiting_customer_first_name), "
         "waiting_customer_last_name = IF(:keep_customer, :last, waiting_customer_last_name), "
         "parcel_send_time = IF(:keep_send_time, :send_time, parcel_send_time) "
         "WHERE shop_id = :shop AND order_id = :order",
      soci::use(keep_customer, "keep_customer"), soci::use(customer.email, "email"),
      soci::use(customer.first_name, "first"), soci::use(customer.last_name, "last"),
      soci::use(keep_send_time, "keep_send_time"), soci::use(send_time, "send_time"),
      soci::use(shop_id, "shop"), soci::use(record.order_id, "order");
}

// Whether a write waits for an invitation a dispatcher is sending.
enum class SendWait { kWait, kDefer };

// ApplyDecision decides `record`'s event on `order`, locked and read in this
// transaction, gathers in `writes` what the decision says and returns the
// index of the event there; nullopt, having gathered nothing, when `wait` is
// kDefer and the order's invitation is being sent. A cancel is written at
// once, as it locks and changes one invitation.
absl::StatusOr<std::optional<size_t>> ApplyDecision(soci::session& sql, EventRecord record,
                                                    OrderSnapshot order, const Decide& decide,
                                                    SendWait wait, OrderEventWrites* writes) {
  long long shop_id = record.shop_id;
  std::tm now = ToDbTime(record.receive_time);
  // The snapshot's read does not lock the invitation, which a dispatcher
  // may have claimed or given back since: decide on its row, locked (a
  // send in progress is waited for), so the decision is what gets applied.
  std::optional<LockedInvitation> locked;
  if (order.invitation) {
    if (wait == SendWait::kWait) {
      OPINUS_ASSIGN_OR_RETURN(locked, LockInvitation(sql, order.invitation->id));
    } else {
      OPINUS_ASSIGN_OR_RETURN(locked, TryLockInvitation(sql, order.invitation->id));
      if (!locked) return std::nullopt;
    }
    order.invitation = locked->invitation;
  }
  const EventDecision decision = decide(order);

  if (decision.advance_order && record.status_time) {
    writes->AdvanceOrder(record.shop_id, record.order_id, record.status_id, *record.status_time,
                         record.receive_time);
  }
  if (decision.delete_order) {
    sql << "UPDATE orders SET deleted = 1, updated_at = :now "
           "WHERE shop_id = :shop AND order_id = :order",
        soci::use(now, "now"), soci::use(shop_id, "shop"), soci::use(record.order_id, "order");
  }
  if (decision.waiting_customer || decision.parcel_send_time) {
    WriteParcelTrigger(sql, record, decision);
  }
  if (order.invitation) record.invitation_id = order.invitation->id;
  record.outcome = decision.outcome;
  SetEventReason(decision.reason, &record);
  std::optional<size_t> new_invitation;
  switch (decision.action) {
    case EventDecision::Action::kCreateInvitation:
      new_invitation = writes->AddInvitation(decision.invitation);
      break;
    case EventDecision::Action::kCancelInvitation:
    case EventDecision::Action::kCancelReminder: {
      OPINUS_ASSIGN_OR_RETURN(const Invitation cancelled,
                              ApplyTransition(sql, *locked, InvitationEvent::kCancel,
                                              decision.cancel_reason, record.receive_time));
      // Saying so if the mail may have left.
      absl::StrAppend(&record.reason, HandoverText(cancelled.structured_reason));
      break;
    }
    case EventDecision::Action::kNone:
      break;
  }
  return writes->AddEvent(std::move(record), new_invitation);
}

// WriteResult is one write's: its record as stored, nullopt when deferred, or
// why it was refused.
using WriteResult = absl::StatusOr<std::optional<EventRecord>>;

// TryWriteAll stores in one transaction those of `writes` that `refused` does
// not mark, in their order, and returns the records as stored; the first error
// rolls everything back. Every order is locked and read up front in two
// statements, the read taking the keys of the orders' shops too, and what the
// events write goes in a few multi-row statements (OrderEventWrites); an order
// that comes again is read again after those, so that it sees what its earlier
// events did. With kDefer, a write whose invitation is being sent is left out
// (nullopt), and so are its order's later writes: the rest need not wait for
// the mail server. When a write's key no longer names its shop, it rolls back,
// marks the write in `refused` and returns nullopt.
//
// The keys are a plain read in the batch's own snapshot, taken after the batch
// was formed: a key change committed before a delivery was queued is seen, and
// one committed later is ordered after the delivery, which was in flight when
// it came.
absl::StatusOr<std::optional<std::vector<WriteResult>>> TryWriteAll(
    soci::session& sql, const std::vector<OrderEventWrite>& writes, SendWait wait,
    std::vector<bool>* refused) {
  soci::transaction transaction(sql);
  std::vector<OrderKey> keys;
  for (size_t i = 0; i < writes.size(); ++i) {
    if (writes[i].decide && !(*refused)[i]) {
      keys.emplace_back(writes[i].record.shop_id, writes[i].record.order_id);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  std::map<OrderKey, OrderSnapshot> orders;
  SenderKeys senders;
  if (!keys.empty()) {
    try {
      LockOrders(sql, keys, ToDbTime(writes.front().record.receive_time));
    } catch (const soci::soci_error& error) {
      // A shop deleted with its owner's account after its key was looked up
      // (a cache may still hold it): the orders' foreign key refuses the row
      // before the keys below are read.
      if (!IsMissingParent(error)) throw;
      transaction.rollback();
      if (!RefuseGoneShops(sql, writes, refused)) throw;
      return std::nullopt;
    }
    orders = ReadOrders(sql, keys, &senders);
  }
  // Events about no order (rare) came to shops the read may not have covered.
  std::set<long long> unread;
  for (size_t i = 0; i < writes.size(); ++i) {
    const OrderEventWrite& write = writes[i];
    if (!(*refused)[i] && !write.sender_key.empty() && senders.count(write.record.shop_id) == 0) {
      unread.insert(write.record.shop_id);
    }
  }
  ReadSenderKeys(sql, unread, &senders);
  if (RefuseSenders(writes, senders, refused)) {
    transaction.rollback();
    return std::nullopt;
  }

  std::set<OrderKey> seen;
  std::set<OrderKey> deferred;
  OrderEventWrites gathered;
  // Each write's event in `gathered`; nullopt when refused or deferred.
  std::vector<std::optional<size_t>> events(writes.size());
  for (size_t i = 0; i < writes.size(); ++i) {
    const OrderEventWrite& write = writes[i];
    if ((*refused)[i]) continue;
    if (!write.decide) {
      events[i] = gathered.AddEvent(write.record);
      continue;
    }
    OrderKey key(write.record.shop_id, write.record.order_id);
    if (deferred.count(key) != 0) continue;
    if (!seen.insert(key).second) {
      gathered.Flush(sql);
      orders[key] = ReadOrders(sql, {key})[key];
    }
    OPINUS_ASSIGN_OR_RETURN(
        events[i], ApplyDecision(sql, write.record, orders[key], write.decide, wait, &gathered));
    if (!events[i]) deferred.insert(key);
  }
  gathered.Flush(sql);
  transaction.commit();
  std::vector<WriteResult> stored;
  stored.reserve(writes.size());
  for (size_t i = 0; i < writes.size(); ++i) {
    if ((*refused)[i]) {
      stored.push_back(absl::NotFoundError("unknown webhook key"));
    } else if (events[i]) {
      stored.push_back(std::optional<EventRecord>(gathered.Stored(*events[i])));
    } else {
      stored.push_back(std::optional<EventRecord>());
    }
  }
  return stored;
}

// WriteAll stores `writes` as TryWriteAll does; a write whose sender's key no
// longer names its shop fails NOT_FOUND, having touched nothing, and the rest
// are written again without it. Each new try refuses one write more, so there
// are at most one more than `writes`.
absl::StatusOr<std::vector<WriteResult>> WriteAll(soci::session& sql,
                                                  const std::vector<OrderEventWrite>& writes,
                                                  SendWait wait) {
  std::vector<bool> refused(writes.size(), false);
  while (true) {
    OPINUS_ASSIGN_OR_RETURN(std::optional<std::vector<WriteResult>> stored,
                            TryWriteAll(sql, writes, wait, &refused));
    if (stored) return *std::move(stored);
  }
}

}  // namespace

MysqlOrderEventStore::MysqlOrderEventStore(SessionPool* pool, metrics::Registry* metrics)
    : pool_(pool),
      fallbacks_((metrics != nullptr ? *metrics : own_metrics_)
                     .AddCounter("opinus_ingest_batch_fallbacks_total",
                                 "Batches of order events written again one at a time because "
                                 "the batch failed.")
                     .With({})),
      deferred_((metrics != nullptr ? *metrics : own_metrics_)
                    .AddCounter("opinus_ingest_deferred_total",
                                "Webhooks written after their batch because their order's "
                                "invitation was being sent.")
                    .With({})) {}

absl::StatusOr<EventRecord> MysqlOrderEventStore::Apply(OrderEventWrite write) {
  const std::vector<OrderEventWrite> writes{std::move(write)};
  absl::StatusOr<std::vector<WriteResult>> stored =
      pool_->Run([&](soci::session& sql) { return WriteAll(sql, writes, SendWait::kWait); });
  if (!stored.ok()) return stored.status();
  WriteResult& result = stored->front();
  if (!result.ok()) return result.status();
  return **std::move(result);
}

std::vector<absl::StatusOr<EventRecord>> MysqlOrderEventStore::ApplyOrderEvents(
    std::vector<OrderEventWrite> writes) {
  if (writes.size() > 1) {
    absl::StatusOr<std::vector<WriteResult>> stored =
        pool_->Run([&](soci::session& sql) { return WriteAll(sql, writes, SendWait::kDefer); });
    if (stored.ok()) {
      // What waits for a send goes after the batch's commit, in order, each
      // in its own transaction.
      std::vector<absl::StatusOr<EventRecord>> results;
      results.reserve(writes.size());
      for (size_t i = 0; i < writes.size(); ++i) {
        WriteResult& result = (*stored)[i];
        if (!result.ok()) {
          results.push_back(result.status());
        } else if (*result) {
          results.push_back(**std::move(result));
        } else {
          deferred_.Increment();
          results.push_back(Apply(std::move(writes[i])));
        }
      }
      return results;
    }
    // Out of reach for one is out of reach for all.
    if (absl::IsUnavailable(stored.status())) {
      return std::vector<absl::StatusOr<EventRecord>>(writes.size(), stored.status());
    }
    fallbacks_.Increment();
  }
  // One at a time, so that a bad write (a shop deleted meanwhile, a value
  // the table refuses) fails alone.
  std::vector<absl::StatusOr<EventRecord>> results;
  results.reserve(writes.size());
  for (OrderEventWrite& write : writes) results.push_back(Apply(std::move(write)));
  return results;
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
