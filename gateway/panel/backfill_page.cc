#include "gateway/panel/backfill_page.h"

#include "absl/strings/str_cat.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

std::string StateWord(v1::OrderBackfillState state, absl::string_view language) {
  const bool en = language == "en";
  switch (state) {
    case v1::ORDER_BACKFILL_STATE_DONE:
      return en ? "done" : "zakończone";
    case v1::ORDER_BACKFILL_STATE_FAILED:
      return en ? "failed" : "przerwane po błędach";
    default:
      return en ? "running" : "w toku";
  }
}

}  // namespace

std::map<std::string, std::string> BackfillProgressValues(
    const std::optional<v1::OrderBackfill>& latest, absl::string_view language,
    const PageTimeZone& zone) {
  if (!latest) {
    // The section is hidden, but every placeholder needs a value.
    std::map<std::string, std::string> none;
    for (const char* name : {"state", "backfill_days", "pages_read", "pages", "expected",
                             "scheduled", "duplicates", "other", "started", "attempts", "error"}) {
      none[name] = "";
    }
    none["progress_hidden"] = "hidden";
    none["error_hidden"] = "hidden";
    return none;
  }
  return {{"progress_hidden", ""},
          {"state", StateWord(latest->state(), language)},
          {"backfill_days", absl::StrCat(latest->days())},
          {"pages_read", absl::StrCat(latest->pages_read())},
          {"pages", latest->pages() > 0 ? absl::StrCat(latest->pages()) : "?"},
          {"expected", absl::StrCat(latest->expected_orders())},
          {"scheduled", absl::StrCat(latest->scheduled())},
          {"duplicates", absl::StrCat(latest->duplicates())},
          {"other", absl::StrCat(latest->other())},
          {"started", FormatDateTime(latest->create_time(), language, zone.zone)},
          {"attempts", absl::StrCat(latest->attempts())},
          {"error", latest->error()},
          {"error_hidden", latest->error().empty() ? "hidden" : ""}};
}

std::string BackfillUnavailable(absl::string_view language) {
  if (language == "en") {
    return "Not available for this shop: past orders are read through the Opinus app from "
           "Shoper's App Store, so the shop must be connected by installing it (a webhook "
           "pasted by hand is not enough), and its trigger must name the order statuses (not the "
           "parcel's dispatch).";
  }
  return "Niedostępne dla tego sklepu: zamówienia z przeszłości Opinus czyta przez swoją "
         "aplikację ze sklepu z aplikacjami Shopera (App Store), więc sklep musi być połączony "
         "przez jej instalację (sam webhook wklejony ręcznie nie wystarczy), a wyzwalacz musi "
         "wskazywać statusy zamówień (a nie wysłanie przesyłki).";
}

}  // namespace opinus::gateway
