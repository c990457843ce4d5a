#include "tests/support/in_memory_backfills.h"

#include "absl/strings/str_cat.h"

namespace opinus::server {

void InMemoryBackfillStore::SetAccess(ShopId shop_id, std::optional<ShopApiAccess> access) {
  absl::MutexLock lock(&mutex_);
  if (access) {
    access_[shop_id] = *std::move(access);
  } else {
    access_.erase(shop_id);
  }
}

absl::StatusOr<std::optional<ShopApiAccess>> InMemoryBackfillStore::FindShopAccess(ShopId shop_id) {
  absl::MutexLock lock(&mutex_);
  auto found = access_.find(shop_id);
  if (found == access_.end()) return std::nullopt;
  return found->second;
}

absl::StatusOr<OrderBackfill> InMemoryBackfillStore::StartBackfill(OrderBackfill backfill) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, existing] : backfills_) {
    if (existing.shop_id == backfill.shop_id && existing.state == BackfillState::kRunning) {
      return absl::AlreadyExistsError("duplicate entry for key 'order_backfills_running'");
    }
  }
  backfill.id = backfills_.empty() ? 1 : backfills_.rbegin()->first + 1;
  backfills_[backfill.id] = backfill;
  return backfill;
}

absl::StatusOr<std::optional<OrderBackfill>> InMemoryBackfillStore::ClaimBackfill(
    absl::Time now, absl::Time lease_until) {
  absl::MutexLock lock(&mutex_);
  OrderBackfill* due = nullptr;
  for (auto& [id, backfill] : backfills_) {
    if (backfill.state != BackfillState::kRunning || backfill.next_attempt_time > now) continue;
    if (due == nullptr || backfill.next_attempt_time < due->next_attempt_time) due = &backfill;
  }
  if (due == nullptr) return std::nullopt;
  due->next_attempt_time = lease_until;
  return *due;
}

absl::Status InMemoryBackfillStore::SaveBackfill(const OrderBackfill& backfill) {
  absl::MutexLock lock(&mutex_);
  auto found = backfills_.find(backfill.id);
  if (found == backfills_.end())
    return absl::NotFoundError(absl::StrCat("no backfill ", backfill.id));
  // What StartBackfill fixed stays as it was.
  OrderBackfill saved = backfill;
  saved.shop_id = found->second.shop_id;
  saved.days = found->second.days;
  saved.query = found->second.query;
  saved.expected = found->second.expected;
  saved.create_time = found->second.create_time;
  found->second = saved;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<OrderBackfill>> InMemoryBackfillStore::LatestBackfill(ShopId shop_id) {
  absl::MutexLock lock(&mutex_);
  std::optional<OrderBackfill> latest;
  for (const auto& [id, backfill] : backfills_) {
    if (backfill.shop_id == shop_id) latest = backfill;
  }
  return latest;
}

}  // namespace opinus::server
