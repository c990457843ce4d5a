#include "server/managers/link_token.h"

#include "absl/strings/ascii.h"
#include "server/domain/digest.h"

namespace opinus::server {

absl::StatusOr<TokenOwner> FindTokenOwner(InvitationStore& invitations, absl::string_view token) {
  // Tokens are base64url of 24 random bytes (32 characters); anything far
  // from that shape is a mangled link.
  if (token.empty() || token.size() > 64) return absl::InvalidArgumentError("token: malformed");
  for (char c : token) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return absl::InvalidArgumentError("token: malformed");
    }
  }
  return invitations.FindInvitationByToken(Sha256(token));
}

}  // namespace opinus::server
