#include "gateway/pages/rating_bars.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace opinus::gateway {
namespace {

// StarsWord returns "stars" for `stars` in `language` (Polish plurals).
const char* StarsWord(int stars, absl::string_view language) {
  if (language == "en") return stars == 1 ? "star" : "stars";
  if (stars == 1) return "gwiazdka";
  return stars >= 2 && stars <= 4 ? "gwiazdki" : "gwiazdek";
}

}  // namespace

std::string RatingBars(const opinus::v1::RatingSummary& summary, absl::string_view language) {
  const bool english = language == "en";
  std::string html =
      absl::StrCat("<ul class=\"distribution\" aria-label=\"",
                   english ? "Ratings by stars" : "Oceny według liczby gwiazdek", "\">");
  int64_t total = 0;
  for (int64_t count : summary.count_by_rating()) total += count;
  for (int stars = 5; stars >= 1; --stars) {
    const int64_t count =
        summary.count_by_rating_size() >= stars ? summary.count_by_rating(stars - 1) : 0;
    // Rounded to the nearest percent, so 2 of 3 reads 67%.
    const int64_t percent = total > 0 ? (count * 200 + total) / (total * 2) : 0;
    absl::StrAppend(
        &html, "<li><span class=\"bar-label\">", stars,
        " <span aria-hidden=\"true\">\xE2\x98\x85</span><span class=\"visually-hidden\">",
        StarsWord(stars, language),
        "</span></span> <span class=\"bar-track\" aria-hidden=\"true\"><span "
        "class=\"bar\" style=\"width:",
        percent, "%\"></span></span> <span class=\"bar-count\">", count, " (", percent,
        "%)</span></li>");
  }
  return html + "</ul>";
}

}  // namespace opinus::gateway
