#include "server/managers/opinion_manager.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/field_violation.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "server/domain/shop_slug.h"
#include "server/domain/validation.h"
#include "server/managers/link_token.h"
#include "server/managers/shop_manager.h"

namespace opinus::server {
namespace {

// Normalize trims what the form adds around answers and fills the default
// display name.
OpinionInput Normalize(OpinionInput input, const std::string& default_name) {
  input.comment = std::string(absl::StripAsciiWhitespace(input.comment));
  input.display_name = std::string(absl::StripAsciiWhitespace(input.display_name));
  if (input.display_name.empty()) input.display_name = default_name;
  return input;
}

absl::Status CheckReason(absl::string_view reason) {
  if (absl::StripAsciiWhitespace(reason).empty()) {
    return InvalidFieldError("reason", "missing");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OpinionFormView> OpinionManager::GetForm(absl::string_view token) {
  OPINUS_ASSIGN_OR_RETURN(TokenOwner owner, FindTokenOwner(*invitations_, token));
  OpinionFormView view;
  OPINUS_ASSIGN_OR_RETURN(view.shop, shops_->GetShop(owner.invitation.shop_id));
  OPINUS_ASSIGN_OR_RETURN(view.opinion, opinions_->FindOpinionByInvitation(owner.invitation.id));
  view.state =
      DecideOpinionFormState(owner.invitation, owner.create_time, view.opinion, clock_->Now());
  if (view.opinion) view.edit_until = view.opinion->create_time + kOpinionEditWindow;
  view.default_display_name =
      DefaultDisplayName(owner.invitation.customer_first_name, owner.invitation.customer_last_name);
  view.invitation = std::move(owner.invitation);
  return view;
}

absl::StatusOr<SubmitResult> OpinionManager::Submit(absl::string_view token, OpinionInput input) {
  OPINUS_ASSIGN_OR_RETURN(OpinionFormView form, GetForm(token));
  switch (form.state) {
    case OpinionFormState::kOpen:
    case OpinionFormState::kEditable:
      break;
    case OpinionFormState::kClosed:
      return absl::FailedPreconditionError("the opinion can no longer be edited");
    case OpinionFormState::kExpired:
      return absl::FailedPreconditionError("the link has expired");
    case OpinionFormState::kCancelled:
      return absl::FailedPreconditionError("the invitation was withdrawn");
    case OpinionFormState::kWithdrawn:
      return absl::FailedPreconditionError("the opinion was withdrawn by its author");
  }
  input = Normalize(std::move(input), form.default_display_name);
  SubmitResult result;
  result.violations = ValidateOpinionInput(input, form.shop.settings.language == kLanguageEnglish);
  if (!result.violations.empty()) return result;

  const absl::Time now = clock_->Now();
  if (form.opinion) {
    OPINUS_ASSIGN_OR_RETURN(result.opinion, opinions_->EditOpinion(form.opinion->id, input, now));
    return result;
  }
  Opinion opinion;
  opinion.shop_id = form.shop.id;
  opinion.invitation_id = form.invitation.id;
  opinion.order_id = form.invitation.order_id;
  opinion.input = std::move(input);
  opinion.create_time = now;
  opinion.update_time = now;
  OPINUS_ASSIGN_OR_RETURN(result.opinion, opinions_->CreateOpinion(opinion));
  return result;
}

absl::StatusOr<Page<Opinion>> OpinionManager::ListOpinions(ShopId shop_id,
                                                           const OpinionFilter& filter,
                                                           const PageRequest& page) {
  OPINUS_RETURN_IF_ERROR(shops_->GetShop(shop_id).status());
  return opinions_->ListOpinions(shop_id, filter, page);
}

absl::StatusOr<std::pair<Shop, RatingSummary>> OpinionManager::GetRatingSummary(ShopId shop_id) {
  OPINUS_ASSIGN_OR_RETURN(Shop found, shops_->GetShop(shop_id));
  // Shops from before slugs get theirs when their page is first shown.
  OPINUS_ASSIGN_OR_RETURN(Shop shop, EnsureShopSlug(*shops_, std::move(found)));
  OPINUS_ASSIGN_OR_RETURN(RatingSummary summary, opinions_->GetRatingSummary(shop_id));
  return std::make_pair(std::move(shop), summary);
}

absl::StatusOr<ShopId> OpinionManager::FindShopIdBySlug(const std::string& slug) {
  // Whatever a path holds: what no slug can be is no shop, without a query.
  if (!IsShopSlug(slug)) return absl::NotFoundError("no such shop");
  OPINUS_ASSIGN_OR_RETURN(std::optional<Shop> shop, shops_->FindShopBySlug(slug));
  if (!shop) return absl::NotFoundError(absl::StrCat("no shop with slug ", slug));
  return shop->id;
}

absl::StatusOr<Opinion> OpinionManager::Reply(ShopId shop_id, OpinionId id,
                                              absl::string_view reply) {
  const std::string text(absl::StripAsciiWhitespace(reply));
  if (!IsAcceptableComment(text)) {
    return InvalidFieldError(
        "reply", absl::StrCat("at most ", kMaxCommentChars, " characters, no control characters"));
  }
  OPINUS_ASSIGN_OR_RETURN(const Opinion opinion, opinions_->GetOpinion(id));
  if (opinion.status == OpinionStatus::kWithdrawn) {
    return absl::FailedPreconditionError("the opinion was withdrawn by its author");
  }
  return opinions_->SetReply(shop_id, id, text, clock_->Now());
}

absl::StatusOr<Opinion> OpinionManager::Report(ShopId shop_id, OpinionId id,
                                               absl::string_view reason) {
  OPINUS_RETURN_IF_ERROR(CheckReason(reason));
  return opinions_->Report(shop_id, id, TruncateUtf8(reason, 500), clock_->Now());
}

absl::StatusOr<Opinion> OpinionManager::Hide(OpinionId id, absl::string_view reason) {
  OPINUS_RETURN_IF_ERROR(CheckReason(reason));
  return opinions_->SetStatus(id, OpinionStatus::kHidden, TruncateUtf8(reason, 500), clock_->Now());
}

absl::StatusOr<Opinion> OpinionManager::Withdraw(absl::string_view token) {
  OPINUS_ASSIGN_OR_RETURN(const OpinionFormView form, GetForm(token));
  if (!form.opinion) return absl::FailedPreconditionError("the link has no opinion to withdraw");
  OPINUS_ASSIGN_OR_RETURN(Opinion withdrawn, opinions_->Withdraw(form.opinion->id, clock_->Now()));
  Log(LogLevel::kInfo, "opinion_withdrawn",
      {{"opinion", absl::StrCat(withdrawn.id)}, {"shop", absl::StrCat(withdrawn.shop_id)}});
  return withdrawn;
}

absl::StatusOr<Opinion> OpinionManager::Restore(OpinionId id, absl::string_view reason) {
  OPINUS_RETURN_IF_ERROR(CheckReason(reason));
  return opinions_->SetStatus(id, OpinionStatus::kPublished, TruncateUtf8(reason, 500),
                              clock_->Now());
}

}  // namespace opinus::server
