#include "server/storage/mysql/mysql_dispatch_store.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/rows.h"
#include "server/storage/mysql/transitions.h"

namespace opinus::server {
namespace {

// Both selects walk an index, (state, send_at) or (state, lease_until), and
// stop after `limit` rows, so a batch costs the same however many invitations
// are pending. SKIP LOCKED lets concurrent claimers pass each other's rows.
const std::string& SelectDue() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", kInvitationColumns,
                   ", claimed_by FROM invitations WHERE state = 'scheduled' AND send_at <= :now "
                   "ORDER BY send_at LIMIT :limit FOR UPDATE SKIP LOCKED"));
  return *sql;
}

const std::string& SelectExpired() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", kInvitationColumns,
                   ", claimed_by FROM invitations WHERE state = 'sending' AND lease_until < :now "
                   "ORDER BY lease_until LIMIT :limit FOR UPDATE SKIP LOCKED"));
  return *sql;
}

// A row of the selects above: the invitation and who held it.
struct Candidate {
  Invitation invitation;
  std::string previous_claimer;
};

std::vector<Candidate> SelectCandidates(soci::session& sql, const std::string& select, std::tm& now,
                                        int limit) {
  std::vector<Candidate> candidates;
  if (limit <= 0) return candidates;
  soci::rowset<soci::row> rows =
      (sql.prepare << select, soci::use(now, "now"), soci::use(limit, "limit"));
  constexpr std::size_t kClaimedBy = 16;
  for (const soci::row& row : rows) {
    Candidate candidate{ReadInvitation(row), ""};
    if (row.get_indicator(kClaimedBy) == soci::i_ok) {
      candidate.previous_claimer = row.get<std::string>(kClaimedBy);
    }
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

// Settled records the transition of a claimed invitation after `update`
// ran; ABORTED when the update touched nothing, as the claim is gone.
absl::Status Settled(soci::session& sql, soci::statement& update, InvitationId id,
                     const std::string& claimer, absl::Time now, const std::string& to_state,
                     const std::string& reason) {
  update.execute(true);
  if (update.get_affected_rows() == 0) {
    return absl::AbortedError(
        absl::StrCat("invitation ", id, " is no longer claimed by ", claimer));
  }
  RecordTransition(sql, id, now, "sending", to_state, reason);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Invitation>> MysqlDispatchStore::ClaimDue(const Claim& claim,
                                                                     int limit) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<Invitation>> {
    std::tm now = ToDbTime(claim.now);
    std::tm lease_until = ToDbTime(claim.lease_until);
    soci::transaction transaction(sql);
    std::vector<Candidate> candidates = SelectCandidates(sql, SelectDue(), now, limit);
    std::vector<Candidate> expired =
        SelectCandidates(sql, SelectExpired(), now, limit - static_cast<int>(candidates.size()));
    const std::size_t due_count = candidates.size();
    candidates.insert(candidates.end(), expired.begin(), expired.end());

    long long id = 0;
    int taken_over = 0;
    soci::statement update =
        (sql.prepare << "UPDATE invitations SET state = 'sending', claimed_by = :claimer, "
                        "lease_until = :lease, attempts = attempts + :taken_over, "
                        "updated_at = :now WHERE id = :id",
         soci::use(claim.claimer, "claimer"), soci::use(lease_until, "lease"),
         soci::use(taken_over, "taken_over"), soci::use(now, "now"), soci::use(id, "id"));
    std::vector<Invitation> claimed;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      Invitation& invitation = candidates[i].invitation;
      id = invitation.id;
      // A lease that ran out means its holder died or hung mid-send: that try
      // counts as an attempt, as the mail may or may not have left.
      const bool takeover = i >= due_count;
      taken_over = takeover ? 1 : 0;
      update.execute(true);
      RecordTransition(sql, invitation.id, claim.now, InvitationStateName(invitation.state),
                       "sending",
                       takeover ? absl::StrCat("lease of ", candidates[i].previous_claimer,
                                               " expired; claimed by ", claim.claimer)
                                : absl::StrCat("claimed by ", claim.claimer));
      invitation.state = InvitationState::kSending;
      invitation.attempts += taken_over;
      invitation.update_time = claim.now;
      claimed.push_back(std::move(invitation));
    }
    transaction.commit();
    return claimed;
  });
}

