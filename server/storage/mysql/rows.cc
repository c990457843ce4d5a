#include "server/storage/mysql/rows.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace opinus::server {

std::tm ToDbTime(absl::Time time) { return absl::ToTM(time, absl::UTCTimeZone()); }

absl::Time FromDbTime(const std::tm& tm) { return absl::FromTM(tm, absl::UTCTimeZone()); }

std::string JoinStatusIds(const std::vector<int64_t>& ids) { return absl::StrJoin(ids, ","); }

std::vector<int64_t> SplitStatusIds(absl::string_view text) {
  std::vector<int64_t> ids;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int64_t id = 0;
    if (absl::SimpleAtoi(part, &id)) ids.push_back(id);
  }
  return ids;
}

Shop ReadShop(const soci::row& row) {
  Shop shop;
  shop.id = row.get<long long>(0);
  shop.name = row.get<std::string>(1);
  shop.domain = row.get<std::string>(2);
  shop.owner_email = row.get<std::string>(3);
  shop.webhook_key = row.get<std::string>(4);
  shop.settings.invitation_delay_days = row.get<int>(5);
  shop.settings.trigger.status_type = static_cast<StatusType>(row.get<int>(6));
  shop.settings.trigger.status_ids = SplitStatusIds(row.get<std::string>(7));
  shop.settings.time_zone = row.get<std::string>(8);
  shop.settings.sending_enabled = row.get<int>(9) != 0;
  shop.create_time = FromDbTime(row.get<std::tm>(10));
  shop.settings.sender_name = row.get<std::string>(11);
  shop.settings.language = row.get<std::string>(12);
  shop.settings.sending_hours.start_hour = row.get<int>(13);
  shop.settings.sending_hours.end_hour = row.get<int>(14);
  shop.settings.webhook_secret = row.get<std::string>(15);
  shop.settings.reminder_days = row.get<int>(16);
  if (row.get_indicator(17) == soci::i_ok) shop.owner_id = row.get<long long>(17);
  return shop;
}

Invitation ReadInvitation(const soci::row& row) {
  Invitation invitation;
  invitation.id = row.get<long long>(0);
  invitation.shop_id = row.get<long long>(1);
  invitation.order_id = row.get<std::string>(2);
  invitation.customer_email = row.get<std::string>(3);
  invitation.customer_first_name = row.get<std::string>(4);
  invitation.customer_last_name = row.get<std::string>(5);
  invitation.state = InvitationStateFromName(row.get<std::string>(6));
  invitation.state_reason = row.get<std::string>(7);
  invitation.status_time = FromDbTime(row.get<std::tm>(8));
  invitation.send_time = FromDbTime(row.get<std::tm>(9));
  invitation.create_time = FromDbTime(row.get<std::tm>(10));
  invitation.update_time = FromDbTime(row.get<std::tm>(11));
  invitation.attempts = row.get<int>(12);
  if (row.get_indicator(13) == soci::i_ok) invitation.sent_time = FromDbTime(row.get<std::tm>(13));
  if (row.get_indicator(14) == soci::i_ok) invitation.message_id = row.get<std::string>(14);
  invitation.last_error = row.get<std::string>(15);
  if (row.get_indicator(16) == soci::i_ok) {
    invitation.reminder_time = FromDbTime(row.get<std::tm>(16));
  }
  if (row.get_indicator(17) == soci::i_ok) {
    invitation.reminder_sent_time = FromDbTime(row.get<std::tm>(17));
  }
  return invitation;
}

Suppression ReadSuppression(const soci::row& row) {
  Suppression suppression;
  suppression.id = row.get<long long>(0);
  suppression.shop_id = row.get<long long>(1);
  suppression.email = row.get<std::string>(2);
  suppression.create_time = FromDbTime(row.get<std::tm>(3));
  suppression.source = row.get<std::string>(4);
  suppression.reason = row.get<std::string>(5);
  return suppression;
}

absl::StatusOr<Invitation> LoadInvitation(soci::session& sql, InvitationId id, bool for_update) {
  long long invitation_id = id;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kInvitationColumns << " FROM invitations WHERE id = :id"
                   << (for_update ? " FOR UPDATE" : ""),
       soci::use(invitation_id, "id"));
  for (const soci::row& row : rows) return ReadInvitation(row);
  return absl::NotFoundError(absl::StrCat("invitation ", id, " not found"));
}

EventRecord ReadEvent(const soci::row& row) {
  EventRecord record;
  record.id = row.get<long long>(0);
  record.shop_id = row.get<long long>(1);
  record.receive_time = FromDbTime(row.get<std::tm>(2));
  record.event_name = row.get<std::string>(3);
  record.order_id = row.get<std::string>(4);
  record.status_id = row.get<long long>(5);
  record.status_type = static_cast<StatusType>(row.get<int>(6));
  record.status_name = row.get<std::string>(7);
  if (row.get_indicator(8) == soci::i_ok) record.status_time = FromDbTime(row.get<std::tm>(8));
  record.outcome = EventOutcomeFromName(row.get<std::string>(9));
  record.reason = row.get<std::string>(10);
  record.invitation_id = row.get<long long>(11);
  return record;
}

}  // namespace opinus::server
