// OrderBackfill: an owner's request to invite the customers of a shop's
// past orders, read from its Shoper REST API page by page, and the rules of
// it (how far back, which orders, what its progress means).
#ifndef OPINUS_SERVER_DOMAIN_ORDER_BACKFILL_H_
#define OPINUS_SERVER_DOMAIN_ORDER_BACKFILL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/model.h"
#include "server/domain/shoper_api.h"

namespace opinus::server {

// How many days back a backfill may reach, and the panel's default.
inline constexpr int kMinBackfillDays = 1;
inline constexpr int kMaxBackfillDays = 90;
inline constexpr int kDefaultBackfillDays = 30;
// Orders read a page: Shoper's largest page.
inline constexpr int kBackfillPageSize = 50;

// running: pages are still to be read (retried after a failure); done:
// every page was read; failed: it gave up after its last attempt.
enum class BackfillState { kRunning, kDone, kFailed };

// BackfillStateName returns "running", "done" or "failed";
// BackfillStateFromName reads them back (running for anything else).
const char* BackfillStateName(BackfillState state);
BackfillState BackfillStateFromName(absl::string_view name);

// OrderBackfill is one backfill of one shop and how far it got.
struct OrderBackfill {
  int64_t id = 0;
  ShopId shop_id = 0;
  int days = kDefaultBackfillDays;
  // The orders it reads: fixed when it starts, so that a resumed backfill
  // reads the same ones.
  ShoperOrderQuery query;
  BackfillState state = BackfillState::kRunning;
  // The next page to read (from 1), and how many pages the last one said
  // there are (0 before the first).
  int next_page = 1;
  int pages = 0;
  // Orders the shop counted when it started.
  int64_t expected = 0;
  // What the orders read became: an invitation scheduled; a duplicate (an
  // order already seen); anything else (ignored, cancelled, rejected).
  int64_t scheduled = 0;
  int64_t duplicates = 0;
  int64_t other = 0;
  // Failed attempts since the last page read, and the last failure.
  int attempts = 0;
  std::string error;
  absl::Time create_time;
  absl::Time update_time;
  // When it is next due to run (a claim moves it to the claim's end).
  absl::Time next_attempt_time;
};

// ValidateBackfillDays returns INVALID_ARGUMENT "days: from 1 to 90" for a
// number of days out of bounds.
absl::Status ValidateBackfillDays(int days);

// BackfillQuery returns the orders a backfill of the last `days` days from
// `now` reads for a shop with `settings`: status date at or after now -
// days, written in the shop's zone as Shoper keeps dates, and a status among
// the trigger's. FAILED_PRECONDITION when the trigger names no status ids
// (Shoper's list can only be filtered by id) or is the parcel's dispatch
// (past parcels are not read); INVALID_ARGUMENT for days.
absl::StatusOr<ShoperOrderQuery> BackfillQuery(const ShopSettings& settings, absl::Time now,
                                               int days);

// CountOutcome adds one order that became `outcome` to `backfill`'s counts.
void CountOutcome(EventOutcome outcome, OrderBackfill& backfill);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_ORDER_BACKFILL_H_
