// Structured data of the public shop page: schema.org JSON-LD for search
// engines, made safe to stand inside an HTML <script> element.
#ifndef OPINUS_GATEWAY_PAGES_STRUCTURED_DATA_H_
#define OPINUS_GATEWAY_PAGES_STRUCTURED_DATA_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "opinus/v1/opinion.pb.h"

namespace opinus::gateway {

// JsonForScript returns `json` serialized so that it can stand between
// <script> and </script> and still parse as the same JSON: every character
// outside ASCII escaped as \uXXXX (U+2028 and U+2029 included), and < > &
// escaped as \u003c \u003e \u0026, so that no "</script", "<!--" or "]]>" can
// appear in it.
std::string JsonForScript(const nlohmann::json& json);

// ShopJsonLd returns the schema.org description of the shop for its public
// page at `page_url`: an Organization (its name, its site https://<domain>)
// with its AggregateRating (ratingValue, ratingCount, bestRating 5,
// worstRating 1) and one Review per opinion in `shown` (the opinions on the
// page: author, datePublished, reviewBody when there is a comment,
// reviewRating). nullopt when the shop has no opinions: Google's review
// snippets must not describe ratings that are not there.
std::optional<nlohmann::json> ShopJsonLd(const opinus::v1::RatingSummary& summary,
                                         const opinus::v1::ListOpinionsResponse& shown,
                                         absl::string_view page_url);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_STRUCTURED_DATA_H_
