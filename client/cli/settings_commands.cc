// opinus settings get|set.
#include "client/cli/settings_commands.h"

#include <string>
#include <utility>
#include <vector>

#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "common/status_macros.h"

namespace opinus::client::cli {

namespace {

namespace v1 = ::opinus::v1;

// The --trigger-status-type spellings, also those that output.cc prints.
const std::vector<std::pair<std::string, int>>& StatusTypeChoices() {
  static const auto* const kChoices = new std::vector<std::pair<std::string, int>>{
      {"closed", v1::ORDER_STATUS_TYPE_CLOSED},
      {"new", v1::ORDER_STATUS_TYPE_NEW},
      {"in-progress", v1::ORDER_STATUS_TYPE_IN_PROGRESS},
      {"not-realised", v1::ORDER_STATUS_TYPE_NOT_REALISED},
  };
  return *kChoices;
}

// The --language spellings; the number is the position in this list.
const std::vector<std::pair<std::string, int>>& LanguageChoices() {
  static const auto* const kChoices =
      new std::vector<std::pair<std::string, int>>{{"pl", 0}, {"en", 1}};
  return *kChoices;
}

// ParseSendingHours reads "START-END" in whole hours, e.g. "8-20"; the server
// checks the range.
absl::StatusOr<v1::SendingHours> ParseSendingHours(const std::string& value) {
  const size_t dash = value.find('-');
  if (dash == std::string::npos) {
    return UsageError("--sending-hours: START-END in whole hours, e.g. 8-20 (0-24: any time)");
  }
  OPINUS_ASSIGN_OR_RETURN(const int32_t start, ParseInt32("sending-hours", value.substr(0, dash)));
  OPINUS_ASSIGN_OR_RETURN(const int32_t end, ParseInt32("sending-hours", value.substr(dash + 1)));
  v1::SendingHours hours;
  hours.set_start_hour(start);
  hours.set_end_hour(end);
  return hours;
}

absl::Status PrintSettings(const Invocation& inv, const v1::ShopSettings& settings) {
  if (inv.json) return PrintJson(settings, inv.out);
  inv.out << FormatSettings(settings);
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& inv) {
  v1::GetShopSettingsRequest request;
  OPINUS_ASSIGN_OR_RETURN(const int64_t shop_id, GetRequiredId(inv.args, "shop"));
  request.set_shop_id(shop_id);
  OPINUS_ASSIGN_OR_RETURN(const v1::ShopSettings settings, inv.client.GetShopSettings(request));
  return PrintSettings(inv, settings);
}

absl::Status RunSet(const Invocation& inv) {
  OPINUS_ASSIGN_OR_RETURN(SettingsUpdate update, ParseSettingsUpdate(inv.args));
  if (update.NeedsCurrentTrigger()) {
    // Read-modify-write: a concurrent change of the other half of the trigger
    // between the two calls is lost, which is acceptable for an operator tool.
    v1::GetShopSettingsRequest get;
    get.set_shop_id(update.request.shop_id());
    OPINUS_ASSIGN_OR_RETURN(const v1::ShopSettings current, inv.client.GetShopSettings(get));
    KeepCurrentTrigger(current, &update);
  }
  OPINUS_ASSIGN_OR_RETURN(const v1::ShopSettings settings,
                          inv.client.UpdateShopSettings(update.request));
  return PrintSettings(inv, settings);
}

}  // namespace

absl::StatusOr<SettingsUpdate> ParseSettingsUpdate(const ParsedArgs& args) {
  SettingsUpdate update;
  v1::UpdateShopSettingsRequest& request = update.request;
  v1::ShopSettings& settings = *request.mutable_settings();
  OPINUS_ASSIGN_OR_RETURN(const int64_t shop_id, GetRequiredId(args, "shop"));
  request.set_shop_id(shop_id);

  if (const std::string* value = args.Get("delay-days")) {
    OPINUS_ASSIGN_OR_RETURN(const int32_t days, ParseInt32("delay-days", *value));
    settings.set_invitation_delay_days(days);
    request.mutable_update_mask()->add_paths("invitation_delay_days");
  }
  if (const std::string* value = args.Get("trigger-status-ids")) {
    OPINUS_ASSIGN_OR_RETURN(const std::vector<int64_t> ids,
                            ParseIdList("trigger-status-ids", *value));
    // Present even when empty, so that the request says "no ids".
    settings.mutable_trigger()->mutable_status_ids()->Add(ids.begin(), ids.end());
    update.status_ids_given = true;
  }
  if (const std::string* value = args.Get("trigger-status-type")) {
    OPINUS_ASSIGN_OR_RETURN(const int type,
                            ParseChoice("trigger-status-type", *value, StatusTypeChoices()));
    settings.mutable_trigger()->set_status_type(static_cast<v1::OrderStatusType>(type));
    update.status_type_given = true;
  }
  if (const std::string* value = args.Get("trigger-parcel-dispatch")) {
    OPINUS_ASSIGN_OR_RETURN(const bool on, ParseOnOff("trigger-parcel-dispatch", *value));
    settings.mutable_trigger()->set_parcel_dispatch(on);
    update.parcel_dispatch_given = true;
  }
  if (update.status_ids_given || update.status_type_given || update.parcel_dispatch_given) {
    request.mutable_update_mask()->add_paths("trigger");
  }
  if (const std::string* value = args.Get("time-zone")) {
    // The server knows the IANA zones; it answers INVALID_ARGUMENT for others.
    settings.set_time_zone(*value);
    request.mutable_update_mask()->add_paths("time_zone");
  }
  if (const std::string* value = args.Get("sending")) {
    OPINUS_ASSIGN_OR_RETURN(const bool on, ParseOnOff("sending", *value));
    settings.set_sending_enabled(on);
    request.mutable_update_mask()->add_paths("sending_enabled");
  }
  if (const std::string* value = args.Get("sending-hours")) {
    OPINUS_ASSIGN_OR_RETURN(const v1::SendingHours hours, ParseSendingHours(*value));
    *settings.mutable_sending_hours() = hours;
    request.mutable_update_mask()->add_paths("sending_hours");
  }
  if (const std::string* value = args.Get("sender-name")) {
    settings.set_sender_name(*value);
    request.mutable_update_mask()->add_paths("sender_name");
  }
  if (const std::string* value = args.Get("language")) {
    OPINUS_ASSIGN_OR_RETURN(const int index, ParseChoice("language", *value, LanguageChoices()));
    settings.set_language(LanguageChoices()[static_cast<size_t>(index)].first);
    request.mutable_update_mask()->add_paths("language");
  }
  if (const std::string* value = args.Get("reminder-days")) {
    OPINUS_ASSIGN_OR_RETURN(const int32_t days, ParseInt32("reminder-days", *value));
    settings.set_reminder_days(days);
    request.mutable_update_mask()->add_paths("reminder_days");
  }
  if (const std::string* value = args.Get("webhook-secret")) {
    settings.set_webhook_secret(*value);
    request.mutable_update_mask()->add_paths("webhook_secret");
  }
  if (request.update_mask().paths().empty()) {
    return UsageError(
        "nothing to change: give --delay-days, --trigger-status-ids, --trigger-status-type, "
        "--trigger-parcel-dispatch, --time-zone, --sending, --sending-hours, --sender-name, "
        "--language, --reminder-days "
        "or --webhook-secret");
  }
  return update;
}

void KeepCurrentTrigger(const v1::ShopSettings& current, SettingsUpdate* update) {
  if (!update->NeedsCurrentTrigger()) return;
  v1::InvitationTrigger& trigger = *update->request.mutable_settings()->mutable_trigger();
  if (!update->status_ids_given) *trigger.mutable_status_ids() = current.trigger().status_ids();
  if (!update->status_type_given) trigger.set_status_type(current.trigger().status_type());
  if (!update->parcel_dispatch_given) {
    trigger.set_parcel_dispatch(current.trigger().parcel_dispatch());
  }
}

void AddSettingsCommands(CommandTable* table) {
  table->Add({"settings",
              "get",
              "Prints a shop's settings.",
              {{"shop", "ID", true, "the shop's id"}},
              "",
              RunGet});
  table->Add(
      {"settings",
       "set",
       "Changes the settings given (and only those); prints the settings as stored.",
       {{"shop", "ID", true, "the shop's id"},
        {"delay-days", "N", false, "days from the trigger status to the e-mail, 0 to 90"},
        {"trigger-status-ids", "7,12", false,
         "the shop's status ids that schedule an invitation; \"\" clears the list"},
        {"trigger-status-type", "closed|new|in-progress|not-realised", false,
         "the status type that schedules an invitation when the id list is empty"},
        {"trigger-parcel-dispatch", "on|off", false,
         "on: the order's parcel being sent (Shoper's parcel.dispatch) schedules the "
         "invitation, its delay counted from the send date, instead of a status"},
        {"time-zone", "ZONE", false,
         "IANA time zone of the shop's order dates, e.g. Europe/Warsaw"},
        {"sending", "on|off", false, "whether invitations are sent at all"},
        {"sending-hours", "8-20", false,
         "hours of the day (shop's time zone) when invitations leave; 0-24: any time"},
        {"sender-name", "NAME", false, "the From name of invitations; \"\" means the shop's name"},
        {"language", "pl|en", false, "the language of invitation e-mails"},
        {"reminder-days", "N", false,
         "days after the invitation before one reminder to a customer who has not given an "
         "opinion, 3 to 30; 0: no reminder"},
        {"webhook-secret", "S", false,
         "the Klucz set in Shoper's webhook; then every delivery must carry a valid "
         "X-Webhook-Sha1. \"\" removes it"}},
       "The trigger is one setting of three parts: a list of status ids, a status type\n"
       "that applies only while the list is empty, and the parcel's dispatch, which when\n"
       "on replaces both. Parts not given are first read from the current settings and\n"
       "kept. To trigger on a status type, clear the ids: --trigger-status-ids \"\"\n"
       "--trigger-status-type closed.\n"
       "A new delay re-plans every invitation of the shop that is still scheduled; a new\n"
       "reminder setting re-plans every pending reminder (0 drops them).",
       RunSet});
}

}  // namespace opinus::client::cli
