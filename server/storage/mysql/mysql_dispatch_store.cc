#include "server/storage/mysql/mysql_dispatch_store.h"

#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/invitation_reason_columns.h"
#include "server/storage/mysql/placeholders.h"
#include "server/storage/mysql/rows.h"
#include "server/storage/mysql/transitions.h"

namespace opinus::server {
namespace {

// The names of a claimed invitation's two settled states per e-mail: after
// a failed or deferred try, and after giving up.
const char* RetryState(MailKind kind) {
  return kind == MailKind::kInvitation ? "scheduled" : "sent";
}

// Each select walks an index, (state, send_at), (state, reminder_at) or
// (state, lease_until), and stops after `limit` rows, so a batch costs the
// same however many invitations are pending. SKIP LOCKED lets concurrent
// claimers pass each other's rows.
std::string SelectClaimable(absl::string_view state, absl::string_view time_column) {
  return absl::StrCat("SELECT ", kInvitationColumns,
                      ", claimed_by FROM invitations WHERE state = '", state, "' AND ", time_column,
                      " <= :now ORDER BY ", time_column, " LIMIT :limit FOR UPDATE SKIP LOCKED");
}

const std::string& SelectReminders() {
  static const std::string* sql = new std::string(SelectClaimable("sent", "reminder_at"));
  return *sql;
}

const std::string& SelectExpired() {
  static const std::string* sql = new std::string(SelectClaimable("sending", "lease_until"));
  return *sql;
}

// A row of the selects above: the invitation and who held it.
struct Candidate {
  Invitation invitation;
  std::string previous_claimer;
  bool takeover = false;
};

void SelectCandidates(soci::session& sql, const std::string& select, std::tm& now, int limit,
                      bool takeover, std::vector<Candidate>& candidates) {
  if (limit <= static_cast<int>(candidates.size())) return;
  int wanted = limit - static_cast<int>(candidates.size());
  soci::rowset<soci::row> rows =
      (sql.prepare << select, soci::use(now, "now"), soci::use(wanted, "limit"));
  for (const soci::row& row : rows) {
    Candidate candidate{ReadInvitation(row), "", takeover};
    if (row.get_indicator(kInvitationColumnCount) == soci::i_ok) {
      candidate.previous_claimer = row.get<std::string>(kInvitationColumnCount);
    }
    candidates.push_back(std::move(candidate));
  }
}

// Settle runs `update` on a held invitation and records its transition;
// ABORTED when the update touched nothing, as the claim is gone.
absl::Status Settle(soci::session& sql, soci::statement& update, const HeldMail& held,
                    absl::Time now, const std::string& to_state, const std::string& reason) {
  update.execute(true);
  if (update.get_affected_rows() == 0) return NoLongerHeld(held);
  RecordTransition(sql, held.id, now, "sending", to_state, reason);
  return absl::OkStatus();
}

// The condition every settling statement adds: the claim still holds, for
// the e-mail claimed (the invitation until it was sent, else the reminder),
// and nothing changed the row since the claim, not even a new claim of the
// same claimer after its lease ran out.
constexpr char kHeldFor[] =
    " WHERE id = :id AND state = 'sending' AND claimed_by = :claimer "
    "AND (sent_at IS NULL) = :is_invitation AND version = :version";

// HeldValues holds a HeldMail's values as kHeldFor binds them.
struct HeldValues {
  explicit HeldValues(const HeldMail& held)
      : id(held.id),
        claimer(held.claimer),
        is_invitation(held.kind == MailKind::kInvitation ? 1 : 0),
        version(held.version) {}

  // BindTo adds the values to `statement` under kHeldFor's names.
  void BindTo(soci::statement& statement) {
    statement.exchange(soci::use(id, "id"));
    statement.exchange(soci::use(claimer, "claimer"));
    statement.exchange(soci::use(is_invitation, "is_invitation"));
    statement.exchange(soci::use(version, "version"));
  }

