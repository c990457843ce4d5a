#include "server/storage/mysql/rows.h"

#include <cstddef>
#include <type_traits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/domain/event_reason.h"

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

void ShopFields::Into(soci::statement& statement) {
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(name));
  statement.exchange(soci::into(domain));
  statement.exchange(soci::into(owner_email));
  statement.exchange(soci::into(webhook_key));
  statement.exchange(soci::into(invitation_delay_days));
  statement.exchange(soci::into(trigger_status_type));
  statement.exchange(soci::into(trigger_status_ids));
  statement.exchange(soci::into(time_zone));
  statement.exchange(soci::into(sending_enabled));
  statement.exchange(soci::into(create_time));
  statement.exchange(soci::into(sender_name));
  statement.exchange(soci::into(language));
  statement.exchange(soci::into(sending_hour_start));
  statement.exchange(soci::into(sending_hour_end));
  statement.exchange(soci::into(webhook_secret));
  statement.exchange(soci::into(reminder_days));
  statement.exchange(soci::into(owner_id, owner_indicator));
  statement.exchange(soci::into(previous_webhook_key, previous_key_indicator));
  statement.exchange(soci::into(previous_key_valid_until, previous_valid_until_indicator));
  statement.exchange(soci::into(approve_time, approve_indicator));
  statement.exchange(soci::into(slug, slug_indicator));
  statement.exchange(soci::into(trigger_parcel_dispatch));
}

Shop ShopFields::ToShop() const {
  Shop shop;
  shop.id = id;
  shop.name = name;
  shop.domain = domain;
  shop.owner_email = owner_email;
  shop.webhook_key = webhook_key;
  shop.settings.invitation_delay_days = invitation_delay_days;
  shop.settings.trigger.status_type = static_cast<StatusType>(trigger_status_type);
  shop.settings.trigger.status_ids = SplitStatusIds(trigger_status_ids);
  shop.settings.trigger.parcel_dispatch = trigger_parcel_dispatch != 0;
  shop.settings.time_zone = time_zone;
  shop.settings.sending_enabled = sending_enabled != 0;
  shop.create_time = FromDbTime(create_time);
  shop.settings.sender_name = sender_name;
  shop.settings.language = language;
  shop.settings.sending_hours.start_hour = sending_hour_start;
  shop.settings.sending_hours.end_hour = sending_hour_end;
  shop.settings.webhook_secret = webhook_secret;
  shop.settings.reminder_days = reminder_days;
  if (owner_indicator == soci::i_ok) shop.owner_id = owner_id;
  if (previous_key_indicator == soci::i_ok && previous_valid_until_indicator == soci::i_ok) {
    shop.previous_key = PreviousKey{previous_webhook_key, FromDbTime(previous_key_valid_until)};
  }
  if (approve_indicator == soci::i_ok) shop.approve_time = FromDbTime(approve_time);
  if (slug_indicator == soci::i_ok) shop.slug = slug;
  return shop;
}

Shop ReadShop(const soci::row& row) {
  ShopFields fields;
  fields.id = row.get<long long>(0);
  fields.name = row.get<std::string>(1);
  fields.domain = row.get<std::string>(2);
  fields.owner_email = row.get<std::string>(3);
  fields.webhook_key = row.get<std::string>(4);
  fields.invitation_delay_days = row.get<int>(5);
  fields.trigger_status_type = row.get<int>(6);
  fields.trigger_status_ids = row.get<std::string>(7);
  fields.time_zone = row.get<std::string>(8);
  fields.sending_enabled = row.get<int>(9);
  fields.create_time = row.get<std::tm>(10);
  fields.sender_name = row.get<std::string>(11);
  fields.language = row.get<std::string>(12);
  fields.sending_hour_start = row.get<int>(13);
  fields.sending_hour_end = row.get<int>(14);
  fields.webhook_secret = row.get<std::string>(15);
  fields.reminder_days = row.get<int>(16);
  fields.owner_indicator = row.get_indicator(17);
  if (fields.owner_indicator == soci::i_ok) fields.owner_id = row.get<long long>(17);
  fields.previous_key_indicator = row.get_indicator(18);
  if (fields.previous_key_indicator == soci::i_ok) {
    fields.previous_webhook_key = row.get<std::string>(18);
  }
  fields.previous_valid_until_indicator = row.get_indicator(19);
  if (fields.previous_valid_until_indicator == soci::i_ok) {
    fields.previous_key_valid_until = row.get<std::tm>(19);
  }
  fields.approve_indicator = row.get_indicator(20);
  if (fields.approve_indicator == soci::i_ok) fields.approve_time = row.get<std::tm>(20);
  fields.slug_indicator = row.get_indicator(21);
  if (fields.slug_indicator == soci::i_ok) fields.slug = row.get<std::string>(21);
  fields.trigger_parcel_dispatch = row.get<int>(22);
  return fields.ToShop();
}

