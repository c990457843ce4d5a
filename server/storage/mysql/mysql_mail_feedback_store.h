// MysqlMailFeedbackStore: MailFeedbackStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_MAIL_FEEDBACK_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_MAIL_FEEDBACK_STORE_H_

#include "server/storage/mail_feedback_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// MysqlMailFeedbackStore keeps reports in `mail_feedback`, finds mails in
// `invitation_tokens` by a prefix of the primary key, and changes
// `suppressions` and `invitations` as RecordFeedback says. It does not own
// `pool`. Thread-safe.
class MysqlMailFeedbackStore final : public MailFeedbackStore {
 public:
  explicit MysqlMailFeedbackStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<TokenOwner> FindMailByHashPrefix(const std::string& hash_prefix) override;
  absl::Status RecordFeedback(const MailFeedback& feedback,
                              const std::optional<Suppression>& suppression,
                              const InvitationReason& reason) override;
  absl::StatusOr<std::map<FeedbackKind, int64_t>> CountFeedback(ShopId shop_id) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_MAIL_FEEDBACK_STORE_H_