  long long id;
  std::string claimer;
  int is_invitation;
  long long version;
};

// BindHeld binds the `values` named by `indexes` to `statement` and returns
// kHeldFor's condition for all of them: each row must be held as its own
// values say.
std::string BindHeld(soci::statement& statement, const std::vector<HeldValues>& values,
                     const std::vector<size_t>& indexes) {
  std::string any;
  for (size_t index : indexes) {
    const HeldValues& held = values[index];
    statement.exchange(soci::use(held.id, absl::StrCat("id", index)));
    statement.exchange(soci::use(held.claimer, absl::StrCat("claimer", index)));
    statement.exchange(soci::use(held.is_invitation, absl::StrCat("first", index)));
    statement.exchange(soci::use(held.version, absl::StrCat("version", index)));
    absl::StrAppend(&any, any.empty() ? "" : " OR ", "(id = :id", index,
                    " AND claimed_by = :claimer", index, " AND (sent_at IS NULL) = :first", index,
                    " AND version = :version", index, ")");
  }
  return absl::StrCat(" WHERE state = 'sending' AND (", any, ")");
}

// TakeRows moves the candidates to `sending` under `claim` in one UPDATE that
// repeats the selects' conditions, and returns how many rows it changed.
long long TakeRows(soci::session& sql, const Claim& claim,
                   const std::vector<Candidate>& candidates) {
  std::vector<long long> ids;
  ids.reserve(candidates.size());
  for (const Candidate& candidate : candidates) ids.push_back(candidate.invitation.id);
  std::tm now = ToDbTime(claim.now);
  std::tm lease_until = ToDbTime(claim.lease_until);
  soci::statement update(sql);
  update.exchange(soci::use(claim.claimer, "claimer"));
  update.exchange(soci::use(lease_until, "lease"));
  update.exchange(soci::use(now, "now"));
  update.exchange(soci::use(now, "due"));
  update.exchange(soci::use(now, "remind"));
  update.exchange(soci::use(now, "expired"));
  const std::string list = BindEach(update, "id", ids);
  update.alloc();
  // attempts first: it must read the state from before this update. A taken
  // over lease counts as an attempt, as the mail may or may not have left.
  update.prepare(absl::StrCat(
      "UPDATE invitations SET attempts = attempts + (state = 'sending'), state = 'sending', "
      "claimed_by = :claimer, lease_until = :lease, updated_at = :now, version = version + 1 "
      "WHERE id IN (",
      list,
      ") AND ((state = 'scheduled' AND send_at <= :due) "
      "OR (state = 'sent' AND reminder_at <= :remind) "
      "OR (state = 'sending' AND lease_until <= :expired))"));
  update.define_and_bind();
  update.execute(true);
  return update.get_affected_rows();
}

// RecordClaims logs every candidate's move to `sending` in one INSERT.
void RecordClaims(soci::session& sql, const Claim& claim,
                  const std::vector<Candidate>& candidates) {
  std::vector<TransitionRecord> records;
  records.reserve(candidates.size());
  for (const Candidate& candidate : candidates) {
    const std::string mail = MailKindName(candidate.invitation.next_mail());
    records.push_back(TransitionRecord{
        candidate.invitation.id, claim.now, InvitationStateName(candidate.invitation.state),
        "sending",
        candidate.takeover ? absl::StrCat("lease of ", candidate.previous_claimer, " expired; ",
                                          mail, " claimed by ", claim.claimer)
                           : absl::StrCat(mail, " claimed by ", claim.claimer)});
  }
  RecordTransitions(sql, records);
}

// InsertTokens keeps `tokens`, made at `now`, with one INSERT; those kept
// already stay as they are.
void InsertTokens(soci::session& sql, const std::vector<const MailToken*>& tokens, absl::Time now) {
  if (tokens.empty()) return;
  const size_t count = tokens.size();
  std::tm at = ToDbTime(now);
  std::vector<std::string> hashes(count);
  std::vector<long long> ids(count);
  std::vector<std::string> kinds(count);
  soci::statement insert(sql);
  insert.exchange(soci::use(at, "at"));
  std::string values;
  for (size_t i = 0; i < count; ++i) {
    // Hex keeps the binary hash clear of any escaping question.
    hashes[i] = absl::BytesToHexString(tokens[i]->token_hash);
    ids[i] = tokens[i]->held.id;
    kinds[i] = MailKindName(tokens[i]->held.kind);
    insert.exchange(soci::use(hashes[i], absl::StrCat("hash", i)));
    insert.exchange(soci::use(ids[i], absl::StrCat("id", i)));
    insert.exchange(soci::use(kinds[i], absl::StrCat("mail", i)));
    absl::StrAppend(&values, i == 0 ? "" : ", ", "(UNHEX(:hash", i, "), :id", i, ", :mail", i,
                    ", :at)");
  }
  insert.alloc();
  insert.prepare(absl::StrCat(
      "INSERT INTO invitation_tokens (token_hash, invitation_id, mail, created_at) VALUES ", values,
      " ON DUPLICATE KEY UPDATE token_hash = token_hash"));
  insert.define_and_bind();
  insert.execute(true);
}

// ClaimRow is what a claimed invitation's row says of its claim.
struct ClaimRow {
  std::string claimer;
  MailKind kind = MailKind::kInvitation;
  int64_t version = 0;
};

// ClaimRows returns, of `ids`, those claimed, each with its claim, and locks
// them (shared) until the commit so no takeover can come between.
std::map<InvitationId, ClaimRow> ClaimRows(soci::session& sql, const std::vector<long long>& ids) {
  std::map<InvitationId, ClaimRow> held;
  if (ids.empty()) return held;
  long long id = 0;
  int is_invitation = 0;
  std::string claimer;
  long long version = 0;
  soci::statement select(sql);
  select.exchange(soci::into(id));
  select.exchange(soci::into(is_invitation));
  select.exchange(soci::into(claimer));
  select.exchange(soci::into(version));
  const std::string list = BindEach(select, "id", ids);
  select.alloc();
  select.prepare(absl::StrCat(
      "SELECT id, sent_at IS NULL, claimed_by, version FROM invitations WHERE state = 'sending' "
      "AND id IN (",
      list, ") LOCK IN SHARE MODE"));
  select.define_and_bind();
  select.execute(false);
  while (select.fetch()) {
    held[id] = ClaimRow{claimer, is_invitation != 0 ? MailKind::kInvitation : MailKind::kReminder,
                        version};
  }
  return held;
}

// MysqlSendLock holds the invitations' rows (FOR UPDATE) in a transaction
// that stays open across the sends, so that a cancel, an unsubscribe or an
// opinion waits for the mail server's answers and then sees what came of them.
class MysqlSendLock final : public SendLock {
 public:
  MysqlSendLock(std::unique_ptr<SessionPool::Held> session, const std::vector<HeldMail>& mails)
      : session_(std::move(session)), mails_(mails), values_(mails.begin(), mails.end()) {
    locked_.assign(mails_.size(), false);
  }

