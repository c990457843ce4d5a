#include "gateway/webhook/webhook_checks.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace opinus::gateway {
namespace {

// MediaType returns a Content-Type value without its parameters.
absl::string_view MediaType(absl::string_view content_type) {
  return absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';')));
}

}  // namespace

bool IsJsonContentType(absl::string_view content_type) {
  return absl::EqualsIgnoreCase(MediaType(content_type), "application/json");
}

bool IsXmlDelivery(std::optional<absl::string_view> content_type, absl::string_view body) {
  if (content_type.has_value()) {
    const absl::string_view media_type = MediaType(*content_type);
    if (absl::EqualsIgnoreCase(media_type, "text/xml") ||
        absl::EqualsIgnoreCase(media_type, "application/xml")) {
      return true;
    }
  }
  absl::ConsumePrefix(&body, "\xEF\xBB\xBF");
  return absl::StartsWith(absl::StripLeadingAsciiWhitespace(body), "<");
}

}  // namespace opinus::gateway
