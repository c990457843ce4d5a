// FindTokenOwner: the one way a token from a mailed link is looked up.
#ifndef OPINUS_SERVER_MANAGERS_LINK_TOKEN_H_
#define OPINUS_SERVER_MANAGERS_LINK_TOKEN_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/storage/invitation_store.h"

namespace opinus::server {

// FindTokenOwner returns the invitation whose e-mail carried `token`, found
// by the token's SHA-256. INVALID_ARGUMENT for a string that cannot be a
// token (answered without a lookup); NOT_FOUND when no e-mail carried it.
absl::StatusOr<TokenOwner> FindTokenOwner(InvitationStore& invitations, absl::string_view token);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_LINK_TOKEN_H_
