// Shop slugs: the readable name of a shop's public page, /sklep/<slug>, made
// from the shop's domain.
#ifndef OPINUS_SERVER_DOMAIN_SHOP_SLUG_H_
#define OPINUS_SERVER_DOMAIN_SHOP_SLUG_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace opinus::server {

// The longest slug ShopSlugCandidate returns, its "-N" suffix included.
inline constexpr size_t kMaxSlugChars = 64;

// ShopSlugCandidate returns the slug to try for a shop on `domain` at
// `attempt` (1 for the first, then 2, 3, ... after collisions): the domain in
// lower case without "www." and Shoper's ".shoparena.pl", every run of other
// characters than a-z and 0-9 made one "-" ("ceramika-kowalski-pl"), at most
// kMaxSlugChars with "-<attempt>" appended from the second attempt on. Never
// empty and never all digits (those are the shops' numeric ids: "sklep-123").
std::string ShopSlugCandidate(absl::string_view domain, int attempt);

// IsShopSlug returns whether `text` could be a slug ShopSlugCandidate made:
// 1 to kMaxSlugChars of a-z, 0-9 and '-', not all digits.
bool IsShopSlug(absl::string_view text);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_SHOP_SLUG_H_
