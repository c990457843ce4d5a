#include "server/managers/claim_link_manager.h"

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "server/domain/appstore_admin_page.h"
#include "server/domain/digest.h"

namespace opinus::server {

absl::Status ClaimLinkManager::CheckReady() const {
  if (settings_.secret.empty() || store_ == nullptr) {
    return absl::FailedPreconditionError(
        "the App Store is not connected (--shoper_appstore_secret)");
  }
  return absl::OkStatus();
}

absl::StatusOr<AdminPageAnswer> ClaimLinkManager::ShowAdminPage(
    const std::map<std::string, std::string>& query) {
  if (absl::Status ready = CheckReady(); !ready.ok()) return ready;
  const absl::Time now = clock_->Now();
  absl::StatusOr<AdminPageRequest> request =
      ReadAdminPageRequest(query, settings_.secret, now, settings_.max_age);
  if (!request.ok()) return request.status();
  absl::StatusOr<std::optional<InstallationView>> view = store_->FindInstallation(request->licence);
  if (!view.ok()) return view.status();
  if (!view->has_value()) return absl::NotFoundError("installation: unknown licence");
  AdminPageAnswer answer;
  answer.view = std::move(**view);
  answer.locale = request->locale;
  const AppInstallation& installation = answer.view.installation;
  if (installation.installed && installation.shop_id != 0 && answer.view.owner_id == 0) {
    std::string token = tokens_->NewToken();
    const absl::Time expire_time = now + kClaimLinkLifetime;
    if (absl::Status saved = store_->SaveClaimLink(installation.id, installation.shop_id,
                                                   Sha256(token), now, expire_time);
        !saved.ok()) {
      return saved;
    }
    answer.claim_token = std::move(token);
    answer.claim_expire_time = expire_time;
    Log(LogLevel::kInfo, "appstore_claim_link_given",
        {{"licence", installation.licence}, {"shop", absl::StrCat(installation.shop_id)}});
  }
  return answer;
}

absl::StatusOr<ClaimLinkView> ClaimLinkManager::DescribeLink(absl::string_view token) {
  if (absl::Status ready = CheckReady(); !ready.ok()) return ready;
  if (!IsWellFormedLinkToken(token)) return absl::InvalidArgumentError("token: malformed");
  return store_->FindClaimLink(Sha256(token), clock_->Now());
}

absl::StatusOr<ClaimLinkView> ClaimLinkManager::Claim(absl::string_view token, const Owner& owner) {
  if (absl::Status ready = CheckReady(); !ready.ok()) return ready;
  if (!IsWellFormedLinkToken(token)) return absl::InvalidArgumentError("token: malformed");
  absl::StatusOr<ClaimLinkView> claimed = store_->ClaimShop(Sha256(token), owner, clock_->Now());
  if (claimed.ok()) {
    Log(LogLevel::kInfo, "appstore_shop_claimed",
        {{"shop", absl::StrCat(claimed->shop_id)}, {"owner", absl::StrCat(owner.id)}});
  }
  return claimed;
}

}  // namespace opinus::server
