// `opinus settings set` turned into an UpdateShopSettingsRequest: pure
// functions, apart from the command that calls the server, for unit tests.
#ifndef OPINUS_CLIENT_CLI_SETTINGS_COMMANDS_H_
#define OPINUS_CLIENT_CLI_SETTINGS_COMMANDS_H_

#include "absl/status/statusor.h"
#include "client/cli/args.h"
#include "opinus/v1/shop.pb.h"

namespace opinus::client::cli {

// SettingsUpdate is what one `opinus settings set` asks the server to change.
struct SettingsUpdate {
  // shop_id, the settings given, and an update_mask naming exactly those:
  // "invitation_delay_days", "trigger", "time_zone", "sending_enabled",
  // "sender_name", "language", "sending_hours".
  opinus::v1::UpdateShopSettingsRequest request;
  // Which parts of the trigger the flags gave.
  bool status_ids_given = false;
  bool status_type_given = false;
  bool parcel_dispatch_given = false;

  // NeedsCurrentTrigger returns whether some parts of the trigger but not all
  // were given: the server replaces the trigger as a whole, so the others
  // must first be read from the current settings (see KeepCurrentTrigger).
  bool NeedsCurrentTrigger() const {
    const int given = status_ids_given + status_type_given + parcel_dispatch_given;
    return given > 0 && given < 3;
  }
};

// ParseSettingsUpdate returns the update that the flags of `args` ask for:
// --shop ID (required), --delay-days N, --trigger-status-ids 7,12 (""
// clears the list, so that the status type applies), --trigger-status-type
// closed|new|in-progress|not-realised, --trigger-parcel-dispatch on|off,
// --time-zone ZONE, --sending on|off,
// --sending-hours START-END (e.g. 8-20; 0-24 any time), --sender-name NAME,
// --language pl|en.
// A usage error names the first flag with a bad value, or says that no
// setting was given (an empty mask would make the server change them all).
[[nodiscard]] absl::StatusOr<SettingsUpdate> ParseSettingsUpdate(const ParsedArgs& args);

// KeepCurrentTrigger copies into `update` the parts of the trigger its flags
// did not give, from `current`; does nothing unless NeedsCurrentTrigger().
void KeepCurrentTrigger(const opinus::v1::ShopSettings& current, SettingsUpdate* update);

}  // namespace opinus::client::cli

#endif  // OPINUS_CLIENT_CLI_SETTINGS_COMMANDS_H_
