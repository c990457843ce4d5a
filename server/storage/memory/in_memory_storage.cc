#include "server/storage/memory/in_memory_storage.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/domain/scheduling.h"

namespace opinus::server {

absl::StatusOr<Shop> InMemoryStorage::CreateShop(const Shop& shop) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, existing] : shops_) {
    if (existing.webhook_key == shop.webhook_key) {
      return absl::AlreadyExistsError("webhook key taken");
    }
  }
  Shop created = shop;
  created.id = shops_.empty() ? 1 : shops_.rbegin()->first + 1;
  shops_[created.id] = created;
  return created;
}

absl::StatusOr<Shop> InMemoryStorage::GetShop(ShopId id) {
  absl::MutexLock lock(&mutex_);
  auto it = shops_.find(id);
  if (it == shops_.end()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  return it->second;
}

absl::StatusOr<std::optional<Shop>> InMemoryStorage::FindShopByKey(const std::string& key) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, shop] : shops_) {
    if (shop.webhook_key == key) return std::optional<Shop>(shop);
  }
  return std::optional<Shop>();
}

absl::StatusOr<Page<Shop>> InMemoryStorage::ListShops(const PageRequest& page) {
  absl::StatusOr<int64_t> after = ParsePageToken(page.token);
  if (!after.ok()) return after.status();
  absl::MutexLock lock(&mutex_);
  std::vector<Shop> items;
  for (auto it = shops_.upper_bound(*after); it != shops_.end(); ++it) {
    if (static_cast<int>(items.size()) > page.size) break;
    items.push_back(it->second);
  }
  return PageFrom(std::move(items), page.size);
}

absl::StatusOr<Shop> InMemoryStorage::SetWebhookKey(ShopId id, const std::string& key,
                                                    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [other_id, shop] : shops_) {
    if (shop.webhook_key == key) return absl::AlreadyExistsError("webhook key taken");
  }
  auto it = shops_.find(id);
  if (it == shops_.end()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  it->second.webhook_key = key;
  return it->second;
}

absl::StatusOr<Shop> InMemoryStorage::UpdateSettings(ShopId id, const ShopSettings& settings,
                                                     absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto it = shops_.find(id);
  if (it == shops_.end()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  const bool replan = it->second.settings.invitation_delay_days != settings.invitation_delay_days;
  it->second.settings = settings;
  if (replan) {
    for (auto& [invitation_id, invitation] : invitations_) {
      if (invitation.shop_id != id || invitation.state != InvitationState::kScheduled) continue;
      invitation.send_time =
          InvitationSendTime(invitation.status_time, settings.invitation_delay_days);
      invitation.update_time = now;
    }
  }
  return it->second;
}

EventRecord InMemoryStorage::AppendEventLocked(EventRecord record) {
  record.id = static_cast<EventId>(events_.size()) + 1;
  events_.push_back(record);
  return record;
}

absl::StatusOr<EventRecord> InMemoryStorage::ApplyOrderEvent(EventRecord record,
                                                             const Decide& decide) {
  absl::MutexLock lock(&mutex_);
  const OrderKey key{record.shop_id, record.order_id};
  OrderSnapshot& order = orders_[key];
  OrderSnapshot snapshot = order;
  if (auto it = invitation_by_order_.find(key); it != invitation_by_order_.end()) {
    snapshot.invitation = invitations_.at(it->second);
  }
  const EventDecision decision = decide(snapshot);
  if (decision.advance_order && record.status_time) {
    order.known = true;
    order.last_status_id = record.status_id;
    order.last_status_time = *record.status_time;
  }
  if (decision.delete_order) order.deleted = true;
  if (snapshot.invitation) record.invitation_id = snapshot.invitation->id;
  switch (decision.action) {
    case EventDecision::Action::kCreateInvitation: {
      Invitation invitation = decision.invitation;
      invitation.id = invitations_.empty() ? 1 : invitations_.rbegin()->first + 1;
      invitations_[invitation.id] = invitation;
      invitation_by_order_[key] = invitation.id;
      record.invitation_id = invitation.id;
      RecordTransitionLocked(invitation.id, invitation.create_time, "", "scheduled",
                             "invitation created");
      break;
    }
    case EventDecision::Action::kCancelInvitation: {
      Invitation& invitation = invitations_.at(decision.invitation.id);
      // As in MySQL: only a still scheduled invitation is cancelled.
      if (invitation.state != InvitationState::kScheduled) break;
      invitation.state = InvitationState::kCancelled;
      invitation.state_reason = decision.reason;
      invitation.update_time = record.receive_time;
      RecordTransitionLocked(invitation.id, record.receive_time, "scheduled", "cancelled",
                             decision.reason);
      break;
    }
    case EventDecision::Action::kNone:
      break;
  }
  record.outcome = decision.outcome;
  record.reason = decision.reason;
  return AppendEventLocked(std::move(record));
}

absl::StatusOr<EventRecord> InMemoryStorage::AppendEvent(EventRecord record) {
  absl::MutexLock lock(&mutex_);
  return AppendEventLocked(std::move(record));
}

absl::StatusOr<Page<EventRecord>> InMemoryStorage::ListEvents(ShopId shop_id,
                                                              const PageRequest& page) {
  absl::StatusOr<int64_t> before = ParsePageToken(page.token);
  if (!before.ok()) return before.status();
  absl::MutexLock lock(&mutex_);
  std::vector<EventRecord> items;
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
    if (it->shop_id != shop_id || (*before != 0 && it->id >= *before)) continue;
    if (static_cast<int>(items.size()) > page.size) break;
    items.push_back(*it);
  }
  return PageFrom(std::move(items), page.size);
}

