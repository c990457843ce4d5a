// InMemoryStorage's webhook URL updates after key rotations, as
// mysql_webhook_url_updates.cc keeps them.
#include "tests/support/in_memory_storage.h"

namespace opinus::server {

absl::Status InMemoryStorage::MarkWebhookUrlDue(int64_t shop_id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [licence, installation] : installations_) {
    if (installation.shop_id != shop_id || !installation.installed) continue;
    WebhookUrlState& state = webhook_urls_[licence];
    ++state.rotations;
    state.due_time = now;
    state.attempts = 0;
    state.error.clear();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<WebhookUrlUpdate>> InMemoryStorage::ClaimWebhookUrlUpdate(
    absl::Time now, absl::Time lease_until) {
  absl::MutexLock lock(&mutex_);
  for (auto& [licence, state] : webhook_urls_) {
    const AppInstallation& installation = installations_[licence];
    const PendingConnection& secrets = appstore_secrets_[licence];
    if (!state.due_time || *state.due_time > now || !installation.installed ||
        installation.connection != ShopConnection::kConnected || installation.shop_id == 0 ||
        !secrets.tokens) {
      continue;
    }
    state.due_time = lease_until;
    return WebhookUrlUpdate{installation, *secrets.tokens, state.rotations, state.attempts};
  }
  return std::nullopt;
}

absl::Status InMemoryStorage::FinishWebhookUrlUpdate(int64_t id, int64_t rotations,
                                                     int64_t webhook_id) {
  absl::MutexLock lock(&mutex_);
  for (auto& [licence, installation] : installations_) {
    if (installation.id != id) continue;
    installation.webhook_id = webhook_id;
    WebhookUrlState& state = webhook_urls_[licence];
    state.rotations_sent = rotations;
    state.attempts = 0;
    state.error.clear();
    if (state.rotations == rotations) state.due_time.reset();
  }
  return absl::OkStatus();
}

absl::Status InMemoryStorage::RetryWebhookUrlUpdate(int64_t id, int64_t rotations, int attempts,
                                                    const std::string& error, absl::Time retry_at) {
  absl::MutexLock lock(&mutex_);
  for (auto& [licence, installation] : installations_) {
    if (installation.id != id) continue;
    WebhookUrlState& state = webhook_urls_[licence];
    if (state.rotations != rotations || !state.due_time) continue;
    state.attempts = attempts;
    state.error = error;
    state.due_time = retry_at;
  }
  return absl::OkStatus();
}

}  // namespace opinus::server
