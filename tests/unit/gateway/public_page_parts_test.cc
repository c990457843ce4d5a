// Tests of the public shop page's pure parts: the rating bars and the
// JSON-LD (its content, and its escaping for a <script> element).
#include <nlohmann/json.hpp>
#include <string>

#include "gateway/pages/rating_bars.h"
#include "gateway/pages/structured_data.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

namespace v1 = ::opinus::v1;

// Summary returns a summary with `counts[i]` opinions of i + 1 stars.
v1::RatingSummary Summary(std::initializer_list<int64_t> counts, double average) {
  v1::RatingSummary summary;
  summary.set_shop_name("Ceramika");
  summary.set_shop_domain("ceramika.pl");
  summary.set_shop_slug("ceramika-pl");
  summary.set_average(average);
  int64_t total = 0;
  for (int64_t count : counts) {
    summary.add_count_by_rating(count);
    total += count;
  }
  summary.set_count(total);
  return summary;
}

TEST(RatingBarsTest, EachRatingHasABarAsWideAsItsShareAndItsNumbersInText) {
  const std::string html = RatingBars(Summary({0, 0, 1, 0, 2}, 4.3), "pl");
  EXPECT_THAT(html, HasSubstr("aria-label=\"Oceny według liczby gwiazdek\""));
  EXPECT_THAT(html, HasSubstr("5 <span aria-hidden=\"true\">\xE2\x98\x85</span><span "
                              "class=\"visually-hidden\">gwiazdek</span>"));
  EXPECT_THAT(html, HasSubstr("class=\"visually-hidden\">gwiazdki</span>"));
  EXPECT_THAT(html, HasSubstr("class=\"visually-hidden\">gwiazdka</span>"));
  // 2 of 3 rounds to 67%, 1 of 3 to 33%.
  EXPECT_THAT(html, HasSubstr("style=\"width:67%\""));
  EXPECT_THAT(html, HasSubstr("<span class=\"bar-count\">2 (67%)</span>"));
  EXPECT_THAT(html, HasSubstr("<span class=\"bar-count\">1 (33%)</span>"));
  // 5 stars first, 1 star last.
  EXPECT_LT(html.find("2 (67%)"), html.find("1 (33%)"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(RatingBarsTest, NoOpinionsGiveEmptyBars) {
  const std::string html = RatingBars(Summary({}, 0), "en");
  EXPECT_THAT(html, HasSubstr("aria-label=\"Ratings by stars\""));
  EXPECT_THAT(html, HasSubstr("class=\"visually-hidden\">star</span>"));
  EXPECT_THAT(html, HasSubstr("class=\"visually-hidden\">stars</span>"));
  EXPECT_THAT(html, Not(HasSubstr("width:100%")));
  size_t bars = 0;
  for (size_t at = html.find("0 (0%)"); at != std::string::npos; at = html.find("0 (0%)", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 5u);
}

TEST(RatingBarsTest, OneOpinionFillsOneBar) {
  const std::string html = RatingBars(Summary({1}, 1), "pl");
  EXPECT_THAT(html, HasSubstr("style=\"width:100%\""));
  EXPECT_THAT(html, HasSubstr("1 (100%)"));
}

TEST(JsonForScriptTest, NothingInItCanEndTheScriptAndItParsesBack) {
  const std::string hostile =
      "</script><script>alert(1)</script> <!-- ]]> \"q\" 'a' & \xE2\x80\xA8 \xE2\x80\xA9 \xC5\xBC";
  const nlohmann::json json = {{"name", hostile}};
  const std::string text = JsonForScript(json);
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  EXPECT_EQ(text.find('&'), std::string::npos);
  EXPECT_THAT(text, HasSubstr("\\u2028"));
  EXPECT_THAT(text, HasSubstr("\\u2029"));
  for (char c : text) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << text;
  EXPECT_EQ(nlohmann::json::parse(text), json);
}

TEST(ShopJsonLdTest, NoneWithoutOpinions) {
  v1::ListOpinionsResponse shown;
  EXPECT_FALSE(ShopJsonLd(Summary({}, 0), shown, "https://opinus.example/sklep/x").has_value());
}

TEST(ShopJsonLdTest, DescribesTheShopItsRatingAndTheOpinionsShown) {
  v1::ListOpinionsResponse shown;
  v1::Opinion* opinion = shown.add_opinions();
  opinion->set_rating(4);
  opinion->set_display_name("Jan K.");
  opinion->set_comment("Szybko");
  opinion->mutable_create_time()->set_seconds(1764547200);  // 2025-12-01 00:00 UTC
  v1::Opinion* silent = shown.add_opinions();
  silent->set_rating(5);
  silent->set_display_name("Ewa");
  const std::optional<nlohmann::json> data =
      ShopJsonLd(Summary({0, 0, 0, 1, 1}, 4.5), shown, "https://opinus.example/sklep/ceramika-pl");
  ASSERT_TRUE(data.has_value());
  const nlohmann::json& json = *data;
  EXPECT_EQ(json["@context"], "https://schema.org");
  EXPECT_EQ(json["@type"], "Organization");
  EXPECT_EQ(json["name"], "Ceramika");
  EXPECT_EQ(json["url"], "https://ceramika.pl");
  EXPECT_EQ(json["aggregateRating"]["@type"], "AggregateRating");
  EXPECT_EQ(json["aggregateRating"]["ratingValue"], 4.5);
  EXPECT_EQ(json["aggregateRating"]["ratingCount"], 2);
  EXPECT_EQ(json["aggregateRating"]["bestRating"], 5);
  EXPECT_EQ(json["aggregateRating"]["worstRating"], 1);
  ASSERT_EQ(json["review"].size(), 2u);
  const nlohmann::json& review = json["review"][0];
  EXPECT_EQ(review["@type"], "Review");
  EXPECT_EQ(review["author"]["@type"], "Person");
  EXPECT_EQ(review["author"]["name"], "Jan K.");
  EXPECT_EQ(review["datePublished"], "2025-12-01");
  EXPECT_EQ(review["reviewBody"], "Szybko");
  EXPECT_EQ(review["reviewRating"]["ratingValue"], 4);
  EXPECT_EQ(review["reviewRating"]["bestRating"], 5);
  EXPECT_FALSE(json["review"][1].contains("reviewBody"));
}

}  // namespace
}  // namespace opinus::gateway
