#include "server/storage/mysql/mysql_privacy_store.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/secrets.h"
#include "common/status_macros.h"
#include "server/domain/invitation_transitions.h"
#include "server/storage/mysql/guarded_transition.h"
#include "server/storage/mysql/placeholders.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

// The free-text columns that may quote an address (a rejection reason, a
// bounce's diagnostic, a comment), each in a table keyed by `id`. A new
// column of free text belongs here; PrivacyTest's scan of every column
// fails until it is.
struct TextColumn {
  const char* table;
  const char* column;
};
constexpr TextColumn kTextColumns[] = {
    {"invitations", "state_reason"},
    {"invitations", "reason_detail"},
    {"invitations", "last_error"},
    {"invitation_transitions", "reason"},
    {"order_events", "reason"},
    {"order_events", "reason_value"},
    {"mail_feedback", "detail"},
    {"opinions", "comment"},
    {"opinions", "reply"},
    {"opinions", "report_reason"},
    {"opinions", "moderation_reason"},
    {"opinion_revisions", "comment"},
    {"suppressions", "reason"},
};

// LikePattern returns a LIKE pattern matching text that holds `text`.
std::string LikePattern(absl::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

// MaskQuotedAddress masks the addresses in every text column that quotes
// `email`; the columns' collation compares without letter case. The table
// and column names are ours, never input. The scan reads without locking (a
// locking read of a whole table would hold back every webhook meanwhile);
// each row is then changed only if it still holds what was read.
void MaskQuotedAddress(soci::session& sql, const std::string& email) {
  const std::string pattern = LikePattern(email);
  for (const TextColumn& text : kTextColumns) {
    std::vector<std::pair<long long, std::string>> quoting;
    {
      soci::rowset<soci::row> rows =
          (sql.prepare << "SELECT id, " << text.column << " FROM " << text.table << " WHERE "
                       << text.column << " LIKE :pattern",
           soci::use(pattern, "pattern"));
      for (const soci::row& row : rows) {
        quoting.emplace_back(row.get<long long>(0), row.get<std::string>(1));
      }
    }
    for (auto& [id, value] : quoting) {
      const std::string masked = MaskEmailLocalParts(value);
      sql << "UPDATE " << text.table << " SET " << text.column << " = :masked WHERE id = :id AND "
          << text.column << " = :read",
          soci::use(masked, "masked"), soci::use(id, "id"), soci::use(value, "read");
    }
  }
}

std::vector<long long> InvitationIds(soci::session& sql, const std::string& email) {
  std::vector<long long> ids;
  // customer_email's collation compares without letter case.
  soci::rowset<long long> rows =
      (sql.prepare << "SELECT id FROM invitations WHERE customer_email = :email ORDER BY id",
       soci::use(email, "email"));
  for (long long id : rows) ids.push_back(id);
  return ids;
}

// RunForIds runs `statement_text`, whose IN list is ":ids", for `ids`.
void RunForIds(soci::session& sql, const std::string& statement_text,
               const std::vector<long long>& ids) {
  if (ids.empty()) return;
  soci::statement statement(sql);
  const std::string list = BindEach(statement, "id", ids);
  statement.alloc();
  std::string text = statement_text;
  text.replace(text.find(":ids"), 4, list);
  statement.prepare(text);
  statement.define_and_bind();
  statement.execute(true);
}

}  // namespace

absl::StatusOr<PersonalData> MysqlPrivacyStore::FindPersonalData(const std::string& email,
                                                                 const std::string& email_hash) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<PersonalData> {
    PersonalData data;
    data.email = email;
    for (long long id : InvitationIds(sql, email)) {
      PersonalRecord record;
      OPINUS_ASSIGN_OR_RETURN(record.invitation, LoadInvitation(sql, id, false));
      long long shop = record.invitation.shop_id;
      record.shop_id = record.invitation.shop_id;
      sql << "SELECT name, domain FROM shops WHERE id = :shop", soci::use(shop, "shop"),
          soci::into(record.shop_name), soci::into(record.shop_domain);
      {
        soci::rowset<soci::row> events =
            (sql.prepare << "SELECT " << kEventColumns
                         << " FROM order_events WHERE shop_id = :shop AND order_id = :order "
                            "ORDER BY id",
             soci::use(shop, "shop"), soci::use(record.invitation.order_id, "order"));
        for (const soci::row& row : events) record.order_events.push_back(ReadEvent(row));
      }
      {
        soci::rowset<soci::row> opinions =
            (sql.prepare << "SELECT " << kOpinionColumns
                         << " FROM opinions WHERE invitation_id = :id",
             soci::use(id, "id"));
        for (const soci::row& row : opinions) record.opinion = ReadOpinion(row);
      }
      data.records.push_back(std::move(record));
    }
    soci::rowset<soci::row> suppressions =
        (sql.prepare << "SELECT " << kSuppressionColumns
                     << " FROM suppressions WHERE email_hash = :hash ORDER BY id",
         soci::use(email_hash, "hash"));
    for (const soci::row& row : suppressions) data.suppressions.push_back(ReadSuppression(row));
    return data;
  });
}

