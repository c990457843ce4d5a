// The weekly chart's SVG: escaped text, an accessible alternative, and what
// it draws for no data, one week and many.
#include "gateway/pages/weekly_chart.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ChartWords Words() {
  return {"Opinie w tygodniach", "Słupki i linia", "Tydzień od", "Opinie", "Średnia",
          "Brak opinii."};
}

int Count(const std::string& text, const std::string& part) {
  int count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

TEST(WeeklyChartTest, NoWeeksOrNoOpinionsSaySoInsteadOfDrawing) {
  for (const std::vector<ChartWeek>& weeks :
       {std::vector<ChartWeek>{}, std::vector<ChartWeek>(12, ChartWeek{"01.09", 0, {}, ""})}) {
    const std::string html = WeeklyChart(weeks, Words(), "c");
    EXPECT_THAT(html, HasSubstr("Brak opinii."));
    EXPECT_THAT(html, Not(HasSubstr("<svg")));
    EXPECT_THAT(html, Not(HasSubstr("<table")));
  }
}

TEST(WeeklyChartTest, OneWeekIsOneFullBarAndOneDotWithoutALine) {
  const std::string html = WeeklyChart({{"07.09", 3, 4.5, "4,5"}}, Words(), "c");
  EXPECT_EQ(Count(html, "<rect "), 1);
  EXPECT_EQ(Count(html, "<circle "), 1);
  EXPECT_THAT(html, Not(HasSubstr("<polyline")));
  // The bar fills the plot's height (the scale's top is the week's 3).
  EXPECT_THAT(html, HasSubstr("y=\"16.0\" width="));
  EXPECT_THAT(html, HasSubstr("<tr><th scope=\"row\">07.09</th><td>3</td><td>4,5</td></tr>"));
}

TEST(WeeklyChartTest, ManyWeeksDrawBarsForWeeksWithOpinionsAndALineThroughTheAverages) {
  std::vector<ChartWeek> weeks;
  for (int i = 0; i < 12; ++i) {
    ChartWeek week{absl::StrCat(i + 1, ".09"), i % 3, std::nullopt, ""};
    if (week.opinions > 0) {
      week.average = 1 + i % 5;
      week.average_text = absl::StrCat(1 + i % 5, ",0");
    }
    weeks.push_back(week);
  }
  const std::string html = WeeklyChart(weeks, Words(), "c");
  EXPECT_EQ(Count(html, "<rect "), 8);
  EXPECT_EQ(Count(html, "<circle "), 8);
  EXPECT_EQ(Count(html, "<polyline"), 1);
  EXPECT_EQ(Count(html, "<tr><th scope=\"row\">"), 12);
  // A week without opinions reads as a dash in the table, not as 0,0.
  EXPECT_THAT(html, HasSubstr("<th scope=\"row\">1.09</th><td>0</td><td>\xE2\x80\x94</td>"));
}

TEST(WeeklyChartTest, TheDrawingIsNamedForScreenReadersAndTheTableIsThere) {
  const std::string html = WeeklyChart({{"07.09", 1, 5.0, "5,0"}}, Words(), "weekly");
  EXPECT_THAT(html, HasSubstr("role=\"img\""));
  EXPECT_THAT(html, HasSubstr("aria-labelledby=\"weekly-title weekly-desc\""));
  EXPECT_THAT(html, HasSubstr("<title id=\"weekly-title\">Opinie w tygodniach</title>"));
  EXPECT_THAT(html, HasSubstr("<desc id=\"weekly-desc\">Słupki i linia</desc>"));
  EXPECT_THAT(html, HasSubstr("<table class=\"visually-hidden\"><caption>Opinie w tygodniach"));
}

TEST(WeeklyChartTest, EveryTextIsEscaped) {
  ChartWords words = Words();
  words.title = "<script>alert(1)</script>";
  words.description = "a & b";
  words.opinions = "\"x\"";
  const std::string html = WeeklyChart({{"<b>", 1, 5.0, "<i>"}}, words, "c");
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("<i>")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("a &amp; b"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;i&gt;"));
}

}  // namespace
}  // namespace opinus::gateway