  // Lock records the handover's start (committed at once, so that it
  // outlives this process), then begins the transaction and locks the rows
  // still held as `mails_` say.
  absl::Status Lock(absl::Time now) {
    locked_.assign(mails_.size(), false);
    return Guarded([&](soci::session& sql) -> absl::Status {
      std::vector<size_t> all(mails_.size());
      for (size_t i = 0; i < all.size(); ++i) all[i] = i;
      std::tm at = ToDbTime(now);
      // Not a change of the invitations' versions: the claimer's own writes
      // still name the version its claim left.
      soci::statement mark(sql);
      mark.exchange(soci::use(at, "at"));
      const std::string held_by_all = BindHeld(mark, values_, all);
      mark.alloc();
      mark.prepare(absl::StrCat("UPDATE invitations SET handover_at = :at", held_by_all));
      mark.define_and_bind();
      mark.execute(true);
      ReadCommittedNext(sql);
      transaction_.emplace(sql);
      long long id = 0;
      soci::statement select(sql);
      select.exchange(soci::into(id));
      const std::string held_by_each = BindHeld(select, values_, all);
      select.alloc();
      select.prepare(absl::StrCat("SELECT id FROM invitations", held_by_each, " FOR UPDATE"));
      select.define_and_bind();
      select.execute(false);
      std::set<long long> found;
      while (select.fetch()) found.insert(id);
      for (size_t i = 0; i < mails_.size(); ++i) locked_[i] = found.count(values_[i].id) != 0;
      return absl::OkStatus();
    });
  }

  absl::Status MarkSent(absl::Time now, const std::vector<AcceptedMail>& accepted) override {
    absl::Status recorded = Guarded([&](soci::session& sql) { return Record(sql, now, accepted); });
    // A deadlock rolled the transaction back and the row locks with it, but
    // the mails left all the same: record them in a new one while the claims
    // hold, rather than leave them to be sent again after the lease.
    for (int retry = 0; retry < 2 && conflict_; ++retry) {
      recorded = Lock(now);
      if (recorded.ok()) {
        recorded = Guarded([&](soci::session& sql) { return Record(sql, now, accepted); });
      }
    }
    return recorded;
  }

