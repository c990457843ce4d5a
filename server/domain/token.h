// Secret tokens: unguessable secrets put in invitation links and given to
// owners as session and access tokens, of which the store keeps only the
// SHA-256.
#ifndef OPINUS_SERVER_DOMAIN_TOKEN_H_
#define OPINUS_SERVER_DOMAIN_TOKEN_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/domain/digest.h"

namespace opinus::server {

// The random bytes in a token: 192 bits, well above the 128 required.
inline constexpr size_t kTokenBytes = 24;

// TokenGenerator makes tokens. Implementations are thread-safe.
class TokenGenerator {
 public:
  virtual ~TokenGenerator() = default;
  // NewToken returns a fresh token in base64url without padding (URL-safe).
  virtual std::string NewToken() = 0;
};

// RandomTokenGenerator draws kTokenBytes from the kernel's CSPRNG
// (getrandom); aborts the process if the kernel cannot provide them, as no
// weaker fallback is acceptable for a secret.
class RandomTokenGenerator final : public TokenGenerator {
 public:
  std::string NewToken() override;
};

// IsWellFormedLinkToken returns whether `token` may be one of ours from a
// link: base64url, at most 64 characters (NewToken makes 32), so that a
// mangled link is refused without a lookup.
bool IsWellFormedLinkToken(absl::string_view token);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_TOKEN_H_
