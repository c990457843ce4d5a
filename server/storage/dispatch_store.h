// DispatchStore: how dispatchers claim due invitations and record what came
// of sending them, safely with several servers on one database.
#ifndef OPINUS_SERVER_STORAGE_DISPATCH_STORE_H_
#define OPINUS_SERVER_STORAGE_DISPATCH_STORE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// Claim names who holds an invitation and until when.
struct Claim {
  // Unique per dispatcher process, e.g. "host:pid:random".
  std::string claimer;
  absl::Time now;
  absl::Time lease_until;
};

// DispatchStore hands out due invitations to one claimer at a time.
// Implementations are thread-safe; every method may return UNAVAILABLE when
// the storage cannot be reached. Every state change is recorded as an
// InvitationTransition in the same transaction.
class DispatchStore {
 public:
  virtual ~DispatchStore() = default;

  // ClaimDue moves up to `limit` invitations to `sending`, held by
  // `claim.claimer` until `claim.lease_until`, and returns them (state
  // kSending): first those scheduled and due (send_at <= now, oldest first),
  // then those `sending` whose lease expired (their holder died). An
  // invitation is never handed to two claimers whose leases overlap.
  [[nodiscard]] virtual absl::StatusOr<std::vector<Invitation>> ClaimDue(const Claim& claim,
                                                                         int limit) = 0;

  // MarkSent records that the mail server accepted the invitation: state
  // sent, `message_id`, and the SHA-256 of the mailed token (32 bytes).
  // ABORTED when `claimer` no longer holds it (its lease was taken over).
  [[nodiscard]] virtual absl::Status MarkSent(InvitationId id, const std::string& claimer,
                                              absl::Time now, const std::string& message_id,
                                              const std::string& token_hash) = 0;

  // Reschedule gives the invitation back: state scheduled, due at `send_at`,
  // with `reason`. When `failed_attempt`, attempts grows by one and
  // `reason` becomes last_error. ABORTED when `claimer` no longer holds it.
  [[nodiscard]] virtual absl::Status Reschedule(InvitationId id, const std::string& claimer,
                                                absl::Time now, absl::Time send_at,
                                                const std::string& reason, bool failed_attempt) = 0;

  // MarkFailed ends the invitation unsent: state failed with `reason`,
  // attempts + 1. ABORTED when `claimer` no longer holds it.
  [[nodiscard]] virtual absl::Status MarkFailed(InvitationId id, const std::string& claimer,
                                                absl::Time now, const std::string& reason) = 0;

  // ListTransitions returns the invitation's state changes, oldest first.
  [[nodiscard]] virtual absl::StatusOr<std::vector<InvitationTransition>> ListTransitions(
      InvitationId id) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_DISPATCH_STORE_H_
