// InMemoryStorage: every store interface over plain containers, for unit
// tests of the domain rules. Not durable.
#ifndef OPINUS_SERVER_STORAGE_MEMORY_IN_MEMORY_STORAGE_H_
#define OPINUS_SERVER_STORAGE_MEMORY_IN_MEMORY_STORAGE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/storage/invitation_store.h"
#include "server/storage/order_event_store.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

// InMemoryStorage behaves like the MySQL stores, one mutex guarding all.
// Thread-safe.
class InMemoryStorage final : public ShopStore, public OrderEventStore, public InvitationStore {
 public:
  absl::StatusOr<Shop> CreateShop(const Shop& shop) override;
  absl::StatusOr<Shop> GetShop(ShopId id) override;
  absl::StatusOr<std::optional<Shop>> FindShopByKey(const std::string& key) override;
  absl::StatusOr<Page<Shop>> ListShops(const PageRequest& page) override;
  absl::StatusOr<Shop> SetWebhookKey(ShopId id, const std::string& key, absl::Time now) override;
  absl::StatusOr<Shop> UpdateSettings(ShopId id, const ShopSettings& settings,
                                      absl::Time now) override;

  absl::StatusOr<EventRecord> ApplyOrderEvent(EventRecord record, const Decide& decide) override;
  absl::StatusOr<EventRecord> AppendEvent(EventRecord record) override;
  absl::StatusOr<Page<EventRecord>> ListEvents(ShopId shop_id, const PageRequest& page) override;

  absl::StatusOr<Invitation> GetInvitation(InvitationId id) override;
  absl::StatusOr<Page<Invitation>> ListInvitations(ShopId shop_id,
                                                   std::optional<InvitationState> state,
                                                   const PageRequest& page) override;
  absl::StatusOr<Invitation> CancelInvitation(InvitationId id, const std::string& reason,
                                              absl::Time now) override;

 private:
  using OrderKey = std::pair<ShopId, std::string>;

  EventRecord AppendEventLocked(EventRecord record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  absl::Mutex mutex_;
  std::map<ShopId, Shop> shops_ ABSL_GUARDED_BY(mutex_);
  std::map<OrderKey, OrderSnapshot> orders_ ABSL_GUARDED_BY(mutex_);
  std::map<InvitationId, Invitation> invitations_ ABSL_GUARDED_BY(mutex_);
  std::map<OrderKey, InvitationId> invitation_by_order_ ABSL_GUARDED_BY(mutex_);
  std::vector<EventRecord> events_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MEMORY_IN_MEMORY_STORAGE_H_
