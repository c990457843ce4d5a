#include "gateway/panel/settings_form.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/field_violation.h"
#include "gateway/http/form_body.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

// The form fields next to which errors are shown.
constexpr const char* kSlots[] = {"invitation_delay_days", "trigger",  "sending_enabled",
                                  "sender_name",           "language", "reminder_days",
                                  "webhook_secret"};

absl::StatusOr<int32_t> WholeNumber(const FormFields& fields, const std::string& name) {
  int32_t value = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(FieldValue(fields, name)), &value)) {
    return InvalidFieldError(name, "a whole number of days");
  }
  return value;
}

}  // namespace

FormFields SettingsFields(const v1::ShopSettings& settings) {
  FormFields fields;
  fields["invitation_delay_days"] = absl::StrCat(settings.invitation_delay_days());
  fields["trigger"] = settings.trigger().parcel_dispatch()      ? "parcel"
                      : settings.trigger().status_ids().empty() ? "type"
                                                                : "ids";
  fields["status_ids"] = absl::StrJoin(settings.trigger().status_ids(), ", ");
  if (settings.sending_enabled()) fields["sending_enabled"] = "1";
  fields["sender_name"] = settings.sender_name();
  fields["language"] = settings.language();
  fields["reminder_days"] = absl::StrCat(settings.reminder_days());
  return fields;
}

std::map<std::string, std::string> SettingsTemplateValues(const FormFields& fields) {
  const std::string& trigger = FieldValue(fields, "trigger");
  const bool by_parcel = trigger == "parcel";
  const bool by_ids = trigger == "ids";
  const bool english = FieldValue(fields, "language") == "en";
  return {{"invitation_delay_days", FieldValue(fields, "invitation_delay_days")},
          {"trigger_type_checked", by_ids || by_parcel ? "" : " checked"},
          {"trigger_ids_checked", by_ids ? " checked" : ""},
          {"trigger_parcel_checked", by_parcel ? " checked" : ""},
          {"status_ids", FieldValue(fields, "status_ids")},
          {"sending_checked", fields.count("sending_enabled") > 0 ? " checked" : ""},
          {"sender_name", FieldValue(fields, "sender_name")},
          {"language_pl_selected", english ? "" : " selected"},
          {"language_en_selected", english ? " selected" : ""},
          {"reminder_days", FieldValue(fields, "reminder_days")},
          {"remove_secret_checked", fields.count("remove_webhook_secret") > 0 ? " checked" : ""}};
}

absl::StatusOr<v1::UpdateShopSettingsRequest> SettingsUpdate(int64_t shop_id,
                                                             const FormFields& fields) {
  v1::UpdateShopSettingsRequest request;
  request.set_shop_id(shop_id);
  v1::ShopSettings& settings = *request.mutable_settings();

  absl::StatusOr<int32_t> delay = WholeNumber(fields, "invitation_delay_days");
  if (!delay.ok()) return delay.status();
  settings.set_invitation_delay_days(*delay);

  // With the parcel trigger the ids entered are kept for a return to them.
  const bool by_parcel = FieldValue(fields, "trigger") == "parcel";
  settings.mutable_trigger()->set_parcel_dispatch(by_parcel);
  if (FieldValue(fields, "trigger") == "ids" || by_parcel) {
    for (absl::string_view id : absl::StrSplit(FieldValue(fields, "status_ids"),
                                               absl::ByAnyChar(", "), absl::SkipEmpty())) {
      int64_t value = 0;
      if (!absl::SimpleAtoi(id, &value)) {
        return InvalidFieldError("trigger.status_ids",
                                 "status ids are numbers separated by commas, e.g. 7, 12");
      }
      settings.mutable_trigger()->add_status_ids(value);
    }
    // No ids: the core names the missing choice.
    if (by_parcel && settings.trigger().status_ids().empty()) {
      settings.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_CLOSED);
    }
  } else {
    settings.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_CLOSED);
  }
  settings.set_sending_enabled(fields.count("sending_enabled") > 0);
  settings.set_sender_name(FieldValue(fields, "sender_name"));
  settings.set_language(FieldValue(fields, "language"));

  absl::StatusOr<int32_t> reminder = WholeNumber(fields, "reminder_days");
  if (!reminder.ok()) return reminder.status();
  settings.set_reminder_days(*reminder);

  for (const char* path : {"invitation_delay_days", "trigger", "sending_enabled", "sender_name",
                           "language", "reminder_days"}) {
    request.mutable_update_mask()->add_paths(path);
  }
  const std::string secret = FieldValue(fields, "webhook_secret");
  if (!secret.empty() || fields.count("remove_webhook_secret") > 0) {
    settings.set_webhook_secret(secret);
    request.mutable_update_mask()->add_paths("webhook_secret");
  }
  return request;
}

absl::string_view PolishSettingsHint(absl::string_view slot) {
  static constexpr std::pair<absl::string_view, absl::string_view> kHints[] = {
      {"invitation_delay_days", "podaj liczbę dni od 0 do 90."},
      {"trigger", "podaj numery statusów sklepu, liczby całkowite oddzielone przecinkami."},
      {"sender_name", "najwyżej 100 znaków, bez znaków sterujących."},
      {"language", "wybierz polski albo angielski."},
      {"reminder_days", "podaj 0 (bez przypomnienia) albo liczbę dni od 3 do 30."},
  };
  for (const auto& [name, hint] : kHints) {
    if (name == slot) return hint;
  }
  return "";
}

std::string SettingsErrorSlot(absl::string_view field) {
  for (const char* slot : kSlots) {
    if (field == slot || absl::StartsWith(field, absl::StrCat(slot, "."))) return slot;
  }
  return "";
}

}  // namespace opinus::gateway
