// The envelope sender of every invitation's e-mail (VERP): a bounce comes
// back to bounces+<id>@<mail domain>, and <id> names the one mail it is about.
#ifndef OPINUS_SERVER_DOMAIN_BOUNCE_ADDRESS_H_
#define OPINUS_SERVER_DOMAIN_BOUNCE_ADDRESS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opinus::server {

// The local part of every envelope sender, before "+<id>".
inline constexpr char kBounceLocalPart[] = "bounces";
// How many bytes of the token's SHA-256 the id carries (as hex).
inline constexpr size_t kBounceIdBytes = 10;

// BounceId returns the id of the e-mail whose links carry `token`: the first
// kBounceIdBytes of SHA-256(token) in lower-case hex. The store keeps each
// token's SHA-256, so the id finds its mail, and tells nothing of the token.
std::string BounceId(absl::string_view token);

// BounceIdOf returns the id in `address` ("bounces+<id>@domain", any case,
// angle brackets allowed), or "" when it holds none.
std::string BounceIdOf(absl::string_view address);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_BOUNCE_ADDRESS_H_
