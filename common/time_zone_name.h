// LoadNamedTimeZone: a time zone by its IANA name, for showing times where
// people live (the panel's pages, the CLI's tables).
#ifndef OPINUS_COMMON_TIME_ZONE_NAME_H_
#define OPINUS_COMMON_TIME_ZONE_NAME_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus {

// LoadNamedTimeZone returns the zone `name` ("Europe/Warsaw"), or nullopt
// when `name` is not a zone name the system's tzdata has. Only a zone name's
// characters (letters, digits, / _ - +, no "..", not starting with '/') reach
// absl::LoadTimeZone, which would open any path it is given. The names come
// from the core, which checked them against the IANA list.
std::optional<absl::TimeZone> LoadNamedTimeZone(absl::string_view name);

}  // namespace opinus

#endif  // OPINUS_COMMON_TIME_ZONE_NAME_H_
