// OpinionManager: the opinion link's form, and opinions for shops, the
// public and operators.
#ifndef OPINUS_SERVER_MANAGERS_OPINION_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_OPINION_MANAGER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/clock.h"
#include "server/domain/model.h"
#include "server/domain/opinion.h"
#include "server/storage/invitation_store.h"
#include "server/storage/opinion_store.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

// OpinionFormView is what the link's page shows.
struct OpinionFormView {
  OpinionFormState state = OpinionFormState::kOpen;
  Shop shop;
  Invitation invitation;
  std::string default_display_name;
  std::optional<Opinion> opinion;
  // For an opinion given: until when it may be edited.
  std::optional<absl::Time> edit_until;
};

// SubmitResult is a stored opinion, or every reason it was not stored.
struct SubmitResult {
  std::optional<Opinion> opinion;
  std::vector<FieldViolation> violations;
};

// OpinionManager applies the opinion rules over the stores. It does not own
// its collaborators. Thread-safe.
class OpinionManager {
 public:
  OpinionManager(ShopStore* shops, InvitationStore* invitations, OpinionStore* opinions,
                 const Clock* clock)
      : shops_(shops), invitations_(invitations), opinions_(opinions), clock_(clock) {}

  // GetForm returns the view of the link carrying `token`. INVALID_ARGUMENT
  // for a string that cannot be a token; NOT_FOUND when no e-mail carried it.
  absl::StatusOr<OpinionFormView> GetForm(absl::string_view token);

  // Submit stores the first opinion of the link, or edits it within the
  // window. Bad answers come back as violations with nothing stored;
  // FAILED_PRECONDITION when the link takes no opinion now (says why).
  absl::StatusOr<SubmitResult> Submit(absl::string_view token, OpinionInput input);

  // ListOpinions returns the shop's opinions matching `filter`, newest
  // first; NOT_FOUND for an unknown shop.
  absl::StatusOr<Page<Opinion>> ListOpinions(ShopId shop_id, const OpinionFilter& filter,
                                             const PageRequest& page);

  // GetRatingSummary returns the shop (given its slug when it had none, see
  // EnsureShopSlug) and its summary; NOT_FOUND for an unknown shop.
  absl::StatusOr<std::pair<Shop, RatingSummary>> GetRatingSummary(ShopId shop_id);

  // FindShopIdBySlug returns the id of the shop whose public page is
  // /sklep/<slug>; NOT_FOUND when there is none.
  absl::StatusOr<ShopId> FindShopIdBySlug(const std::string& slug);

  // Reply sets the shop's public reply (at most kMaxCommentChars; "" removes
  // it); FAILED_PRECONDITION for an opinion its author withdrew.
  absl::StatusOr<Opinion> Reply(ShopId shop_id, OpinionId id, absl::string_view reply);

  // Report marks an opinion reported by its shop; it stays published.
  absl::StatusOr<Opinion> Report(ShopId shop_id, OpinionId id, absl::string_view reason);

  // Hide and Restore are an operator's decision; `reason` is required.
  absl::StatusOr<Opinion> Hide(OpinionId id, absl::string_view reason);
  absl::StatusOr<Opinion> Restore(OpinionId id, absl::string_view reason);

  // Withdraw withdraws, at its author's wish, the opinion given through the
  // link carrying `token` (OpinionStore::Withdraw): the shop's rating no
  // longer counts it and the link takes no opinion again. Errors as GetForm;
  // FAILED_PRECONDITION when the link has no opinion.
  absl::StatusOr<Opinion> Withdraw(absl::string_view token);

 private:
  ShopStore* shops_;
  InvitationStore* invitations_;
  OpinionStore* opinions_;
  const Clock* clock_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_OPINION_MANAGER_H_
