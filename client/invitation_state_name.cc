#include "client/invitation_state_name.h"

namespace opinus::client {

namespace v1 = ::opinus::v1;

absl::string_view InvitationStateName(v1::InvitationState state) {
  switch (state) {
    case v1::INVITATION_STATE_SCHEDULED:
      return "scheduled";
    case v1::INVITATION_STATE_CANCELLED:
      return "cancelled";
    case v1::INVITATION_STATE_SENT:
      return "sent";
    case v1::INVITATION_STATE_SENDING:
      return "sending";
    case v1::INVITATION_STATE_FAILED:
      return "failed";
    case v1::INVITATION_STATE_SUPPRESSED:
      return "suppressed";
    case v1::INVITATION_STATE_REVIEWED:
      return "reviewed";
    case v1::INVITATION_STATE_BOUNCED:
      return "bounced";
    default:
      return "";
  }
}

}  // namespace opinus::client
