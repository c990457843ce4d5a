#include "server/managers/suppression_manager.h"

#include "absl/strings/str_cat.h"
#include "common/secrets.h"
#include "common/status_macros.h"
#include "server/domain/validation.h"
#include "server/managers/email_argument.h"
#include "server/managers/link_token.h"

namespace opinus::server {

std::string EmailHint(absl::string_view email) {
  const size_t at = email.rfind('@');
  if (at == absl::string_view::npos || at == 0) return "***";
  return absl::StrCat(email.substr(0, 1), "***", email.substr(at));
}

absl::StatusOr<UnsubscribeView> SuppressionManager::View(Invitation invitation) {
  UnsubscribeView view;
  OPINUS_ASSIGN_OR_RETURN(view.shop, shops_->GetShop(invitation.shop_id));
  view.email_hint = EmailHint(NormalizeEmail(invitation.customer_email));
  const std::string email_hash = addresses_->Hash(invitation.customer_email);
  // FindSuppression prefers the shop's own entry, so the list for all shops
  // is asked apart.
  OPINUS_ASSIGN_OR_RETURN(std::optional<Suppression> own,
                          suppressions_->FindSuppression(view.shop.id, email_hash));
  OPINUS_ASSIGN_OR_RETURN(std::optional<Suppression> global,
                          suppressions_->FindSuppression(Suppression::kAllShops, email_hash));
  view.suppressed_by_shop = own.has_value() && own->shop_id == view.shop.id;
  view.suppressed_for_all_shops = global.has_value();
  view.invitation = std::move(invitation);
  return view;
}

absl::StatusOr<UnsubscribeView> SuppressionManager::Describe(absl::string_view token) {
  OPINUS_ASSIGN_OR_RETURN(TokenOwner owner, FindTokenOwner(*invitations_, token));
  return View(std::move(owner.invitation));
}

absl::StatusOr<UnsubscribeView> SuppressionManager::Unsubscribe(absl::string_view token,
                                                                bool all_shops,
                                                                absl::string_view source) {
  OPINUS_ASSIGN_OR_RETURN(TokenOwner owner, FindTokenOwner(*invitations_, token));
  const Invitation& invitation = owner.invitation;
  Suppression suppression;
  suppression.shop_id = all_shops ? Suppression::kAllShops : invitation.shop_id;
  suppression.email_hash = addresses_->Hash(invitation.customer_email);
  suppression.create_time = clock_->Now();
  suppression.source = std::string(source);
  suppression.reason = absl::StrCat("unsubscribed through invitation ", invitation.id);
  InvitationReason reason = InvitationReasonOf(InvitationReasonCode::kUnsubscribed);
  reason.source = std::string(source);
  reason.all_shops = all_shops;
  OPINUS_ASSIGN_OR_RETURN(
      Invitation after,
      suppressions_->Unsubscribe(invitation.id, suppression, reason, suppression.create_time));
  return View(std::move(after));
}

absl::Status SuppressionManager::CheckScope(ShopId shop_id) {
  if (shop_id == Suppression::kAllShops) return absl::OkStatus();
  return shops_->GetShop(shop_id).status();
}

absl::StatusOr<Suppression> SuppressionManager::AddSuppression(ShopId shop_id,
                                                               absl::string_view email,
                                                               absl::string_view reason) {
  OPINUS_ASSIGN_OR_RETURN(const std::string normalized, NormalizedEmailArgument(email));
  OPINUS_RETURN_IF_ERROR(CheckScope(shop_id));
  Suppression suppression;
  suppression.shop_id = shop_id;
  suppression.email_hash = addresses_->Hash(normalized);
  suppression.create_time = clock_->Now();
  suppression.source = kSourceOperator;
  suppression.reason =
      reason.empty() ? "added by operator" : TruncateUtf8(MaskEmailLocalParts(reason), 500);
  return suppressions_->AddSuppression(suppression);
}

absl::Status SuppressionManager::RemoveSuppression(ShopId shop_id, absl::string_view email) {
  return suppressions_->RemoveSuppression(shop_id, addresses_->Hash(email));
}

absl::StatusOr<Page<Suppression>> SuppressionManager::ListSuppressions(ShopId shop_id,
                                                                       const PageRequest& page) {
  OPINUS_RETURN_IF_ERROR(CheckScope(shop_id));
  return suppressions_->ListSuppressions(shop_id, page);
}

}  // namespace opinus::server
