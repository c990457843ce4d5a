#include "gateway/pages/weekly_chart.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text_template.h"

namespace opinus::gateway {

namespace {

// The drawing's box, in SVG units; it scales to the page's width.
constexpr double kWidth = 640;
constexpr double kHeight = 240;
constexpr double kLeft = 40;
constexpr double kRight = 40;
constexpr double kTop = 16;
constexpr double kBottom = 32;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;
constexpr double kBestRating = 5;

std::string Number(double value) { return absl::StrFormat("%.1f", value); }

// Scale returns the top of the opinions scale: the most in a week, at least 1.
int64_t Scale(const std::vector<ChartWeek>& weeks) {
  int64_t most = 1;
  for (const ChartWeek& week : weeks) most = std::max(most, week.opinions);
  return most;
}

std::string Axes(int64_t scale, const ChartWords& words) {
  const double bottom = kTop + kPlotHeight;
  return absl::StrCat(
      "<g class=\"axes\" aria-hidden=\"true\" font-size=\"11\" fill=\"#57606a\">", "<line x1=\"",
      Number(kLeft), "\" y1=\"", Number(bottom), "\" x2=\"", Number(kLeft + kPlotWidth), "\" y2=\"",
      Number(bottom), "\" stroke=\"#d0d7de\"/>", "<text x=\"", Number(kLeft - 6), "\" y=\"",
      Number(kTop + 4), "\" text-anchor=\"end\">", scale, "</text><text x=\"", Number(kLeft - 6),
      "\" y=\"", Number(bottom), "\" text-anchor=\"end\">0</text><text x=\"",
      Number(kLeft + kPlotWidth + 6), "\" y=\"", Number(kTop + 4), "\">5</text><text x=\"",
      Number(kLeft + kPlotWidth + 6), "\" y=\"", Number(bottom), "\">0</text>", "<text x=\"",
      Number(kLeft), "\" y=\"", Number(kTop - 4), "\">", HtmlEscape(words.opinions),
      "</text><text x=\"", Number(kLeft + kPlotWidth), "\" y=\"", Number(kTop - 4),
      "\" text-anchor=\"end\" fill=\"#b35c00\">", HtmlEscape(words.average), "</text></g>");
}

std::string Drawing(const std::vector<ChartWeek>& weeks, const ChartWords& words,
                    const std::string& id) {
  const int64_t scale = Scale(weeks);
  const double slot = kPlotWidth / static_cast<double>(weeks.size());
  const double bottom = kTop + kPlotHeight;
  std::string bars = "<g class=\"bars\" fill=\"#3b82c4\">";
  std::string labels =
      "<g class=\"labels\" aria-hidden=\"true\" font-size=\"10\" "
      "fill=\"#57606a\" text-anchor=\"middle\">";
  std::string line;
  int points = 0;
  // A white ring keeps a dot readable on top of its bar.
  std::string dots = "<g class=\"average\" fill=\"#b35c00\" stroke=\"#ffffff\">";
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    const ChartWeek& week = weeks[i];
    const double x = kLeft + slot * static_cast<double>(i);
    const double middle = x + slot / 2;
    const double height =
        kPlotHeight * static_cast<double>(week.opinions) / static_cast<double>(scale);
    if (week.opinions > 0) {
      absl::StrAppend(&bars, "<rect x=\"", Number(x + slot * 0.2), "\" y=\"",
                      Number(bottom - height), "\" width=\"", Number(slot * 0.6), "\" height=\"",
                      Number(height), "\"/>");
    }
    absl::StrAppend(&labels, "<text x=\"", Number(middle), "\" y=\"", Number(bottom + 14), "\">",
                    HtmlEscape(week.label), "</text>");
    if (week.average) {
      const double y = bottom - kPlotHeight * *week.average / kBestRating;
      absl::StrAppend(&line, line.empty() ? "" : " ", Number(middle), ",", Number(y));
      ++points;
      absl::StrAppend(&dots, "<circle cx=\"", Number(middle), "\" cy=\"", Number(y),
                      "\" r=\"3.5\"/>");
    }
  }
  absl::StrAppend(&bars, "</g>");
  absl::StrAppend(&labels, "</g>");
  absl::StrAppend(&dots, "</g>");
  // One point makes no line; its dot says it all.
  const std::string polyline =
      points < 2 ? ""
                 : absl::StrCat(
                       "<polyline fill=\"none\" stroke=\"#b35c00\" stroke-width=\"2\" "
                       "points=\"",
                       line, "\"/>");
  return absl::StrCat("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ",
                      Number(kWidth), " ", Number(kHeight), "\" width=\"100%\" aria-labelledby=\"",
                      id, "-title ", id, "-desc\"><title id=\"", id, "-title\">",
                      HtmlEscape(words.title), "</title><desc id=\"", id, "-desc\">",
                      HtmlEscape(words.description), "</desc>", Axes(scale, words), bars, polyline,
                      dots, labels, "</svg>");
}

std::string Table(const std::vector<ChartWeek>& weeks, const ChartWords& words) {
  std::string rows;
  for (const ChartWeek& week : weeks) {
    const std::string average = week.average ? week.average_text : "\xE2\x80\x94";
    absl::StrAppend(&rows, "<tr><th scope=\"row\">", HtmlEscape(week.label), "</th><td>",
                    week.opinions, "</td><td>", HtmlEscape(average), "</td></tr>");
  }
  return absl::StrCat("<table class=\"visually-hidden\"><caption>", HtmlEscape(words.title),
                      "</caption><thead><tr><th scope=\"col\">", HtmlEscape(words.week),
                      "</th><th scope=\"col\">", HtmlEscape(words.opinions),
                      "</th><th scope=\"col\">", HtmlEscape(words.average),
                      "</th></tr></thead><tbody>", rows, "</tbody></table>");
}

}  // namespace

std::string WeeklyChart(const std::vector<ChartWeek>& weeks, const ChartWords& words,
                        const std::string& id) {
  const bool any = std::any_of(weeks.begin(), weeks.end(),
                               [](const ChartWeek& week) { return week.opinions > 0; });
  if (!any) {
    return absl::StrCat("<figure class=\"weekly-chart\"><p class=\"muted\">",
                        HtmlEscape(words.no_data), "</p></figure>");
  }
  return absl::StrCat("<figure class=\"weekly-chart\">", Drawing(weeks, words, id),
                      Table(weeks, words), "</figure>");
}

}  // namespace opinus::gateway
