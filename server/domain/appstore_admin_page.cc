#include "server/domain/appstore_admin_page.h"

#include "server/domain/appstore.h"

namespace opinus::server {

absl::StatusOr<AdminPageRequest> ReadAdminPageRequest(
    const std::map<std::string, std::string>& query, absl::string_view secret, absl::Time now,
    absl::Duration max_age) {
  absl::StatusOr<absl::Time> sent_time = CheckAppStoreSignature(query, secret, now, max_age);
  if (!sent_time.ok()) return sent_time.status();
  AdminPageRequest request;
  request.sent_time = *sent_time;
  auto shop = query.find("shop");
  if (shop == query.end() || shop->second.empty()) {
    return absl::InvalidArgumentError("shop: missing");
  }
  if (shop->second.size() > 64) return absl::InvalidArgumentError("shop: longer than 64 bytes");
  request.licence = shop->second;
  if (auto place = query.find("place"); place != query.end()) request.place = place->second;
  if (auto locale = query.find("translations"); locale != query.end()) {
    request.locale = locale->second;
  }
  return request;
}

ClaimLinkState ClaimLinkStateAt(std::optional<absl::Time> use_time, int64_t owner_id,
                                absl::Time expire_time, absl::Time now) {
  if (use_time) return ClaimLinkState::kUsed;
  if (owner_id != 0) return ClaimLinkState::kOwned;
  if (now >= expire_time) return ClaimLinkState::kExpired;
  return ClaimLinkState::kValid;
}

absl::Status ClaimRefusal(ClaimLinkState state) {
  switch (state) {
    case ClaimLinkState::kUsed:
      return absl::FailedPreconditionError("claim link: used");
    case ClaimLinkState::kOwned:
      return absl::AlreadyExistsError("shop: has an owner already");
    case ClaimLinkState::kExpired:
      return absl::FailedPreconditionError("claim link: expired");
    case ClaimLinkState::kValid:
      break;
  }
  return absl::OkStatus();
}

}  // namespace opinus::server
