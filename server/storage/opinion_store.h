// OpinionStore: customers' opinions, their history, and each shop's rating.
#ifndef OPINUS_SERVER_STORAGE_OPINION_STORE_H_
#define OPINUS_SERVER_STORAGE_OPINION_STORE_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/model.h"
#include "server/domain/opinion.h"

namespace opinus::server {

// OpinionStore keeps opinions. Every change that touches a published
// opinion's ratings updates the shop's RatingSummary in the same
// transaction, so a summary never needs a scan. Implementations are
// thread-safe; every method may return UNAVAILABLE when the storage cannot
// be reached.
class OpinionStore {
 public:
  virtual ~OpinionStore() = default;

  // FindOpinionByInvitation returns the opinion given through the
  // invitation's links; nullopt when none.
  [[nodiscard]] virtual absl::StatusOr<std::optional<Opinion>> FindOpinionByInvitation(
      InvitationId invitation_id) = 0;

  // GetOpinion returns it; NOT_FOUND when there is none.
  [[nodiscard]] virtual absl::StatusOr<Opinion> GetOpinion(OpinionId id) = 0;

  // CreateOpinion stores `opinion` (id 0) as the invitation's one opinion,
  // records its first version, moves a sent invitation to reviewed (no
  // reminder follows) and counts it in the shop's summary. ALREADY_EXISTS
  // when the invitation has an opinion already.
  [[nodiscard]] virtual absl::StatusOr<Opinion> CreateOpinion(const Opinion& opinion) = 0;

  // EditOpinion replaces the answers of opinion `id` with `input` at `now`,
  // records the new version, counts one more edit, and moves the summary
  // from the old ratings to the new. NOT_FOUND when there is none.
  [[nodiscard]] virtual absl::StatusOr<Opinion> EditOpinion(OpinionId id, const OpinionInput& input,
                                                            absl::Time now) = 0;

  // ListOpinions returns the shop's opinions that match `filter`, newest first.
  [[nodiscard]] virtual absl::StatusOr<Page<Opinion>> ListOpinions(ShopId shop_id,
                                                                   const OpinionFilter& filter,
                                                                   const PageRequest& page) = 0;

  // GetRatingSummary returns the shop's summary (all zero when it has no
  // published opinion).
  [[nodiscard]] virtual absl::StatusOr<RatingSummary> GetRatingSummary(ShopId shop_id) = 0;

  // SetReply sets the shop's reply to opinion `id` ("" removes it).
  // NOT_FOUND when the shop has no such opinion.
  [[nodiscard]] virtual absl::StatusOr<Opinion> SetReply(ShopId shop_id, OpinionId id,
                                                         const std::string& reply,
                                                         absl::Time now) = 0;

  // Report marks opinion `id` of the shop reported with `reason`. NOT_FOUND
  // when the shop has no such opinion.
  [[nodiscard]] virtual absl::StatusOr<Opinion> Report(ShopId shop_id, OpinionId id,
                                                       const std::string& reason,
                                                       absl::Time now) = 0;

  // SetStatus publishes or hides opinion `id` with an operator's `reason`,
  // taking it out of the summary or back in. NOT_FOUND when there is none;
  // FAILED_PRECONDITION when its author withdrew it.
  [[nodiscard]] virtual absl::StatusOr<Opinion> SetStatus(OpinionId id, OpinionStatus status,
                                                          const std::string& reason,
                                                          absl::Time now) = 0;

  // Withdraw marks opinion `id` withdrawn by its author at `now`: out of the
  // summary for good, its comment, display name, reply, reasons and history
  // gone, its ratings kept. A withdrawn one comes back as it is. NOT_FOUND
  // when there is none.
  [[nodiscard]] virtual absl::StatusOr<Opinion> Withdraw(OpinionId id, absl::Time now) = 0;

  // ListRevisions returns the opinion's versions, oldest first.
  [[nodiscard]] virtual absl::StatusOr<std::vector<OpinionInput>> ListRevisions(OpinionId id) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_OPINION_STORE_H_
