// The settings form of the owner's panel: from a shop's settings to the
// form's values, and from the submitted form to UpdateShopSettings.
#ifndef OPINUS_GATEWAY_PANEL_SETTINGS_FORM_H_
#define OPINUS_GATEWAY_PANEL_SETTINGS_FORM_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "opinus/v1/shop.pb.h"

namespace opinus::gateway {

// The form's fields, named like the settings they set:
// invitation_delay_days, trigger ("type": any closed status, "ids": the
// status ids in status_ids, e.g. "7, 12", "parcel": the parcel's dispatch,
// status_ids kept for later), sending_enabled (a checkbox),
// sender_name, language, reminder_days, webhook_secret (empty: unchanged) and
// remove_webhook_secret (a checkbox).
using FormFields = std::map<std::string, std::string>;

// SettingsFields returns the form's fields filled with `settings`.
FormFields SettingsFields(const opinus::v1::ShopSettings& settings);

// SettingsTemplateValues returns the settings form's template values for
// `fields` (as stored, or as the owner entered them): text escaped by the
// template, and the raw " checked" / " selected" markers.
std::map<std::string, std::string> SettingsTemplateValues(const FormFields& fields);

// SettingsUpdate returns the UpdateShopSettings request of the submitted
// `fields` for shop `shop_id`: every setting of the form in its mask, the
// webhook secret only when a new one is given or its removal is ticked.
// INVALID_ARGUMENT naming the field ("invitation_delay_days: ...") for a
// number or id list that does not parse; the core judges the rest.
[[nodiscard]] absl::StatusOr<opinus::v1::UpdateShopSettingsRequest> SettingsUpdate(
    int64_t shop_id, const FormFields& fields);

// SettingsErrorSlot returns the form field next to which the core's error
// about `field` is shown ("trigger.status_ids" -> "trigger"); "" when the
// form has no such field.
std::string SettingsErrorSlot(absl::string_view field);

// PolishSettingsHint returns what the Polish form says next to `slot` when the
// core refused its value (the core's own words are English); "" for a slot
// without one, where the core's words are shown.
absl::string_view PolishSettingsHint(absl::string_view slot);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_SETTINGS_FORM_H_