absl::Status MysqlDispatchStore::MarkSent(InvitationId id, const std::string& claimer,
                                          absl::Time now, const std::string& message_id,
                                          const std::string& token_hash) {
  if (token_hash.size() != 32) return absl::InvalidArgumentError("token_hash: 32 bytes");
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long invitation_id = id;
    std::tm at = ToDbTime(now);
    // Hex keeps the binary hash clear of any escaping question.
    const std::string hash_hex = absl::BytesToHexString(token_hash);
    soci::transaction transaction(sql);
    soci::statement update =
        (sql.prepare << "UPDATE invitations SET state = 'sent', "
                        "state_reason = 'accepted by the mail server', sent_at = :now, "
                        "message_id = :message_id, token_hash = UNHEX(:hash), claimed_by = NULL, "
                        "lease_until = NULL, updated_at = :now "
                        "WHERE id = :id AND state = 'sending' AND claimed_by = :claimer",
         soci::use(at, "now"), soci::use(message_id, "message_id"), soci::use(hash_hex, "hash"),
         soci::use(invitation_id, "id"), soci::use(claimer, "claimer"));
    absl::Status status = Settled(sql, update, id, claimer, now, "sent",
                                  absl::StrCat("accepted by the mail server as ", message_id));
    if (status.ok()) transaction.commit();
    return status;
  });
}

absl::Status MysqlDispatchStore::Reschedule(InvitationId id, const std::string& claimer,
                                            absl::Time now, absl::Time send_at,
                                            const std::string& reason, bool failed_attempt) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long invitation_id = id;
    std::tm at = ToDbTime(now);
    std::tm due = ToDbTime(send_at);
    const std::string why = TruncateUtf8(reason, 500);
    int failed = failed_attempt ? 1 : 0;
    // Only a failed attempt replaces last_error: a wait for sending hours is
    // no error, and must not hide the one before it.
    const std::string last_error = failed_attempt ? why : "";
    soci::transaction transaction(sql);
    soci::statement update =
        (sql.prepare << "UPDATE invitations SET state = 'scheduled', state_reason = :reason, "
                        "send_at = :due, attempts = attempts + :failed, "
                        "last_error = IF(:failed2 = 1, :last_error, last_error), "
                        "claimed_by = NULL, lease_until = NULL, updated_at = :now "
                        "WHERE id = :id AND state = 'sending' AND claimed_by = :claimer",
         soci::use(why, "reason"), soci::use(due, "due"), soci::use(failed, "failed"),
         soci::use(failed, "failed2"), soci::use(last_error, "last_error"), soci::use(at, "now"),
         soci::use(invitation_id, "id"), soci::use(claimer, "claimer"));
    absl::Status status = Settled(sql, update, id, claimer, now, "scheduled", why);
    if (status.ok()) transaction.commit();
    return status;
  });
}

absl::Status MysqlDispatchStore::MarkFailed(InvitationId id, const std::string& claimer,
                                            absl::Time now, const std::string& reason) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long invitation_id = id;
    std::tm at = ToDbTime(now);
    const std::string why = TruncateUtf8(reason, 500);
    soci::transaction transaction(sql);
    soci::statement update =
        (sql.prepare << "UPDATE invitations SET state = 'failed', state_reason = :reason, "
                        "last_error = :last_error, attempts = attempts + 1, claimed_by = NULL, "
                        "lease_until = NULL, updated_at = :now "
                        "WHERE id = :id AND state = 'sending' AND claimed_by = :claimer",
         soci::use(why, "reason"), soci::use(why, "last_error"), soci::use(at, "now"),
         soci::use(invitation_id, "id"), soci::use(claimer, "claimer"));
    absl::Status status = Settled(sql, update, id, claimer, now, "failed", why);
    if (status.ok()) transaction.commit();
    return status;
  });
}

absl::StatusOr<std::vector<InvitationTransition>> MysqlDispatchStore::ListTransitions(
    InvitationId id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<InvitationTransition>> {
    return LoadTransitions(sql, id);
  });
}

}  // namespace opinus::server
