#include "server/storage/mysql/guarded_transition.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/invitation_reason_columns.h"
#include "server/storage/mysql/rows.h"
#include "server/storage/mysql/soci_errors.h"
#include "server/storage/mysql/transitions.h"

namespace opinus::server {

namespace {

// ReadLocked reads invitation `id` with `lock` ("FOR UPDATE", "FOR UPDATE
// NOWAIT").
absl::StatusOr<LockedInvitation> ReadLocked(soci::session& sql, InvitationId id, const char* lock) {
  long long invitation_id = id;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kInvitationColumns
                   << ", claimed_by FROM invitations WHERE id = :id " << lock,
       soci::use(invitation_id, "id"));
  for (const soci::row& row : rows) {
    LockedInvitation locked{ReadInvitation(row), ""};
    if (row.get_indicator(kInvitationColumnCount) == soci::i_ok) {
      locked.claimer = row.get<std::string>(kInvitationColumnCount);
    }
    return locked;
  }
  return absl::NotFoundError(absl::StrCat("invitation ", id, " not found"));
}

}  // namespace

absl::StatusOr<LockedInvitation> LockInvitation(soci::session& sql, InvitationId id) {
  return ReadLocked(sql, id, "FOR UPDATE");
}

absl::StatusOr<std::optional<LockedInvitation>> TryLockInvitation(soci::session& sql,
                                                                  InvitationId id) {
  try {
    return ReadLocked(sql, id, "FOR UPDATE NOWAIT");
  } catch (const std::exception& error) {
    if (IsLockNotGranted(error)) return std::nullopt;
    throw;
  }
}

absl::StatusOr<Invitation> ApplyTransition(soci::session& sql, const LockedInvitation& locked,
                                           InvitationEvent event, const InvitationReason& reason,
                                           absl::Time now) {
  const Invitation& before = locked.invitation;
  OPINUS_ASSIGN_OR_RETURN(const InvitationState to, CheckTransition(before, event));
  Invitation after = before;
  after.state = to;
  after.structured_reason = ReasonForChange(before, reason);
  InvitationReasonValues reason_values(after.structured_reason);
  after.state_reason = reason_values.text();
  after.handover_time.reset();
  after.update_time = now;
  ++after.version;
  const bool resend = event == InvitationEvent::kResend;
  if (resend) {
    after.send_time = now;
    after.attempts = 0;
    after.last_error.clear();
  } else {
    // A cancel, review or unsubscribe stops the reminder too.
    after.reminder_time.reset();
  }
  long long invitation_id = before.id;
  long long version = before.version;
  std::string from = InvitationStateName(before.state);
  std::string to_name = InvitationStateName(to);
  std::tm at = ToDbTime(now);
  int drop_reminder = resend ? 0 : 1;
  int resending = resend ? 1 : 0;
  soci::indicator claimer_indicator = locked.claimer.empty() ? soci::i_null : soci::i_ok;
  soci::statement update(sql);
  update.exchange(soci::use(to_name, "to"));
  reason_values.BindTo(update);
  update.exchange(soci::use(drop_reminder, "drop"));
  update.exchange(soci::use(resending, "resend"));
  update.exchange(soci::use(at, "now"));
  update.exchange(soci::use(resending, "resend2"));
  update.exchange(soci::use(resending, "resend3"));
  update.exchange(soci::use(at, "now2"));
  update.exchange(soci::use(invitation_id, "id"));
  update.exchange(soci::use(from, "from"));
  update.exchange(soci::use(locked.claimer, claimer_indicator, "claimer"));
  update.exchange(soci::use(version, "version"));
  PrepareBound(update, absl::StrCat("UPDATE invitations SET state = :to, ", kSetInvitationReason,
                                    ", reminder_at = IF(:drop = 1, NULL, reminder_at), "
                                    "send_at = IF(:resend = 1, :now, send_at), "
                                    "attempts = IF(:resend2 = 1, 0, attempts), "
                                    "last_error = IF(:resend3 = 1, '', last_error), "
                                    "claimed_by = NULL, lease_until = NULL, handover_at = NULL, "
                                    "updated_at = :now2, version = version + 1 "
                                    "WHERE id = :id AND state = :from AND claimed_by <=> :claimer "
                                    "AND version = :version"));
  update.execute(true);
  if (update.get_affected_rows() == 0) {
    return absl::AbortedError(
        absl::StrCat("invitation ", before.id, " changed while it was locked"));
  }
  RecordTransition(sql, before.id, now, from, to_name, after.state_reason);
  return after;
}

}  // namespace opinus::server
