// LockInvitation and ApplyTransition: how every writer but the dispatcher
// changes an invitation's state (cancel, resend, unsubscribe, opinion), under
// its row lock and guarded by what it replaces.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_GUARDED_TRANSITION_H_
#define OPINUS_SERVER_STORAGE_MYSQL_GUARDED_TRANSITION_H_

#include <soci/soci.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/invitation_transitions.h"
#include "server/domain/model.h"

namespace opinus::server {

// LockedInvitation is an invitation read with its row locked, and the
// dispatcher that claims it ("" for none).
struct LockedInvitation {
  Invitation invitation;
  std::string claimer;
};

// LockInvitation reads invitation `id` FOR UPDATE, in the caller's
// transaction; waits while a dispatcher hands its mail to the mail server.
// NOT_FOUND when there is none.
absl::StatusOr<LockedInvitation> LockInvitation(soci::session& sql, InvitationId id);

// TryLockInvitation reads invitation `id` FOR UPDATE NOWAIT: as
// LockInvitation, but nullopt at once when another transaction holds the row
// (a dispatcher handing its mail over), the caller's transaction going on.
absl::StatusOr<std::optional<LockedInvitation>> TryLockInvitation(soci::session& sql,
                                                                  InvitationId id);

// ApplyTransition moves `locked` on `event` as CheckTransition allows,
// with `reason`, at `now`, in the caller's transaction: one UPDATE naming the
// state, claim and version it replaces (ending any claim and incrementing the
// version, so the claimer's later writes change nothing), and its transition. Returns the
// invitation as it now is; FAILED_PRECONDITION when the table refuses, ABORTED when the row was not
// as read.
absl::StatusOr<Invitation> ApplyTransition(soci::session& sql, const LockedInvitation& locked,
                                           InvitationEvent event, const InvitationReason& reason,
                                           absl::Time now);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_GUARDED_TRANSITION_H_