 private:
  // Record marks the accepted rows still locked sent, in one UPDATE, and
  // commits; ABORTED for the first accepted e-mail no longer held.
  absl::Status Record(soci::session& sql, absl::Time now,
                      const std::vector<AcceptedMail>& accepted) {
    absl::Status lost;
    std::vector<size_t> indexes;
    for (const AcceptedMail& sent : accepted) {
      if (Holds(sent.index)) {
        indexes.push_back(sent.index);
      } else {
        lost.Update(NoLongerHeld(mails_[sent.index]));
      }
    }
    if (indexes.empty()) return lost;
    const size_t count = indexes.size();
    std::tm at = ToDbTime(now);
    // Bound by reference: sized once, so nothing moves before the statement ran.
    std::vector<long long> ids(count);
    std::vector<std::string> message_ids(count);
    std::vector<std::tm> reminders(count);
    std::vector<soci::indicator> reminder_set(count, soci::i_null);
    std::vector<InvitationReasonValues> reasons;
    reasons.reserve(count);
    std::vector<TransitionRecord> transitions;
    soci::statement update(sql);
    std::string message_id_of, reminder_of;
    for (size_t k = 0, i = 0; k < accepted.size(); ++k) {
      const AcceptedMail& sent = accepted[k];
      if (!Holds(sent.index)) continue;
      const HeldMail& mail = mails_[sent.index];
      ids[i] = mail.id;
      message_ids[i] = sent.mail.message_id;
      if (mail.kind == MailKind::kInvitation && sent.mail.reminder_time) {
        reminders[i] = ToDbTime(*sent.mail.reminder_time);
        reminder_set[i] = soci::i_ok;
      }
      InvitationReason reason = InvitationReasonOf(InvitationReasonCode::kAccepted);
      reason.reminder = mail.kind == MailKind::kReminder;
      reason.detail = sent.mail.message_id;
      reasons.emplace_back(reason);
      update.exchange(soci::use(ids[i], absl::StrCat("m", i)));
      update.exchange(soci::use(message_ids[i], absl::StrCat("message", i)));
      update.exchange(soci::use(ids[i], absl::StrCat("r", i)));
      update.exchange(soci::use(reminders[i], reminder_set[i], absl::StrCat("reminder", i)));
      absl::StrAppend(&message_id_of, " WHEN :m", i, " THEN :message", i);
      absl::StrAppend(&reminder_of, " WHEN :r", i, " THEN :reminder", i);
      transitions.push_back(TransitionRecord{mail.id, now, "sending", "sent", reasons[i].text()});
      ++i;
    }
    const std::string reason_of = SetInvitationReasonsById(update, reasons, ids);
    update.exchange(soci::use(at, "now"));
    update.exchange(soci::use(at, "now2"));
    update.exchange(soci::use(at, "now3"));
    const std::string held_by_each = BindHeld(update, values_, indexes);
    // The invitation's own send keeps sent_at and message_id; the
    // reminder's is told by reminder_sent_at and the transition log. sent_at
    // is set last: MariaDB assigns from left to right, and the assignments
    // before it read the row's sent_at as it was.
    PrepareBound(update,
                 absl::StrCat("UPDATE invitations SET "
                              "message_id = IF(sent_at IS NULL, CASE id",
                              message_id_of,
                              " END, message_id), "
                              "reminder_sent_at = IF(sent_at IS NULL, reminder_sent_at, :now), "
                              "reminder_at = CASE id",
                              reminder_of,
                              " END, "
                              "sent_at = IF(sent_at IS NULL, :now2, sent_at), "
                              "state = 'sent', ",
                              reason_of,
                              ", claimed_by = NULL, lease_until = NULL, handover_at = NULL, "
                              "updated_at = :now3, version = version + 1",
                              held_by_each));
    update.execute(true);
    // The rows are locked by this transaction: none can have changed.
    if (update.get_affected_rows() != static_cast<long long>(count)) {
      transaction_.reset();
      return absl::InternalError(absl::StrCat(
          "marking ", count, " locked invitations sent changed ", update.get_affected_rows()));
    }
    RecordTransitions(sql, transitions);
    transaction_->commit();
    transaction_.reset();
    return lost;
  }

