// MysqlOpinionStore: OpinionStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_OPINION_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_OPINION_STORE_H_

#include "server/storage/mysql/session_pool.h"
#include "server/storage/opinion_store.h"

namespace opinus::server {

// MysqlOpinionStore reads and changes `opinions`, `opinion_revisions` and
// `shop_rating_summaries`. It does not own `pool`. Thread-safe.
class MysqlOpinionStore final : public OpinionStore {
 public:
  explicit MysqlOpinionStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::optional<Opinion>> FindOpinionByInvitation(
      InvitationId invitation_id) override;
  absl::StatusOr<Opinion> GetOpinion(OpinionId id) override;
  absl::StatusOr<Opinion> CreateOpinion(const Opinion& opinion) override;
  absl::StatusOr<Opinion> EditOpinion(OpinionId id, const OpinionInput& input,
                                      absl::Time now) override;
  absl::StatusOr<Page<Opinion>> ListOpinions(ShopId shop_id, const OpinionFilter& filter,
                                             const PageRequest& page) override;
  absl::StatusOr<RatingSummary> GetRatingSummary(ShopId shop_id) override;
  absl::StatusOr<Opinion> SetReply(ShopId shop_id, OpinionId id, const std::string& reply,
                                   absl::Time now) override;
  absl::StatusOr<Opinion> Report(ShopId shop_id, OpinionId id, const std::string& reason,
                                 absl::Time now) override;
  absl::StatusOr<Opinion> SetStatus(OpinionId id, OpinionStatus status, const std::string& reason,
                                    absl::Time now) override;
  absl::StatusOr<std::vector<OpinionInput>> ListRevisions(OpinionId id) override;
  absl::StatusOr<Opinion> Withdraw(OpinionId id, absl::Time now) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_OPINION_STORE_H_