void InvitationFields::Into(soci::statement& statement) {
  soci::indicator* indicator = indicators;
  statement.exchange(soci::into(id, *indicator++));
  statement.exchange(soci::into(shop_id, *indicator++));
  statement.exchange(soci::into(order_id, *indicator++));
  statement.exchange(soci::into(customer_email, *indicator++));
  statement.exchange(soci::into(customer_first_name, *indicator++));
  statement.exchange(soci::into(customer_last_name, *indicator++));
  statement.exchange(soci::into(state, *indicator++));
  statement.exchange(soci::into(state_reason, *indicator++));
  statement.exchange(soci::into(status_time, *indicator++));
  statement.exchange(soci::into(send_time, *indicator++));
  statement.exchange(soci::into(create_time, *indicator++));
  statement.exchange(soci::into(update_time, *indicator++));
  statement.exchange(soci::into(attempts, *indicator++));
  statement.exchange(soci::into(sent_time, *indicator++));
  statement.exchange(soci::into(message_id, *indicator++));
  statement.exchange(soci::into(last_error, *indicator++));
  statement.exchange(soci::into(reminder_time, *indicator++));
  statement.exchange(soci::into(reminder_sent_time, *indicator++));
  statement.exchange(soci::into(version, *indicator++));
  statement.exchange(soci::into(handover_time, *indicator++));
  statement.exchange(soci::into(reason_code, *indicator++));
  statement.exchange(soci::into(reason_time, *indicator++));
  statement.exchange(soci::into(reason_status_id, *indicator++));
  statement.exchange(soci::into(reason_count, *indicator++));
  statement.exchange(soci::into(reason_limit, *indicator++));
  statement.exchange(soci::into(reason_all_shops, *indicator++));
  statement.exchange(soci::into(reason_reminder, *indicator++));
  statement.exchange(soci::into(reason_source, *indicator++));
  statement.exchange(soci::into(reason_detail, *indicator++));
  statement.exchange(soci::into(reason_handover_time, *indicator++));
}

std::optional<Invitation> InvitationFields::ToInvitation() const {
  if (indicators[0] != soci::i_ok) return std::nullopt;
  Invitation invitation;
  invitation.id = id;
  invitation.shop_id = shop_id;
  invitation.order_id = order_id;
  invitation.customer_email = customer_email;
  invitation.customer_first_name = customer_first_name;
  invitation.customer_last_name = customer_last_name;
  invitation.state = InvitationStateFromName(state);
  invitation.state_reason = state_reason;
  invitation.status_time = FromDbTime(status_time);
  invitation.send_time = FromDbTime(send_time);
  invitation.create_time = FromDbTime(create_time);
  invitation.update_time = FromDbTime(update_time);
  invitation.attempts = attempts;
  if (indicators[13] == soci::i_ok) invitation.sent_time = FromDbTime(sent_time);
  if (indicators[14] == soci::i_ok) invitation.message_id = message_id;
  invitation.last_error = last_error;
  if (indicators[16] == soci::i_ok) invitation.reminder_time = FromDbTime(reminder_time);
  if (indicators[17] == soci::i_ok) invitation.reminder_sent_time = FromDbTime(reminder_sent_time);
  invitation.version = version;
  if (indicators[19] == soci::i_ok) invitation.handover_time = FromDbTime(handover_time);
  InvitationReason& reason = invitation.structured_reason;
  reason.code = InvitationReasonCodeFromName(reason_code);
  if (indicators[21] == soci::i_ok) reason.time = FromDbTime(reason_time);
  reason.status_id = reason_status_id;
  reason.count = reason_count;
  reason.limit = reason_limit;
  reason.all_shops = reason_all_shops != 0;
  reason.reminder = reason_reminder != 0;
  reason.source = reason_source;
  reason.detail = reason_detail;
  if (indicators[29] == soci::i_ok) reason.handover_time = FromDbTime(reason_handover_time);
  return invitation;
}

