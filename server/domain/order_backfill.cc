#include "server/domain/order_backfill.h"

#include "absl/strings/str_cat.h"
#include "server/domain/time_zones.h"

namespace opinus::server {

const char* BackfillStateName(BackfillState state) {
  switch (state) {
    case BackfillState::kRunning:
      return "running";
    case BackfillState::kDone:
      return "done";
    case BackfillState::kFailed:
      return "failed";
  }
  return "running";
}

BackfillState BackfillStateFromName(absl::string_view name) {
  if (name == "done") return BackfillState::kDone;
  if (name == "failed") return BackfillState::kFailed;
  return BackfillState::kRunning;
}

absl::Status ValidateBackfillDays(int days) {
  if (days < kMinBackfillDays || days > kMaxBackfillDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("days: from ", kMinBackfillDays, " to ", kMaxBackfillDays));
  }
  return absl::OkStatus();
}

absl::StatusOr<ShoperOrderQuery> BackfillQuery(const ShopSettings& settings, absl::Time now,
                                               int days) {
  if (absl::Status valid = ValidateBackfillDays(days); !valid.ok()) return valid;
  // Past orders' parcels are not read: each order would wait for a parcel
  // that was sent long ago, its buyer kept for nothing.
  if (settings.trigger.parcel_dispatch) {
    return absl::FailedPreconditionError(
        "the shop's trigger is the parcel's dispatch: past orders are invited only by status");
  }
  if (settings.trigger.status_ids.empty()) {
    return absl::FailedPreconditionError(
        "the shop's trigger names no statuses: choose them in the shop's settings");
  }
  absl::StatusOr<absl::TimeZone> zone = LoadShopTimeZone(settings.time_zone);
  if (!zone.ok()) return zone.status();
  ShoperOrderQuery query;
  query.since_local = absl::FormatTime("%Y-%m-%d %H:%M:%S", now - absl::Hours(24) * days, *zone);
  query.status_ids = settings.trigger.status_ids;
  return query;
}

void CountOutcome(EventOutcome outcome, OrderBackfill& backfill) {
  switch (outcome) {
    case EventOutcome::kScheduled:
      ++backfill.scheduled;
      return;
    case EventOutcome::kDuplicate:
      ++backfill.duplicates;
      return;
    default:
      ++backfill.other;
      return;
  }
}

}  // namespace opinus::server