  // Guarded runs `work` on the held session: a SOCI error becomes a status,
  // and a lost connection marks the session for reconnection; conflict_
  // tells whether it was a deadlock. Never repeated here: the row lock is
  // this transaction's, and is gone with it.
  template <typename Work>
  absl::Status Guarded(Work&& work) {
    conflict_ = false;
    try {
      return work(session_->session());
    } catch (const std::exception& error) {
      if (IsConnectionLost(error)) session_->MarkBroken();
      conflict_ = IsTransientConflict(error);
      transaction_.reset();
      return SociErrorToStatus(error);
    }
  }

  // Declared first: the transaction rolls back before the session goes back.
  std::unique_ptr<SessionPool::Held> session_;
  std::optional<soci::transaction> transaction_;
  const std::vector<HeldMail> mails_;
  // Bound by reference in the statements, so kept for the lock's life.
  const std::vector<HeldValues> values_;
  bool conflict_ = false;
};

}  // namespace

const std::string& SelectDue() {
  static const std::string* sql = new std::string(SelectClaimable("scheduled", "send_at"));
  return *sql;
}

absl::StatusOr<std::vector<Invitation>> MysqlDispatchStore::ClaimDue(const Claim& claim,
                                                                     int limit) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<Invitation>> {
    std::tm now = ToDbTime(claim.now);
    ReadCommittedNext(sql);
    soci::transaction transaction(sql);
    std::vector<Candidate> candidates;
    SelectCandidates(sql, SelectDue(), now, limit, false, candidates);
    SelectCandidates(sql, SelectReminders(), now, limit, false, candidates);
    SelectCandidates(sql, SelectExpired(), now, limit, true, candidates);
    if (!candidates.empty()) {
      // The selects locked the rows, so every one is still claimable; a count
      // that differs would mean another claimer got in between, and then
      // nothing of this claim may stand.
      const long long claimed_rows = TakeRows(sql, claim, candidates);
      if (claimed_rows != static_cast<long long>(candidates.size())) {
        return absl::AbortedError(absl::StrCat("claim of ", candidates.size(), " invitations took ",
                                               claimed_rows, "; given up, to be retried"));
      }
      RecordClaims(sql, claim, candidates);
    }
    transaction.commit();
    std::vector<Invitation> claimed;
    claimed.reserve(candidates.size());
    for (Candidate& candidate : candidates) {
      Invitation& invitation = candidate.invitation;
      invitation.state = InvitationState::kSending;
      // A lease that ran out means its holder died or hung mid-send: that try
      // counts as an attempt, as the mail may or may not have left.
      if (candidate.takeover) ++invitation.attempts;
      invitation.update_time = claim.now;
      ++invitation.version;
      claimed.push_back(std::move(invitation));
    }
    return claimed;
  });
}

std::vector<absl::Status> MysqlDispatchStore::KeepTokens(absl::Time now,
                                                         const std::vector<MailToken>& tokens) {
  std::vector<absl::Status> results(tokens.size());
  std::vector<long long> ids;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].token_hash.size() != 32) {
      results[i] = absl::InvalidArgumentError("token_hash: 32 bytes");
    } else {
      ids.push_back(tokens[i].held.id);
    }
  }
  absl::Status committed = pool_->Run([&](soci::session& sql) -> absl::Status {
    ReadCommittedNext(sql);
    soci::transaction transaction(sql);
    const std::map<InvitationId, ClaimRow> held = ClaimRows(sql, ids);
    std::vector<const MailToken*> kept;
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!results[i].ok()) continue;
      const HeldMail& mail = tokens[i].held;
      auto found = held.find(mail.id);
      if (found == held.end() || found->second.claimer != mail.claimer ||
          found->second.kind != mail.kind || found->second.version != mail.version) {
        results[i] = NoLongerHeld(mail);
        continue;
      }
      kept.push_back(&tokens[i]);
    }
    InsertTokens(sql, kept, now);
    transaction.commit();
    return absl::OkStatus();
  });
  if (!committed.ok()) {
    for (absl::Status& result : results) {
      if (result.ok()) result = committed;
    }
  }
  return results;
}

absl::StatusOr<std::unique_ptr<SendLock>> MysqlDispatchStore::LockForSend(
    const std::vector<HeldMail>& held, absl::Time now) {
  OPINUS_ASSIGN_OR_RETURN(std::unique_ptr<SessionPool::Held> session, pool_->Hold());
  auto lock = std::make_unique<MysqlSendLock>(std::move(session), held);
  OPINUS_RETURN_IF_ERROR(lock->Lock(now));
  return lock;
}

