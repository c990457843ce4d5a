// InMemoryStorage's AppStoreStore part.
#include <algorithm>
#include <optional>
#include <tuple>

#include "tests/support/in_memory_storage.h"

namespace opinus::server {

absl::StatusOr<AppInstallation> InMemoryStorage::RecordCallback(const AppStoreCallback& callback,
                                                                absl::Time now) {
  absl::MutexLock lock(&mutex_);
  std::optional<AppInstallation> before;
  if (auto found = installations_.find(callback.licence); found != installations_.end()) {
    before = found->second;
  }
  AppInstallation after = ApplyAppStoreCallback(before, callback, now);
  if (!before) after.id = static_cast<int64_t>(installations_.size()) + 1;
  installations_[callback.licence] = after;
  return after;
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
