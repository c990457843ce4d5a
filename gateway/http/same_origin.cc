#include "gateway/http/same_origin.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace opinus::gateway {
namespace {

// OriginOf returns "scheme://authority" of `url`, without path or final slash.
absl::string_view OriginOf(absl::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) return url;
  const size_t path = url.find('/', scheme_end + 3);
  return path == absl::string_view::npos ? url : url.substr(0, path);
}

}  // namespace

bool IsSameOrigin(absl::string_view origin, absl::string_view host, absl::string_view public_url) {
  if (origin.empty()) return true;
  if (!public_url.empty() && absl::EqualsIgnoreCase(origin, OriginOf(public_url))) return true;
  absl::string_view authority = origin;
  absl::string_view default_port;
  if (absl::ConsumePrefix(&authority, "http://")) {
    default_port = "80";
  } else if (absl::ConsumePrefix(&authority, "https://")) {
    default_port = "443";
  } else {
    return false;
  }
  // A port is what follows the last colon after any IPv6 brackets.
  const size_t bracket = authority.rfind(']');
  const size_t colon = authority.rfind(':');
  const bool has_port =
      colon != absl::string_view::npos && (bracket == absl::string_view::npos || colon > bracket);
  const std::string with_port =
      has_port ? std::string(authority) : absl::StrCat(authority, ":", default_port);
  return !host.empty() && absl::EqualsIgnoreCase(with_port, host);
}

}  // namespace opinus::gateway
