// Conversions between database rows and the domain model, shared by the
// MySQL stores.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_ROWS_H_
#define OPINUS_SERVER_STORAGE_MYSQL_ROWS_H_

#include <soci/soci.h>

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/model.h"
#include "server/domain/opinion.h"

namespace opinus::server {

// Every DATETIME column holds UTC.
std::tm ToDbTime(absl::Time time);
absl::Time FromDbTime(const std::tm& tm);

// "7,12" <-> {7, 12}
std::string JoinStatusIds(const std::vector<int64_t>& ids);
std::vector<int64_t> SplitStatusIds(absl::string_view text);

// The columns each Read* function expects, in order, for SELECT lists.
inline constexpr char kShopColumns[] =
    "id, name, domain, owner_email, webhook_key, invitation_delay_days, trigger_status_type, "
    "trigger_status_ids, time_zone, sending_enabled, created_at, sender_name, language, "
    "sending_hour_start, sending_hour_end, webhook_secret, reminder_days, owner_id, "
    "previous_webhook_key, previous_key_valid_until, approved_at, slug, trigger_parcel_dispatch";
inline constexpr char kInvitationColumns[] =
    "id, shop_id, order_id, customer_email, customer_first_name, customer_last_name, state, "
    "state_reason, status_time, send_at, created_at, updated_at, attempts, sent_at, message_id, "
    "last_error, reminder_at, reminder_sent_at, version, handover_at, reason_code, reason_time, "
    "reason_status_id, reason_count, reason_limit, reason_all_shops, reason_reminder, "
    "reason_source, reason_detail, reason_handover_at";
// How many columns kInvitationColumns names; a select may add its own after.
inline constexpr std::size_t kInvitationColumnCount = 30;
inline constexpr char kSuppressionColumns[] = "id, shop_id, email_hash, created_at, source, reason";
inline constexpr char kOpinionColumns[] =
    "id, shop_id, invitation_id, order_id, rating, delivery_rating, product_rating, "
    "service_rating, comment, display_name, status, created_at, updated_at, edits, reply, "
    "reply_at, reported, report_reason, moderation_reason";
inline constexpr char kEventColumns[] =
    "id, shop_id, received_at, event_name, order_id, status_id, status_type, status_name, "
    "status_time, outcome, reason, invitation_id, key_used, reason_code, reason_time, "
    "reason_status_id, reason_invitation_state, reason_field, reason_value, reason_cancel, "
    "stated_status_time, source";

// ShopFields holds one row of kShopColumns in typed variables; binding them
// (Into) spares a statement soci::row's description of its columns.
struct ShopFields {
  long long id = 0;
  std::string name;
  std::string domain;
  std::string owner_email;
  std::string webhook_key;
  int invitation_delay_days = 0;
  int trigger_status_type = 0;
  std::string trigger_status_ids;
  std::string time_zone;
  int sending_enabled = 0;
  std::tm create_time{};
  std::string sender_name;
  std::string language;
  int sending_hour_start = 0;
  int sending_hour_end = 0;
  std::string webhook_secret;
  int reminder_days = 0;
  long long owner_id = 0;
  soci::indicator owner_indicator = soci::i_null;
  std::string previous_webhook_key;
  soci::indicator previous_key_indicator = soci::i_null;
  std::tm previous_key_valid_until{};
  soci::indicator previous_valid_until_indicator = soci::i_null;
  std::tm approve_time{};
  soci::indicator approve_indicator = soci::i_null;
  std::string slug;
  soci::indicator slug_indicator = soci::i_null;
  int trigger_parcel_dispatch = 0;

  // Into adds the variables to `statement` as its next into-elements, in
  // kShopColumns' order.
  void Into(soci::statement& statement);
  Shop ToShop() const;
};

// InvitationFields holds one row of kInvitationColumns in typed variables,
// each with an indicator, so that a LEFT JOIN's missing row reads as NULLs.
// Binding these (Into) spares a statement the description of its columns
// that soci::row costs: the one way hot statements read invitations.
struct InvitationFields {
  long long id = 0;
  long long shop_id = 0;
  std::string order_id;
  std::string customer_email;
  std::string customer_first_name;
  std::string customer_last_name;
  std::string state;
  std::string state_reason;
  std::tm status_time{};
  std::tm send_time{};
  std::tm create_time{};
  std::tm update_time{};
  int attempts = 0;
  std::tm sent_time{};
  std::string message_id;
  std::string last_error;
  std::tm reminder_time{};
  std::tm reminder_sent_time{};
  long long version = 0;
  std::tm handover_time{};
  std::string reason_code;
  std::tm reason_time{};
  long long reason_status_id = 0;
  int reason_count = 0;
  int reason_limit = 0;
  int reason_all_shops = 0;
  int reason_reminder = 0;
  std::string reason_source;
  std::string reason_detail;
  std::tm reason_handover_time{};
  soci::indicator indicators[kInvitationColumnCount] = {};

  // Into adds the variables to `statement` as its next into-elements, in
  // kInvitationColumns' order.
  void Into(soci::statement& statement);
  // ToInvitation returns the invitation read; nullopt when its id is NULL.
  std::optional<Invitation> ToInvitation() const;
};

Shop ReadShop(const soci::row& row);
Suppression ReadSuppression(const soci::row& row);
// ReadInvitation reads kInvitationColumns from the first columns of `row`.
Invitation ReadInvitation(const soci::row& row);
EventRecord ReadEvent(const soci::row& row);
// ReadOpinion reads kOpinionColumns.
Opinion ReadOpinion(const soci::row& row);

// FetchRows runs `select`, whose placeholders depend on optional filters:
// `bind` exchanges the uses the query names (soci::statement::exchange),
// then every row is read with `read`. The one way list queries with
// optional conditions are run.
template <typename T, typename Bind, typename Read>
std::vector<T> FetchRows(soci::session& sql, const std::string& select, Bind bind, Read read) {
  soci::statement statement(sql);
  bind(statement);
  soci::row row;
  statement.exchange(soci::into(row));
  statement.alloc();
  statement.prepare(select);
  statement.define_and_bind();
  statement.execute(false);
  std::vector<T> items;
  while (statement.fetch()) items.push_back(read(row));
  return items;
}

// LoadInvitation returns the invitation, locking its row when `for_update`;
// NOT_FOUND when there is none.
absl::StatusOr<Invitation> LoadInvitation(soci::session& sql, InvitationId id, bool for_update);

// ReadCommittedNext makes the session's next transaction READ COMMITTED, so
// that its scans lock the rows they return and no gaps between index
// entries. A claim's scans of (state, ...) under REPEATABLE READ lock gaps
// that a send lock's UPDATE, moving its row to another state, must insert
// into: with the lock held across a send, the two deadlocked.
void ReadCommittedNext(soci::session& sql);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_ROWS_H_
