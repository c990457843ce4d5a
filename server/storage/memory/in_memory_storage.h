// InMemoryStorage: every store interface over plain containers, for unit
// tests of the domain rules. Not durable.
#ifndef OPINUS_SERVER_STORAGE_MEMORY_IN_MEMORY_STORAGE_H_
#define OPINUS_SERVER_STORAGE_MEMORY_IN_MEMORY_STORAGE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/storage/dispatch_store.h"
#include "server/storage/invitation_store.h"
#include "server/storage/order_event_store.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

// InMemoryStorage behaves like the MySQL stores, one mutex guarding all.
// Thread-safe.
class InMemoryStorage final : public ShopStore,
                              public OrderEventStore,
                              public InvitationStore,
                              public DispatchStore {
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
  absl::StatusOr<Invitation> ResendInvitation(InvitationId id, const std::string& reason,
                                              absl::Time now) override;
  absl::StatusOr<Invitation> CancelInvitation(InvitationId id, const std::string& reason,
                                              absl::Time now) override;

  absl::StatusOr<std::vector<Invitation>> ClaimDue(const Claim& claim, int limit) override;
  absl::Status MarkSent(InvitationId id, const std::string& claimer, absl::Time now,
                        const std::string& message_id, const std::string& token_hash) override;
  absl::Status Reschedule(InvitationId id, const std::string& claimer, absl::Time now,
                          absl::Time send_at, const std::string& reason,
                          bool failed_attempt) override;
  absl::Status MarkFailed(InvitationId id, const std::string& claimer, absl::Time now,
                          const std::string& reason) override;
  absl::StatusOr<std::vector<InvitationTransition>> ListTransitions(InvitationId id) override;

  // TokenHash returns the stored token hash of an invitation ("" when none),
  // for tests.
  std::string TokenHash(InvitationId id);

 private:
  using OrderKey = std::pair<ShopId, std::string>;

  // What the MySQL store keeps beside an Invitation while it is claimed.
  struct ClaimState {
    std::string claimer;
    absl::Time lease_until;
  };

  EventRecord AppendEventLocked(EventRecord record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void RecordTransitionLocked(InvitationId id, absl::Time now, std::string from, std::string to,
                              std::string reason) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // FindInvitationLocked returns the stored invitation, NOT_FOUND when none.
  absl::StatusOr<Invitation*> FindInvitationLocked(InvitationId id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // HeldLocked returns the invitation when `claimer` holds it, else ABORTED.
  absl::StatusOr<Invitation*> HeldLocked(InvitationId id, const std::string& claimer)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  absl::Mutex mutex_;
  std::map<ShopId, Shop> shops_ ABSL_GUARDED_BY(mutex_);
  std::map<OrderKey, OrderSnapshot> orders_ ABSL_GUARDED_BY(mutex_);
  std::map<InvitationId, Invitation> invitations_ ABSL_GUARDED_BY(mutex_);
  std::map<OrderKey, InvitationId> invitation_by_order_ ABSL_GUARDED_BY(mutex_);
  std::vector<EventRecord> events_ ABSL_GUARDED_BY(mutex_);
  std::map<InvitationId, ClaimState> claims_ ABSL_GUARDED_BY(mutex_);
  std::map<InvitationId, std::string> token_hashes_ ABSL_GUARDED_BY(mutex_);
  std::vector<InvitationTransition> transitions_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MEMORY_IN_MEMORY_STORAGE_H_