absl::Status MysqlDispatchStore::Reschedule(const HeldMail& held, absl::Time now,
                                            absl::Time send_at, const InvitationReason& reason,
                                            bool failed_attempt) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    HeldValues values(held);
    std::tm at = ToDbTime(now);
    std::tm due = ToDbTime(send_at);
    InvitationReasonValues why(reason);
    int failed = failed_attempt ? 1 : 0;
    const std::string to_state = RetryState(held.kind);
    // Only a failed attempt replaces last_error: a wait for sending hours is
    // no error, and must not hide the one before it.
    const std::string last_error = failed_attempt ? why.text() : "";
    soci::transaction transaction(sql);
    soci::statement update(sql);
    update.exchange(soci::use(to_state, "to_state"));
    why.BindTo(update);
    update.exchange(soci::use(values.is_invitation, "first"));
    update.exchange(soci::use(due, "due"));
    update.exchange(soci::use(values.is_invitation, "first2"));
    update.exchange(soci::use(due, "due2"));
    update.exchange(soci::use(failed, "failed"));
    update.exchange(soci::use(failed, "failed2"));
    update.exchange(soci::use(last_error, "last_error"));
    update.exchange(soci::use(at, "now"));
    values.BindTo(update);
    PrepareBound(update,
                 absl::StrCat("UPDATE invitations SET state = :to_state, ", kSetInvitationReason,
                              ", send_at = IF(:first = 1, :due, send_at), "
                              "reminder_at = IF(:first2 = 1, reminder_at, :due2), "
                              "attempts = attempts + :failed, "
                              "last_error = IF(:failed2 = 1, :last_error, last_error), "
                              "claimed_by = NULL, lease_until = NULL, handover_at = NULL, "
                              "updated_at = :now, version = version + 1",
                              kHeldFor));
    OPINUS_RETURN_IF_ERROR(Settle(sql, update, held, now, to_state, why.text()));
    transaction.commit();
    return absl::OkStatus();
  });
}

absl::Status MysqlDispatchStore::MarkFailed(const HeldMail& held, absl::Time now,
                                            const InvitationReason& reason) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    HeldValues values(held);
    std::tm at = ToDbTime(now);
    const bool first = held.kind == MailKind::kInvitation;
    InvitationReason failed = reason;
    failed.reminder = !first;
    InvitationReasonValues why(failed);
    const std::string to_state = first ? "failed" : "sent";
    soci::transaction transaction(sql);
    soci::statement update(sql);
    update.exchange(soci::use(to_state, "to_state"));
    why.BindTo(update);
    update.exchange(soci::use(why.text(), "last_error"));
    update.exchange(soci::use(at, "now"));
    values.BindTo(update);
    PrepareBound(update,
                 absl::StrCat("UPDATE invitations SET state = :to_state, ", kSetInvitationReason,
                              ", last_error = :last_error, attempts = attempts + 1, "
                              "reminder_at = NULL, claimed_by = NULL, lease_until = NULL, "
                              "handover_at = NULL, updated_at = :now, version = version + 1",
                              kHeldFor));
    OPINUS_RETURN_IF_ERROR(Settle(sql, update, held, now, to_state, why.text()));
    transaction.commit();
    return absl::OkStatus();
  });
}

absl::Status MysqlDispatchStore::MarkSuppressed(const HeldMail& held, absl::Time now,
                                                const InvitationReason& reason) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    HeldValues values(held);
    std::tm at = ToDbTime(now);
    InvitationReasonValues why(reason);
    soci::transaction transaction(sql);
    soci::statement update(sql);
    why.BindTo(update);
    update.exchange(soci::use(at, "now"));
    values.BindTo(update);
    PrepareBound(update,
                 absl::StrCat("UPDATE invitations SET state = 'suppressed', ", kSetInvitationReason,
                              ", reminder_at = NULL, claimed_by = NULL, lease_until = NULL, "
                              "handover_at = NULL, updated_at = :now, version = version + 1",
                              kHeldFor));
    OPINUS_RETURN_IF_ERROR(Settle(sql, update, held, now, "suppressed", why.text()));
    transaction.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<InvitationTransition>> MysqlDispatchStore::ListTransitions(
    InvitationId id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<InvitationTransition>> {
    return LoadTransitions(sql, id);
  });
}

}  // namespace opinus::server
