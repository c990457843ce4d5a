#include "gateway/pages/structured_data.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

nlohmann::json Rating(double value) {
  return {{"@type", "Rating"}, {"ratingValue", value}, {"bestRating", 5}, {"worstRating", 1}};
}

nlohmann::json Review(const v1::Opinion& opinion) {
  nlohmann::json review = {
      {"@type", "Review"},
      {"author", {{"@type", "Person"}, {"name", opinion.display_name()}}},
      {"datePublished",
       absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(opinion.create_time().seconds()),
                        absl::UTCTimeZone())},
      {"reviewRating", Rating(opinion.rating())}};
  if (!opinion.comment().empty()) review["reviewBody"] = opinion.comment();
  return review;
}

}  // namespace

std::string JsonForScript(const nlohmann::json& json) {
  // ensure_ascii leaves only ASCII, so the three characters below can only
  // stand inside strings, where \u escapes mean the same.
  const std::string ascii = json.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::string safe;
  safe.reserve(ascii.size());
  for (char c : ascii) {
    switch (c) {
      case '<':
        safe += "\\u003c";
        break;
      case '>':
        safe += "\\u003e";
        break;
      case '&':
        safe += "\\u0026";
        break;
      default:
        safe += c;
    }
  }
  return safe;
}

std::optional<nlohmann::json> ShopJsonLd(const v1::RatingSummary& summary,
                                         const v1::ListOpinionsResponse& shown,
                                         absl::string_view page_url) {
  if (summary.count() == 0) return std::nullopt;
  nlohmann::json aggregate = Rating(summary.average());
  aggregate["@type"] = "AggregateRating";
  aggregate["ratingCount"] = summary.count();
  nlohmann::json reviews = nlohmann::json::array();
  for (const v1::Opinion& opinion : shown.opinions()) reviews.push_back(Review(opinion));
  nlohmann::json organization = {{"@context", "https://schema.org"},
                                 {"@type", "Organization"},
                                 {"@id", absl::StrCat(page_url, "#sklep")},
                                 {"name", summary.shop_name()},
                                 {"aggregateRating", std::move(aggregate)}};
  if (!summary.shop_domain().empty()) {
    organization["url"] = absl::StrCat("https://", summary.shop_domain());
  }
  if (!reviews.empty()) organization["review"] = std::move(reviews);
  return organization;
}

}  // namespace opinus::gateway