absl::StatusOr<Erasure> MysqlPrivacyStore::ErasePersonalData(const std::string& email,
                                                             const Erasure& erasure) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Erasure> {
    soci::transaction transaction(sql);
    Erasure done = erasure;
    const std::vector<long long> ids = InvitationIds(sql, email);
    for (long long id : ids) {
      OPINUS_ASSIGN_OR_RETURN(const LockedInvitation locked, LockInvitation(sql, id));
      if (!CheckTransition(locked.invitation, InvitationEvent::kCancel).ok()) continue;
      OPINUS_ASSIGN_OR_RETURN(const Invitation changed,
                              ApplyTransition(sql, locked, InvitationEvent::kCancel,
                                              InvitationReasonOf(InvitationReasonCode::kDataErased),
                                              erasure.erase_time));
      if (changed.state == InvitationState::kCancelled) ++done.cancelled;
    }
    done.invitations = static_cast<int>(ids.size());
    // A buyer waiting for a parcel (the parcel trigger) is forgotten too.
    sql << "UPDATE orders SET waiting_customer_email = '', waiting_customer_first_name = '', "
           "waiting_customer_last_name = '' WHERE waiting_customer_email = :email",
        soci::use(email, "email");
    RunForIds(sql,
              "UPDATE invitations SET customer_email = '', customer_first_name = '', "
              "customer_last_name = '', version = version + 1 WHERE id IN (:ids)",
              ids);
    RunForIds(sql, "DELETE FROM invitation_tokens WHERE invitation_id IN (:ids)", ids);
    RunForIds(sql,
              "DELETE r FROM opinion_revisions r JOIN opinions o ON o.id = r.opinion_id "
              "WHERE o.invitation_id IN (:ids)",
              ids);
    const std::string anonymous = DefaultDisplayName("", "");
    if (!ids.empty()) {
      soci::statement sign(sql);
      sign.exchange(soci::use(anonymous, "anonymous"));
      const std::string list = BindEach(sign, "id", ids);
      sign.alloc();
      sign.prepare(absl::StrCat(
          "UPDATE opinions SET display_name = :anonymous WHERE invitation_id IN (", list, ")"));
      sign.define_and_bind();
      sign.execute(true);
    }
    MaskQuotedAddress(sql, email);
    // By id: no index leads with the address, and a DELETE that scans would
    // lock every login attempt until the erasure commits.
    std::vector<long long> attempts;
    {
      soci::rowset<long long> rows =
          (sql.prepare << "SELECT id FROM auth_attempts WHERE email = :email",
           soci::use(email, "email"));
      for (long long attempt : rows) attempts.push_back(attempt);
    }
    RunForIds(sql, "DELETE FROM auth_attempts WHERE id IN (:ids)", attempts);
    std::tm erased = ToDbTime(erasure.erase_time);
    // Requests from the public page (this one's included) keep only the hash
    // they are counted by; their links stop working.
    sql << "UPDATE privacy_requests SET email = '', confirmed_at = COALESCE(confirmed_at, :now) "
           "WHERE email = :email",
        soci::use(erased, "now"), soci::use(email, "email");
    sql << "INSERT INTO erasures (erased_at, email_hash, reason, invitations, cancelled) "
           "VALUES (:erased, :hash, :reason, :invitations, :cancelled)",
        soci::use(erased, "erased"), soci::use(erasure.email_hash, "hash"),
        soci::use(erasure.reason, "reason"), soci::use(done.invitations, "invitations"),
        soci::use(done.cancelled, "cancelled");
    long long id = 0;
    sql << "SELECT LAST_INSERT_ID()", soci::into(id);
    done.id = id;
    transaction.commit();
    return done;
  });
}