absl::StatusOr<Invitation*> InMemoryStorage::FindInvitationLocked(InvitationId id) {
  auto it = invitations_.find(id);
  if (it == invitations_.end()) {
    return absl::NotFoundError(absl::StrCat("invitation ", id, " not found"));
  }
  return &it->second;
}

absl::StatusOr<Invitation> InMemoryStorage::GetInvitation(InvitationId id) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * invitation, FindInvitationLocked(id));
  return *invitation;
}

absl::StatusOr<Page<Invitation>> InMemoryStorage::ListInvitations(
    ShopId shop_id, std::optional<InvitationState> state, const PageRequest& page) {
  absl::StatusOr<int64_t> before = ParsePageToken(page.token);
  if (!before.ok()) return before.status();
  absl::MutexLock lock(&mutex_);
  std::vector<Invitation> items;
  for (auto it = invitations_.rbegin(); it != invitations_.rend(); ++it) {
    const Invitation& invitation = it->second;
    if (invitation.shop_id != shop_id || (state && invitation.state != *state)) continue;
    if (*before != 0 && invitation.id >= *before) continue;
    if (static_cast<int>(items.size()) > page.size) break;
    items.push_back(invitation);
  }
  return PageFrom(std::move(items), page.size);
}

absl::StatusOr<Invitation> InMemoryStorage::ResendInvitation(InvitationId id,
                                                             const std::string& reason,
                                                             absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * found, FindInvitationLocked(id));
  Invitation& invitation = *found;
  OPINUS_RETURN_IF_ERROR(CheckResendable(id, invitation.state));
  const std::string from = InvitationStateName(invitation.state);
  invitation.state = InvitationState::kScheduled;
  invitation.state_reason = reason;
  invitation.send_time = now;
  invitation.attempts = 0;
  invitation.last_error.clear();
  invitation.update_time = now;
  claims_.erase(id);
  RecordTransitionLocked(id, now, from, "scheduled", reason);
  return invitation;
}

absl::StatusOr<Invitation> InMemoryStorage::CancelInvitation(InvitationId id,
                                                             const std::string& reason,
                                                             absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * invitation, FindInvitationLocked(id));
  OPINUS_RETURN_IF_ERROR(CheckCancellable(id, invitation->state));
  invitation->state = InvitationState::kCancelled;
  invitation->state_reason = reason;
  invitation->update_time = now;
  RecordTransitionLocked(id, now, "scheduled", "cancelled", reason);
  return *invitation;
}

void InMemoryStorage::RecordTransitionLocked(InvitationId id, absl::Time now, std::string from,
                                             std::string to, std::string reason) {
  InvitationTransition transition;
  transition.id = static_cast<int64_t>(transitions_.size()) + 1;
  transition.invitation_id = id;
  transition.time = now;
  transition.from_state = std::move(from);
  transition.to_state = std::move(to);
  transition.reason = std::move(reason);
  transitions_.push_back(std::move(transition));
}

