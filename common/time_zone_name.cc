#include "common/time_zone_name.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"

namespace opinus {

std::optional<absl::TimeZone> LoadNamedTimeZone(absl::string_view name) {
  const bool plausible =
      !name.empty() && name.size() <= 64 && name.front() != '/' &&
      name.find("..") == absl::string_view::npos &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return absl::ascii_isalnum(c) || c == '/' || c == '_' || c == '-' || c == '+';
      });
  absl::TimeZone zone;
  if (!plausible || !absl::LoadTimeZone(std::string(name), &zone)) return std::nullopt;
  return zone;
}

}  // namespace opinus
