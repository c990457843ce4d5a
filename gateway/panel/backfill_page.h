// BackfillPage: what the page "Zaproś klientów z ostatnich N dni" shows of
// a shop's latest backfill of past orders, and why a shop cannot have one.
// Pure functions; every text is escaped where it is rendered.
#ifndef OPINUS_GATEWAY_PANEL_BACKFILL_PAGE_H_
#define OPINUS_GATEWAY_PANEL_BACKFILL_PAGE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/panel/panel_views.h"
#include "opinus/v1/backfill.pb.h"

namespace opinus::gateway {

// The days a backfill may reach back, and the page's default.
inline constexpr int kMinBackfillDays = 1;
inline constexpr int kMaxBackfillDays = 90;
inline constexpr int kDefaultBackfillDays = 30;

// BackfillProgressValues returns the values of the page's progress section
// for `latest` ("progress_hidden" "hidden" without one), times in `zone`.
std::map<std::string, std::string> BackfillProgressValues(
    const std::optional<opinus::v1::OrderBackfill>& latest, absl::string_view language,
    const PageTimeZone& zone);

// BackfillUnavailable returns what the page says when the core refused to
// count (FAILED_PRECONDITION): the shop is not connected through the App
// Store, or its trigger names no statuses or is the parcel's dispatch, or
// this Opinus has no app.
std::string BackfillUnavailable(absl::string_view language);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_BACKFILL_PAGE_H_
