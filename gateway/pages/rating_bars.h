// RatingBars: a shop's rating distribution drawn as bars in HTML and CSS (no
// script), with the numbers in text for everyone, screen readers included.
#ifndef OPINUS_GATEWAY_PAGES_RATING_BARS_H_
#define OPINUS_GATEWAY_PAGES_RATING_BARS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "opinus/v1/opinion.pb.h"

namespace opinus::gateway {

// RatingBars returns a list (5 stars first) with one bar per rating: its
// label ("5 gwiazdek"; the star sign is hidden from screen readers), a bar as
// wide as its share of `summary`'s opinions, and the count with the share in
// text ("3 (60%)"). Shares are rounded to whole percents; a summary without
// opinions gives empty bars and 0 (0%). In Polish unless `language` is "en".
std::string RatingBars(const opinus::v1::RatingSummary& summary, absl::string_view language);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_RATING_BARS_H_
