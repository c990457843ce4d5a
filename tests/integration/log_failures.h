// FailureLines: the lines of a core's log that report a failure, for race
// tests that require none.
#ifndef OPINUS_TESTS_INTEGRATION_LOG_FAILURES_H_
#define OPINUS_TESTS_INTEGRATION_LOG_FAILURES_H_

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace opinus::testing {

// FailureLines returns the lines of `log` (common/log.cc's format, "<time>
// <level> <event> <fields>") at level error or whose event is `..._failed`.
inline std::vector<std::string> FailureLines(absl::string_view log) {
  std::vector<std::string> failures;
  for (absl::string_view line : absl::StrSplit(log, '\n', absl::SkipEmpty())) {
    const std::vector<absl::string_view> words = absl::StrSplit(line, absl::MaxSplits(' ', 3));
    if (words.size() < 3) continue;
    if (words[1] == "error" || absl::EndsWith(words[2], "_failed")) failures.emplace_back(line);
  }
  return failures;
}

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_LOG_FAILURES_H_