absl::StatusOr<std::vector<Invitation>> InMemoryStorage::ClaimDue(const Claim& claim, int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<Invitation*> due;
  std::vector<Invitation*> expired;
  for (auto& [id, invitation] : invitations_) {
    if (invitation.state == InvitationState::kScheduled && invitation.send_time <= claim.now) {
      due.push_back(&invitation);
    } else if (invitation.state == InvitationState::kSending &&
               claims_.at(id).lease_until < claim.now) {
      expired.push_back(&invitation);
    }
  }
  std::stable_sort(due.begin(), due.end(), [](const Invitation* a, const Invitation* b) {
    return a->send_time < b->send_time;
  });
  std::vector<Invitation> claimed;
  for (bool takeover : {false, true}) {
    for (Invitation* invitation : takeover ? expired : due) {
      if (static_cast<int>(claimed.size()) >= limit) break;
      const std::string from = InvitationStateName(invitation->state);
      const std::string reason = takeover
                                     ? absl::StrCat("lease of ", claims_.at(invitation->id).claimer,
                                                    " expired; claimed by ", claim.claimer)
                                     : absl::StrCat("claimed by ", claim.claimer);
      invitation->state = InvitationState::kSending;
      if (takeover) ++invitation->attempts;
      invitation->update_time = claim.now;
      claims_[invitation->id] = ClaimState{claim.claimer, claim.lease_until};
      RecordTransitionLocked(invitation->id, claim.now, from, "sending", reason);
      claimed.push_back(*invitation);
    }
  }
  return claimed;
}

absl::StatusOr<Invitation*> InMemoryStorage::HeldLocked(InvitationId id,
                                                        const std::string& claimer) {
  auto it = invitations_.find(id);
  auto claim = claims_.find(id);
  if (it == invitations_.end() || it->second.state != InvitationState::kSending ||
      claim == claims_.end() || claim->second.claimer != claimer) {
    return absl::AbortedError(
        absl::StrCat("invitation ", id, " is no longer claimed by ", claimer));
  }
  return &it->second;
}

absl::Status InMemoryStorage::MarkSent(InvitationId id, const std::string& claimer, absl::Time now,
                                       const std::string& message_id,
                                       const std::string& token_hash) {
  if (token_hash.size() != 32) return absl::InvalidArgumentError("token_hash: 32 bytes");
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Invitation*> held = HeldLocked(id, claimer);
  if (!held.ok()) return held.status();
  Invitation& invitation = **held;
  invitation.state = InvitationState::kSent;
  invitation.state_reason = "accepted by the mail server";
  invitation.sent_time = now;
  invitation.message_id = message_id;
  invitation.update_time = now;
  claims_.erase(id);
  token_hashes_[id] = token_hash;
  RecordTransitionLocked(id, now, "sending", "sent",
                         absl::StrCat("accepted by the mail server as ", message_id));
  return absl::OkStatus();
}

absl::Status InMemoryStorage::Reschedule(InvitationId id, const std::string& claimer,
                                         absl::Time now, absl::Time send_at,
                                         const std::string& reason, bool failed_attempt) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Invitation*> held = HeldLocked(id, claimer);
  if (!held.ok()) return held.status();
  Invitation& invitation = **held;
  invitation.state = InvitationState::kScheduled;
  invitation.state_reason = reason;
  invitation.send_time = send_at;
  invitation.update_time = now;
  if (failed_attempt) {
    ++invitation.attempts;
    invitation.last_error = reason;
  }
  claims_.erase(id);
  RecordTransitionLocked(id, now, "sending", "scheduled", reason);
  return absl::OkStatus();
}

absl::Status InMemoryStorage::MarkFailed(InvitationId id, const std::string& claimer,
                                         absl::Time now, const std::string& reason) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Invitation*> held = HeldLocked(id, claimer);
  if (!held.ok()) return held.status();
  Invitation& invitation = **held;
  invitation.state = InvitationState::kFailed;
  invitation.state_reason = reason;
  invitation.last_error = reason;
  ++invitation.attempts;
  invitation.update_time = now;
  claims_.erase(id);
  RecordTransitionLocked(id, now, "sending", "failed", reason);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<InvitationTransition>> InMemoryStorage::ListTransitions(
    InvitationId id) {
  absl::MutexLock lock(&mutex_);
  std::vector<InvitationTransition> found;
  for (const InvitationTransition& transition : transitions_) {
    if (transition.invitation_id == id) found.push_back(transition);
  }
  return found;
}

std::string InMemoryStorage::TokenHash(InvitationId id) {
  absl::MutexLock lock(&mutex_);
  auto it = token_hashes_.find(id);
  return it == token_hashes_.end() ? "" : it->second;
}

}  // namespace opinus::server
