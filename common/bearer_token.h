// The one spelling of a bearer token on the wire (`authorization: Bearer
// <token>`), shared by the core that checks it and the clients that send it.
#ifndef OPINUS_COMMON_BEARER_TOKEN_H_
#define OPINUS_COMMON_BEARER_TOKEN_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace opinus {

// The gRPC metadata key that carries the token (lower case, as HTTP/2 wants).
inline constexpr char kAuthorizationKey[] = "authorization";

// IsWellFormedToken returns whether `token` may travel in a header: not empty,
// printable ASCII without spaces. Says nothing about whether the core knows it.
bool IsWellFormedToken(absl::string_view token);

// BearerValue returns the `authorization` value that carries `token`.
std::string BearerValue(absl::string_view token);

// TokenFromBearer returns the token of an `authorization` value "Bearer
// <token>" (the scheme in any case, RFC 6750), or nullopt for any other shape.
std::optional<absl::string_view> TokenFromBearer(absl::string_view value);

}  // namespace opinus

#endif  // OPINUS_COMMON_BEARER_TOKEN_H_
