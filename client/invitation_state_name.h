// InvitationStateName: how invitation states are spelled for people, for
// filters and for JSON answers, the same in the gateway and the CLI.
#ifndef OPINUS_CLIENT_INVITATION_STATE_NAME_H_
#define OPINUS_CLIENT_INVITATION_STATE_NAME_H_

#include "absl/strings/string_view.h"
#include "opinus/v1/invitation.pb.h"

namespace opinus::client {

// InvitationStateName returns the lower-case name of `state` ("scheduled",
// "sent", "reviewed"...), "" for UNSPECIFIED.
absl::string_view InvitationStateName(opinus::v1::InvitationState state);

}  // namespace opinus::client

#endif  // OPINUS_CLIENT_INVITATION_STATE_NAME_H_
