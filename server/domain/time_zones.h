// The time zones a shop may name: only those of the IANA list that the
// system's tzdata ships.
#ifndef OPINUS_SERVER_DOMAIN_TIME_ZONES_H_
#define OPINUS_SERVER_DOMAIN_TIME_ZONES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

// The longest zone name taken; the IANA list's longest is 32 bytes.
inline constexpr size_t kMaxTimeZoneNameLength = 64;

// LoadShopTimeZone returns the zone `name` ("Europe/Warsaw", "UTC"), or
// INVALID_ARGUMENT at once when `name` is not in the IANA list of the
// system's tzdata (tzdata.zi under $TZDIR, else /usr/share/zoneinfo).
// absl::LoadTimeZone alone opens any path it is given (`/dev/ptmx` never
// returns) and caches every name for good, so no other name may reach it.
// Thread-safe; the list is read once.
absl::StatusOr<absl::TimeZone> LoadShopTimeZone(absl::string_view name);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_TIME_ZONES_H_