absl::StatusOr<Purged> MysqlPrivacyStore::PurgeEnded(absl::Time ended_by, absl::Time now,
                                                     int limit) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Purged> {
    // Without gap locks, the sweep holds only the rows it purges, so webhooks
    // and dispatchers writing beside them never wait for it nor deadlock.
    ReadCommittedNext(sql);
    soci::transaction transaction(sql);
    Purged purged;
    std::tm cutoff = ToDbTime(ended_by);
    std::tm at = ToDbTime(now);
    // A range scan of invitations_retention; SKIP LOCKED passes rows another
    // core is purging (and rows a writer holds, which a later sweep takes).
    std::vector<Invitation> ended;
    {
      soci::rowset<soci::row> rows =
          (sql.prepare << "SELECT " << kInvitationColumns
                       << " FROM invitations WHERE personal_data_purged_at IS NULL AND "
                          "ended_at <= :cutoff ORDER BY ended_at LIMIT :limit "
                          "FOR UPDATE SKIP LOCKED",
           soci::use(cutoff, "cutoff"), soci::use(limit, "limit"));
      for (const soci::row& row : rows) ended.push_back(ReadInvitation(row));
    }
    std::vector<long long> ids;
    for (Invitation& invitation : ended) {
      PurgePersonalData(invitation);
      long long id = invitation.id;
      ids.push_back(id);
      sql << "UPDATE invitations SET customer_email = :email, customer_first_name = :first, "
             "customer_last_name = :last, state_reason = :reason, reason_detail = :detail, "
             "last_error = :error, personal_data_purged_at = :now, version = version + 1 "
             "WHERE id = :id",
          soci::use(invitation.customer_email, "email"),
          soci::use(invitation.customer_first_name, "first"),
          soci::use(invitation.customer_last_name, "last"),
          soci::use(invitation.state_reason, "reason"),
          soci::use(invitation.structured_reason.detail, "detail"),
          soci::use(invitation.last_error, "error"), soci::use(at, "now"), soci::use(id, "id");
      std::vector<std::pair<long long, std::string>> transitions;
      {
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT id, reason FROM invitation_transitions "
                            "WHERE invitation_id = :id",
             soci::use(id, "id"));
        for (const soci::row& row : rows) {
          transitions.emplace_back(row.get<long long>(0), row.get<std::string>(1));
        }
      }
      for (auto& [transition, reason] : transitions) {
        const std::string masked = MaskEmailLocalParts(reason);
        if (masked == reason) continue;
        sql << "UPDATE invitation_transitions SET reason = :masked WHERE id = :id",
            soci::use(masked, "masked"), soci::use(transition, "id");
      }
    }
    purged.invitations = static_cast<int>(ids.size());
    RunForIds(sql, "DELETE FROM invitation_tokens WHERE invitation_id IN (:ids)", ids);
    RunForIds(sql,
              "DELETE r FROM opinion_revisions r JOIN opinions o ON o.id = r.opinion_id "
              "WHERE o.invitation_id IN (:ids)",
              ids);
    struct EventReasons {
      long long id;
      std::string reason;
      std::string value;
    };
    std::vector<EventReasons> events;
    {
      soci::rowset<soci::row> rows =
          (sql.prepare << "SELECT id, reason, reason_value FROM order_events WHERE "
                          "personal_data_purged_at IS NULL AND received_at <= :cutoff ORDER BY "
                          "received_at LIMIT :limit FOR UPDATE SKIP LOCKED",
           soci::use(cutoff, "cutoff"), soci::use(limit, "limit"));
      for (const soci::row& row : rows) {
        events.push_back({row.get<long long>(0), row.get<std::string>(1), row.get<std::string>(2)});
      }
    }
    for (EventReasons& event : events) {
      const std::string masked = MaskEmailLocalParts(event.reason);
      const std::string masked_value = MaskEmailLocalParts(event.value);
      sql << "UPDATE order_events SET reason = :masked, reason_value = :masked_value, "
             "personal_data_purged_at = :now WHERE id = :id",
          soci::use(masked, "masked"), soci::use(masked_value, "masked_value"),
          soci::use(at, "now"), soci::use(event.id, "id");
    }
    purged.events = static_cast<int>(events.size());
    // A bounce's diagnostic often names its recipient; kind and status keep
    // the shop's counts. Rows not yet purged lead mail_feedback_retention;
    // SKIP LOCKED as above.
    std::vector<long long> feedback;
    {
      soci::rowset<long long> rows =
          (sql.prepare << "SELECT id FROM mail_feedback WHERE personal_data_purged_at IS NULL AND "
                          "received_at <= :cutoff ORDER BY received_at LIMIT :limit "
                          "FOR UPDATE SKIP LOCKED",
           soci::use(cutoff, "cutoff"), soci::use(limit, "limit"));
      for (long long id : rows) feedback.push_back(id);
    }
    for (long long id : feedback) {
      sql << "UPDATE mail_feedback SET detail = '', personal_data_purged_at = :now WHERE id = :id",
          soci::use(at, "now"), soci::use(id, "id");
    }
    purged.mail_feedback = static_cast<int>(feedback.size());
    // A buyer kept for a parcel that never came; the index on the waiting
    // e-mail leads the scan.
    std::vector<std::pair<long long, std::string>> waiting;
    {
      soci::rowset<soci::row> rows =
          (sql.prepare << "SELECT shop_id, order_id FROM orders WHERE waiting_customer_email <> '' "
                          "AND last_status_time <= :cutoff LIMIT :limit FOR UPDATE SKIP LOCKED",
           soci::use(cutoff, "cutoff"), soci::use(limit, "limit"));
      for (const soci::row& row : rows) {
        waiting.emplace_back(row.get<long long>(0), row.get<std::string>(1));
      }
    }
    for (auto& [shop, order] : waiting) {
      sql << "UPDATE orders SET waiting_customer_email = '', waiting_customer_first_name = '', "
             "waiting_customer_last_name = '' WHERE shop_id = :shop AND order_id = :order",
          soci::use(shop, "shop"), soci::use(order, "order");
    }
    purged.waiting_buyers = static_cast<int>(waiting.size());
    transaction.commit();
    return purged;
  });
}

}  // namespace opinus::server
