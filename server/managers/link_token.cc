#include "server/managers/link_token.h"

#include "server/domain/digest.h"
#include "server/domain/token.h"

namespace opinus::server {

absl::StatusOr<TokenOwner> FindTokenOwner(InvitationStore& invitations, absl::string_view token) {
  if (!IsWellFormedLinkToken(token)) return absl::InvalidArgumentError("token: malformed");
  return invitations.FindInvitationByToken(Sha256(token));
}

}  // namespace opinus::server
