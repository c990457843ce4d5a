#include "server/domain/shop_slug.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace opinus::server {
namespace {

bool IsSlugChar(char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c); }

bool AllDigits(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c); });
}

}  // namespace

std::string ShopSlugCandidate(absl::string_view domain, int attempt) {
  std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(domain));
  absl::string_view host = lower;
  absl::ConsumePrefix(&host, "www.");
  // Shoper's own hosting: "sklep123.shoparena.pl" reads as "sklep123".
  absl::ConsumeSuffix(&host, ".shoparena.pl");
  std::string slug;
  for (char c : host) {
    if (IsSlugChar(c)) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  if (slug.empty() || AllDigits(slug)) slug = absl::StrCat("sklep-", slug);
  const std::string suffix = attempt > 1 ? absl::StrCat("-", attempt) : "";
  slug.resize(std::min(slug.size(), kMaxSlugChars - suffix.size()));
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug + suffix;
}

bool IsShopSlug(absl::string_view text) {
  if (text.empty() || text.size() > kMaxSlugChars || AllDigits(text)) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return IsSlugChar(c) || c == '-'; });
}

}  // namespace opinus::server