Invitation ReadInvitation(const soci::row& row) {
  InvitationFields fields;
  for (std::size_t i = 0; i < kInvitationColumnCount; ++i)
    fields.indicators[i] = row.get_indicator(i);
  // A NULL column keeps its default: get<> would throw on it.
  auto get = [&row, &fields](std::size_t i, auto& value) {
    if (fields.indicators[i] == soci::i_ok) value = row.get<std::decay_t<decltype(value)>>(i);
  };
  get(0, fields.id);
  get(1, fields.shop_id);
  get(2, fields.order_id);
  get(3, fields.customer_email);
  get(4, fields.customer_first_name);
  get(5, fields.customer_last_name);
  get(6, fields.state);
  get(7, fields.state_reason);
  get(8, fields.status_time);
  get(9, fields.send_time);
  get(10, fields.create_time);
  get(11, fields.update_time);
  get(12, fields.attempts);
  get(13, fields.sent_time);
  get(14, fields.message_id);
  get(15, fields.last_error);
  get(16, fields.reminder_time);
  get(17, fields.reminder_sent_time);
  get(18, fields.version);
  get(19, fields.handover_time);
  get(20, fields.reason_code);
  get(21, fields.reason_time);
  get(22, fields.reason_status_id);
  get(23, fields.reason_count);
  get(24, fields.reason_limit);
  get(25, fields.reason_all_shops);
  get(26, fields.reason_reminder);
  get(27, fields.reason_source);
  get(28, fields.reason_detail);
  get(29, fields.reason_handover_time);
  return fields.ToInvitation().value();
}

Suppression ReadSuppression(const soci::row& row) {
  Suppression suppression;
  suppression.id = row.get<long long>(0);
  suppression.shop_id = row.get<long long>(1);
  suppression.email_hash = row.get<std::string>(2);
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
  record.key_used = KeyUsedFromName(row.get<std::string>(12));
  EventReason& reason = record.structured_reason;
  reason.code = EventReasonCodeFromName(row.get<std::string>(13));
  if (row.get_indicator(14) == soci::i_ok) reason.time = FromDbTime(row.get<std::tm>(14));
  reason.status_id = row.get<long long>(15);
  if (const std::string state = row.get<std::string>(16); !state.empty()) {
    reason.invitation_state = InvitationStateFromName(state);
  }
  reason.field = row.get<std::string>(17);
  reason.value = row.get<std::string>(18);
  reason.cancel = CancelResultFromName(row.get<std::string>(19));
  if (row.get_indicator(20) == soci::i_ok) {
    reason.stated_status_time = FromDbTime(row.get<std::tm>(20));
  }
  record.source = EventSourceFromName(row.get<std::string>(21));
  return record;
}

Opinion ReadOpinion(const soci::row& row) {
  Opinion opinion;
  opinion.id = row.get<long long>(0);
  opinion.shop_id = row.get<long long>(1);
  opinion.invitation_id = row.get<long long>(2);
  opinion.order_id = row.get<std::string>(3);
  opinion.input.rating = row.get<int>(4);
  opinion.input.delivery_rating = row.get<int>(5);
  opinion.input.product_rating = row.get<int>(6);
  opinion.input.service_rating = row.get<int>(7);
  opinion.input.comment = row.get<std::string>(8);
  opinion.input.display_name = row.get<std::string>(9);
  opinion.input.consent = true;
  const std::string status = row.get<std::string>(10);
  opinion.status = status == "hidden"      ? OpinionStatus::kHidden
                   : status == "withdrawn" ? OpinionStatus::kWithdrawn
                                           : OpinionStatus::kPublished;
  opinion.create_time = FromDbTime(row.get<std::tm>(11));
  opinion.update_time = FromDbTime(row.get<std::tm>(12));
  opinion.edits = row.get<int>(13);
  opinion.reply = row.get<std::string>(14);
  if (row.get_indicator(15) == soci::i_ok) opinion.reply_time = FromDbTime(row.get<std::tm>(15));
  opinion.reported = row.get<int>(16) != 0;
  opinion.report_reason = row.get<std::string>(17);
  opinion.moderation_reason = row.get<std::string>(18);
  return opinion;
}

void ReadCommittedNext(soci::session& sql) {
  sql << "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
}

}  // namespace opinus::server
