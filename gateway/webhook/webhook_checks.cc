#include "gateway/webhook/webhook_checks.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace opinus::gateway {

bool IsJsonContentType(absl::string_view content_type) {
  const absl::string_view media_type =
      absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';')));
  return absl::EqualsIgnoreCase(media_type, "application/json");
}

}  // namespace opinus::gateway
