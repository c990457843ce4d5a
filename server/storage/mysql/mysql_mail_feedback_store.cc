#include "server/storage/mysql/mysql_mail_feedback_store.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/bounce_address.h"
#include "server/domain/invitation_transitions.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/guarded_transition.h"
#include "server/storage/mysql/mysql_suppression_store.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {

absl::StatusOr<TokenOwner> MysqlMailFeedbackStore::FindMailByHashPrefix(
    const std::string& hash_prefix) {
  if (hash_prefix.size() != kBounceIdBytes) return absl::NotFoundError("no mail has this id");
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<TokenOwner> {
    // Every hash with this prefix lies between these two: a range of the
    // primary key.
    const std::string low = absl::BytesToHexString(hash_prefix + std::string(22, '\0'));
    const std::string high = absl::BytesToHexString(hash_prefix + std::string(22, '\xff'));
    long long id = 0;
    std::string mail;
    std::tm created{};
    sql << "SELECT invitation_id, mail, created_at FROM invitation_tokens "
           "WHERE token_hash BETWEEN UNHEX(:low) AND UNHEX(:high) ORDER BY token_hash LIMIT 1",
        soci::use(low, "low"), soci::use(high, "high"), soci::into(id), soci::into(mail),
        soci::into(created);
    if (!sql.got_data()) return absl::NotFoundError("no mail has this id");
    OPINUS_ASSIGN_OR_RETURN(Invitation invitation, LoadInvitation(sql, id, false));
    return TokenOwner{std::move(invitation), MailKindFromName(mail), FromDbTime(created)};
  });
}

absl::Status MysqlMailFeedbackStore::RecordFeedback(const MailFeedback& feedback,
                                                    const std::optional<Suppression>& suppression,
                                                    const InvitationReason& reason) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    soci::transaction transaction(sql);
    if (feedback.kind == FeedbackKind::kHardBounce && feedback.invitation_id != 0) {
      OPINUS_ASSIGN_OR_RETURN(const LockedInvitation locked,
                              LockInvitation(sql, feedback.invitation_id));
      // Reviewed, cancelled or suppressed already: the invitation stays so.
      if (CheckTransition(locked.invitation, InvitationEvent::kBounce).ok()) {
        OPINUS_RETURN_IF_ERROR(
            ApplyTransition(sql, locked, InvitationEvent::kBounce, reason, feedback.receive_time)
                .status());
      }
    }
    if (suppression) InsertSuppression(sql, *suppression);
    std::tm received = ToDbTime(feedback.receive_time);
    const std::string kind = FeedbackKindName(feedback.kind);
    long long shop = feedback.shop_id;
    long long invitation = feedback.invitation_id;
    soci::indicator shop_known = feedback.shop_id != 0 ? soci::i_ok : soci::i_null;
    soci::indicator matched = feedback.invitation_id != 0 ? soci::i_ok : soci::i_null;
    const std::string mail = MailKindName(feedback.mail);
    const std::string status = TruncateUtf8(feedback.status, 16);
    const std::string detail = TruncateUtf8(feedback.detail, 500);
    sql << "INSERT INTO mail_feedback (received_at, kind, shop_id, invitation_id, mail, status, "
           "detail) VALUES (:received, :kind, :shop, :invitation, :mail, :status, :detail)",
        soci::use(received, "received"), soci::use(kind, "kind"),
        soci::use(shop, shop_known, "shop"), soci::use(invitation, matched, "invitation"),
        soci::use(mail, matched, "mail"), soci::use(status, "status"), soci::use(detail, "detail");
    transaction.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::map<FeedbackKind, int64_t>> MysqlMailFeedbackStore::CountFeedback(
    ShopId shop_id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::map<FeedbackKind, int64_t>> {
    long long shop = shop_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT kind, COUNT(*) FROM mail_feedback WHERE shop_id = :shop "
                        "GROUP BY kind",
         soci::use(shop, "shop"));
    std::map<FeedbackKind, int64_t> counts;
    for (const soci::row& row : rows) {
      const std::string kind = row.get<std::string>(0);
      for (FeedbackKind known :
           {FeedbackKind::kHardBounce, FeedbackKind::kSoftBounce, FeedbackKind::kComplaint}) {
        if (kind == FeedbackKindName(known)) counts[known] = row.get<long long>(1);
      }
    }
    return counts;
  });
}

}  // namespace opinus::server
