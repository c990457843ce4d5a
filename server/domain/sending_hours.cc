#include "server/domain/sending_hours.h"

#include "absl/time/civil_time.h"

namespace opinus::server {

absl::Time NextSendingTime(absl::Time time, const SendingHours& hours, absl::TimeZone zone) {
  if (hours.start_hour <= 0 && hours.end_hour >= 24) return time;
  const absl::CivilSecond local = zone.At(time).cs;
  const int hour = local.hour();
  if (hour >= hours.start_hour && hour < hours.end_hour) return time;
  absl::CivilDay day = absl::CivilDay(local);
  if (hour >= hours.end_hour) day += 1;
  // FromCivil resolves a start hour skipped by a DST change to the instant
  // just after the gap, which is what a waiting mail wants.
  return absl::FromCivil(absl::CivilHour(day) + hours.start_hour, zone);
}

}  // namespace opinus::server
