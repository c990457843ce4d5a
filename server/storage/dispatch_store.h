// DispatchStore: how dispatchers claim due invitations and record what came
// of sending them, safely with several servers on one database.
#ifndef OPINUS_SERVER_STORAGE_DISPATCH_STORE_H_
#define OPINUS_SERVER_STORAGE_DISPATCH_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
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

// HeldMail names one e-mail a claimer holds: which invitation, who claimed
// it, for which e-mail, and the invitation's version as the claim left it.
// Every write of the claimer names all four, so it changes nothing once
// anything else changed the invitation: a cancel, a takeover, or a later
// claim of the same claimer after its lease ran out.
struct HeldMail {
  InvitationId id = 0;
  std::string claimer;
  MailKind kind = MailKind::kInvitation;
  int64_t version = 0;
};

// HeldBy returns the HeldMail of `invitation` as ClaimDue returned it to
// `claimer`.
inline HeldMail HeldBy(const Invitation& invitation, const std::string& claimer) {
  return HeldMail{invitation.id, claimer, invitation.next_mail(), invitation.version};
}

// NoLongerHeld is the ABORTED status of a write whose claim is gone.
inline absl::Status NoLongerHeld(const HeldMail& held) {
  return absl::AbortedError(absl::StrCat("invitation ", held.id, " is no longer claimed by ",
                                         held.claimer, " at version ", held.version));
}

// SentMail is what the mail server accepted for one held e-mail.
struct SentMail {
  // The Message-ID header's value.
  std::string message_id;
  // For the invitation itself: when the reminder is due; unset for none.
  std::optional<absl::Time> reminder_time;
};

// MailToken is the token in the links of one held e-mail about to be sent.
struct MailToken {
  HeldMail held;
  // SHA-256 of the token (32 bytes).
  std::string token_hash;
};

// AcceptedMail is what the mail server accepted for the `index`-th e-mail of
// a SendLock.
struct AcceptedMail {
  size_t index = 0;
  SentMail mail;
};

// SendLock holds claimed invitations while their e-mails are handed to the
// mail server, one after the other. Until it is released, every other change
// of them (a cancel, an unsubscribe, an opinion) waits, and then finds the
// invitation sent, or still claimed when its send failed or did not happen:
// so a cancel answered before the mail server accepted a mail always stops
// it. Destroying the lock without MarkSent changes nothing. Used by one
// sender at a time.
class SendLock {
 public:
  virtual ~SendLock() = default;

  // Holds tells whether the `index`-th e-mail asked of LockForSend is held
  // as its HeldMail says, and locked; one that is not must not leave.
  [[nodiscard]] bool Holds(size_t index) const { return locked_[index]; }

  // MarkSent records, in one commit, that the mail server accepted each of
  // `accepted`, e-mails this lock holds whose tokens KeepTokens kept: each
  // invitation is sent, and for an invitation itself (not its reminder) its
  // `mail.reminder_time` plans the reminder. The e-mails not named stay
  // claimed. Then it releases the lock. Call at most once.
  [[nodiscard]] virtual absl::Status MarkSent(absl::Time now,
                                              const std::vector<AcceptedMail>& accepted) = 0;

  // MarkSent records the acceptance of the lock's one e-mail.
  [[nodiscard]] absl::Status MarkSent(absl::Time now, const SentMail& mail) {
    return MarkSent(now, {AcceptedMail{0, mail}});
  }

 protected:
  // Whether each e-mail asked for is held and locked, in LockForSend's order.
  std::vector<bool> locked_;
};

// DispatchStore hands out due invitations to one claimer at a time.
// Implementations are thread-safe; every method may return UNAVAILABLE when
// the storage cannot be reached. Every state change is one of
// InvitationRules(), guarded by the state, claim and version it replaces,
// increments the version, and is recorded as an InvitationTransition in the
// same transaction.
class DispatchStore {
 public:
  virtual ~DispatchStore() = default;

