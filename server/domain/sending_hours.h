// The sending-hours rule: when an invitation may leave, given the shop's
// daily window and time zone. A pure function.
#ifndef OPINUS_SERVER_DOMAIN_SENDING_HOURS_H_
#define OPINUS_SERVER_DOMAIN_SENDING_HOURS_H_

#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// NextSendingTime returns the earliest time at or after `time` that falls in
// [hours.start_hour, hours.end_hour) of the local day in `zone`: `time`
// itself inside the window, else the next start (today's when before the
// window, tomorrow's after it). {0, 24} always returns `time`. `hours` must
// be valid (ValidateShopSettings).
absl::Time NextSendingTime(absl::Time time, const SendingHours& hours, absl::TimeZone zone);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_SENDING_HOURS_H_
