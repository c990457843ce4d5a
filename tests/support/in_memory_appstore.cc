// InMemoryStorage's AppStoreStore part.
#include <algorithm>
#include <optional>
#include <tuple>

#include "common/status_macros.h"
#include "server/domain/invitation_transitions.h"
#include "tests/support/in_memory_storage.h"

namespace opinus::server {

absl::StatusOr<AppInstallation> InMemoryStorage::RecordCallback(const AppStoreCallback& callback,
                                                                absl::Time now,
                                                                const std::string& new_key) {
  absl::MutexLock lock(&mutex_);
  std::optional<AppInstallation> before;
  if (auto found = installations_.find(callback.licence); found != installations_.end()) {
    before = found->second;
  }
  AppInstallation after = ApplyAppStoreCallback(before, callback, now);
  if (!before) after.id = static_cast<int64_t>(installations_.size()) + 1;
  if (callback.action == AppStoreAction::kUninstall) {
    OPINUS_RETURN_IF_ERROR(DisconnectLocked(after.shop_id, new_key, now));
    appstore_secrets_.erase(callback.licence);
  }
  installations_[callback.licence] = after;
  if (!callback.auth_code.empty())
    appstore_secrets_[callback.licence].auth_code = callback.auth_code;
  return after;
}

absl::Status InMemoryStorage::DisconnectLocked(ShopId shop_id, const std::string& new_key,
                                               absl::Time now) {
  auto shop = shops_.find(shop_id);
  if (shop == shops_.end()) return absl::OkStatus();
  for (const auto& [other_id, other] : shops_) {
    if (other.webhook_key == new_key) return absl::AlreadyExistsError("webhook key taken");
  }
  shop->second.webhook_key = new_key;
  shop->second.previous_key.reset();
  for (auto& [id, invitation] : invitations_) {
    if (invitation.shop_id != shop_id) continue;
    AwaitNoSendLocked(id);
    if (!CheckTransition(invitation, InvitationEvent::kCancel).ok()) continue;
    OPINUS_RETURN_IF_ERROR(
        ApplyTransitionLocked(invitation, InvitationEvent::kCancel,
                              InvitationReasonOf(InvitationReasonCode::kAppUninstalled), now)
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<PendingConnection>> InMemoryStorage::ClaimConnection(
    absl::Time now, absl::Time lease_until) {
  absl::MutexLock lock(&mutex_);
  AppInstallation* due = nullptr;
  for (auto& [licence, installation] : installations_) {
    const bool due_kind = installation.connection == ShopConnection::kPending ||
                          installation.connection == ShopConnection::kConnected;
    if (!due_kind || !installation.installed || !installation.next_attempt_time ||
        *installation.next_attempt_time > now) {
      continue;
    }
    if (due == nullptr || *installation.next_attempt_time < *due->next_attempt_time) {
      due = &installation;
    }
  }
  if (due == nullptr) return std::nullopt;
  due->next_attempt_time = lease_until;
  PendingConnection pending = appstore_secrets_[due->licence];
  pending.installation = *due;
  return pending;
}

absl::Status InMemoryStorage::SaveTokens(int64_t id, int64_t callbacks,
                                         const ShoperTokens& tokens) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [licence, installation] : installations_) {
    if (installation.id != id) continue;
    if (installation.callbacks != callbacks) {
      return absl::AbortedError("a callback changed the installation since it was claimed");
    }
    appstore_secrets_[licence].auth_code.clear();
    appstore_secrets_[licence].tokens = tokens;
    return absl::OkStatus();
  }
  return absl::AbortedError("no such installation");
}

absl::Status InMemoryStorage::ReplaceTokens(int64_t id, const std::string& old_refresh_token,
                                            const ShoperTokens& tokens) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [licence, installation] : installations_) {
    if (installation.id != id) continue;
    PendingConnection& secrets = appstore_secrets_[licence];
    if (!secrets.tokens || secrets.tokens->refresh_token != old_refresh_token) break;
    secrets.auth_code.clear();
    secrets.tokens = tokens;
    return absl::OkStatus();
  }
  return absl::AbortedError("the tokens were deleted or replaced since they were read");
}

absl::Status InMemoryStorage::SaveConnection(const AppInstallation& saved) {
  absl::MutexLock lock(&mutex_);
  auto found = installations_.find(saved.licence);
  if (found == installations_.end()) return absl::AbortedError("no such installation");
  AppInstallation& installation = found->second;
  installation.shop_id = saved.shop_id;
  installation.webhook_id = saved.webhook_id;
  if (installation.callbacks != saved.callbacks) {
    return absl::AbortedError("a callback changed the installation since it was claimed");
  }
  installation.connection = saved.connection;
  installation.connect_attempts = saved.connect_attempts;
  installation.next_attempt_time = saved.next_attempt_time;
  installation.connect_error = saved.connect_error;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AppInstallation>> InMemoryStorage::ListInstallations() {
  absl::MutexLock lock(&mutex_);
  std::vector<AppInstallation> list;
  for (const auto& [licence, installation] : installations_) list.push_back(installation);
  std::sort(list.begin(), list.end(), [](const AppInstallation& a, const AppInstallation& b) {
    return std::tie(a.update_time, a.id) > std::tie(b.update_time, b.id);
  });
  return list;
}

}  // namespace opinus::server
