// RecordTransition: the one writer of invitation_transitions, the log of
// every change of an invitation's state.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_TRANSITIONS_H_
#define OPINUS_SERVER_STORAGE_MYSQL_TRANSITIONS_H_

#include <soci/soci.h>

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// TransitionRecord is one row for invitation_transitions.
struct TransitionRecord {
  InvitationId id = 0;
  absl::Time at;
  std::string from;
  std::string to;
  std::string reason;
};

// RecordTransitions appends all `records` with one INSERT, in the caller's
// transaction; nothing when there are none. Reasons are cut as below.
void RecordTransitions(soci::session& sql, const std::vector<TransitionRecord>& records);

// RecordTransition appends (invitation `id`: `from` -> `to`, `reason`) at
// `now`, in the caller's transaction. `from` is "" for a new invitation. The
// reason is cut to the column's 500 bytes. Throws soci errors like any statement.
void RecordTransition(soci::session& sql, InvitationId id, absl::Time now, const std::string& from,
                      const std::string& to, const std::string& reason);

// LoadTransitions returns the invitation's transitions, oldest first.
std::vector<InvitationTransition> LoadTransitions(soci::session& sql, InvitationId id);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_TRANSITIONS_H_