  // ClaimDue moves up to `limit` invitations to `sending`, held by
  // `claim.claimer` until `claim.lease_until`, and returns them (state
  // kSending): first those scheduled and due (send_at <= now, oldest first),
  // then sent ones whose reminder is due, then those `sending` whose lease
  // expired (their holder died). An invitation is never handed to two
  // claimers whose leases overlap. Invitation::next_mail() tells which e-mail
  // each one is claimed for, and its version is the claim's (HeldBy).
  [[nodiscard]] virtual absl::StatusOr<std::vector<Invitation>> ClaimDue(const Claim& claim,
                                                                         int limit) = 0;

  // KeepTokens keeps each token's hash so that the links of its e-mail,
  // about to be sent, open the invitation; in one commit, one status a token
  // in their order. Called before the mails leave: a mail whose acceptance is
  // never recorded (its sender died, or the reply was lost) may still reach
  // the customer, and its links must work although the copy sent after the
  // lease carries a token of its own. ABORTED for a token whose e-mail is no
  // longer held as its HeldMail says.
  [[nodiscard]] virtual std::vector<absl::Status> KeepTokens(
      absl::Time now, const std::vector<MailToken>& tokens) = 0;

  // LockForSend returns the lock to send the `held` e-mails under, holding
  // those seen to be held so (SendLock::Holds); waits while another change of
  // any of them is under way. First it records, durably and apart from the
  // lock, that their handover begins at `now` (Invitation::handover_time),
  // which the claimer's own writes clear. An e-mail whose claim is gone
  // (cancelled, unsubscribed, reviewed, taken over or claimed again
  // meanwhile) is not held, and must then not leave.
  [[nodiscard]] virtual absl::StatusOr<std::unique_ptr<SendLock>> LockForSend(
      const std::vector<HeldMail>& held, absl::Time now) = 0;

  // LockForSend locks the one `held` e-mail; ABORTED when its claim is gone.
  [[nodiscard]] absl::StatusOr<std::unique_ptr<SendLock>> LockForSend(const HeldMail& held,
                                                                      absl::Time now);

  // MarkSent records an acceptance as LockForSend and SendLock::MarkSent do
  // around a send, for callers that hand nothing to a mail server themselves.
  [[nodiscard]] absl::Status MarkSent(const HeldMail& held, absl::Time now, const SentMail& mail) {
    absl::StatusOr<std::unique_ptr<SendLock>> lock = LockForSend(held, now);
    if (!lock.ok()) return lock.status();
    return (*lock)->MarkSent(now, mail);
  }

  // Reschedule gives the `held` e-mail back, due again at `send_at`, with
  // `reason`: the invitation goes back to scheduled, a reminder back to sent
  // with the reminder pending. When `failed_attempt`, attempts grows by one
  // and `reason` becomes last_error. ABORTED when it is no longer held so: a
  // cancel that came meanwhile stands.
  [[nodiscard]] virtual absl::Status Reschedule(const HeldMail& held, absl::Time now,
                                                absl::Time send_at, const InvitationReason& reason,
                                                bool failed_attempt) = 0;

  // MarkFailed gives up on the `held` e-mail with `reason`, attempts + 1: the
  // invitation becomes failed; a failed reminder leaves it sent, with no
  // reminder pending. ABORTED when it is no longer held so.
  [[nodiscard]] virtual absl::Status MarkFailed(const HeldMail& held, absl::Time now,
                                                const InvitationReason& reason) = 0;

  // MarkSuppressed ends the invitation unsent (or its reminder unsent): state
  // suppressed with `reason`, as its address asked not to be mailed. ABORTED
  // when the `held` e-mail is no longer held so.
  [[nodiscard]] virtual absl::Status MarkSuppressed(const HeldMail& held, absl::Time now,
                                                    const InvitationReason& reason) = 0;

  // ListTransitions returns the invitation's state changes, oldest first.
  [[nodiscard]] virtual absl::StatusOr<std::vector<InvitationTransition>> ListTransitions(
      InvitationId id) = 0;
};

inline absl::StatusOr<std::unique_ptr<SendLock>> DispatchStore::LockForSend(const HeldMail& held,
                                                                            absl::Time now) {
  absl::StatusOr<std::unique_ptr<SendLock>> lock = LockForSend(std::vector<HeldMail>{held}, now);
  if (lock.ok() && !(*lock)->Holds(0)) return NoLongerHeld(held);
  return lock;
}

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_DISPATCH_STORE_H_
