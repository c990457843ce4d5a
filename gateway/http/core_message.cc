#include "gateway/http/core_message.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"

namespace opinus::gateway {

int RetryAfterSeconds(absl::string_view message) {
  for (size_t i = 0; i < message.size(); ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(message[i]))) continue;
    if (i > 0 && (absl::ascii_isalnum(static_cast<unsigned char>(message[i - 1])))) continue;
    size_t end = i;
    while (end < message.size() &&
           (absl::ascii_isdigit(static_cast<unsigned char>(message[end])) || message[end] == '.')) {
      ++end;
    }
    double value = 0;
    if (!absl::SimpleAtod(message.substr(i, end - i), &value)) return 0;
    absl::string_view unit = absl::StripLeadingAsciiWhitespace(message.substr(end));
    double seconds = 0;
    if (absl::StartsWith(unit, "min")) {
      seconds = value * 60;
    } else if (absl::StartsWith(unit, "s")) {
      seconds = value;
    } else {
      i = end;
      continue;
    }
    return static_cast<int>(std::ceil(seconds));
  }
  return 0;
}

}  // namespace opinus::gateway
