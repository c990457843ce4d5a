// WeeklyChart: opinions per week and the week's average rating drawn as an
// inline SVG on the server (no script), with the same figures as a visually
// hidden table for screen readers.
#ifndef OPINUS_GATEWAY_PAGES_WEEKLY_CHART_H_
#define OPINUS_GATEWAY_PAGES_WEEKLY_CHART_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace opinus::gateway {

// ChartWeek is one week as the chart shows it: its label (e.g. "07.09"),
// opinions given, and their average rating (1 to 5; nullopt when none
// counts) with that average as the page writes it ("4,5").
struct ChartWeek {
  std::string label;
  int64_t opinions = 0;
  std::optional<double> average;
  std::string average_text;
};

// ChartWords are the chart's texts in the page's language.
struct ChartWords {
  std::string title;
  std::string description;
  std::string week;
  std::string opinions;
  std::string average;
  std::string no_data;
};

// WeeklyChart returns a <figure> holding an <svg role="img"> (its <title> and
// <desc> name it; bars for opinions on the left scale, a line for the
// average on the right 0 to 5 scale) and a visually hidden table of every
// week's figures. Every text is HTML-escaped. With no weeks, or no opinion
// in any, the figure says `no_data` instead of drawing empty axes.
// `id` makes the element ids unique on the page.
std::string WeeklyChart(const std::vector<ChartWeek>& weeks, const ChartWords& words,
                        const std::string& id);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_WEEKLY_CHART_H_
