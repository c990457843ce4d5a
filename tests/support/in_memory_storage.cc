#include "tests/support/in_memory_storage.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/secrets.h"
#include "common/status_macros.h"
#include "server/domain/bounce_address.h"
#include "server/domain/event_reason.h"
#include "server/domain/invitation_transitions.h"
#include "server/domain/paging.h"
#include "server/domain/scheduling.h"
#include "server/domain/validation.h"
#include "server/domain/webhook_keys.h"

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
  // As in MySQL: a slug is given by SetShopSlug only.
  created.slug.clear();
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
    if (shop.webhook_key == key || (shop.previous_key && shop.previous_key->key == key)) {
      return std::optional<Shop>(shop);
    }
  }
  return std::optional<Shop>();
}

absl::StatusOr<std::optional<Shop>> InMemoryStorage::FindShopBySlug(const std::string& slug) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, shop] : shops_) {
    if (!shop.slug.empty() && shop.slug == slug) return std::optional<Shop>(shop);
  }
  return std::optional<Shop>();
}

absl::StatusOr<Shop> InMemoryStorage::SetShopSlug(ShopId id, const std::string& slug) {
  absl::MutexLock lock(&mutex_);
  auto it = shops_.find(id);
  if (it == shops_.end()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  if (!it->second.slug.empty()) return it->second;
  for (const auto& [other_id, other] : shops_) {
    if (other.slug == slug) return absl::AlreadyExistsError("slug taken");
  }
  it->second.slug = slug;
  return it->second;
}

absl::StatusOr<Page<Shop>> InMemoryStorage::ListShops(std::optional<OwnerId> owner_id,
                                                      const PageRequest& page) {
  absl::StatusOr<int64_t> after = ParsePageToken(page.token);
  if (!after.ok()) return after.status();
  absl::MutexLock lock(&mutex_);
  std::vector<Shop> items;
  for (auto it = shops_.upper_bound(*after); it != shops_.end(); ++it) {
    if (static_cast<int>(items.size()) > page.size) break;
    if (owner_id && it->second.owner_id != *owner_id) continue;
    items.push_back(it->second);
  }
  return PageFrom(std::move(items), page.size);
}

absl::StatusOr<Shop> InMemoryStorage::SetWebhookKey(ShopId id, const std::string& key,
                                                    std::optional<absl::Time> keep_previous_until,
                                                    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [other_id, shop] : shops_) {
    if (shop.webhook_key == key) return absl::AlreadyExistsError("webhook key taken");
  }
  auto it = shops_.find(id);
  if (it == shops_.end()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  Shop& shop = it->second;
  shop.previous_key.reset();
  if (keep_previous_until) shop.previous_key = PreviousKey{shop.webhook_key, *keep_previous_until};
  shop.webhook_key = key;
  return shop;
}

absl::StatusOr<Shop> InMemoryStorage::DropPreviousKey(ShopId id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto it = shops_.find(id);
  if (it == shops_.end()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  it->second.previous_key.reset();
  return it->second;
}

absl::StatusOr<Shop> InMemoryStorage::ApproveShop(ShopId id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto it = shops_.find(id);
  if (it == shops_.end()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  if (!it->second.approve_time) it->second.approve_time = now;
  return it->second;
}

absl::StatusOr<std::map<ShopId, int>> InMemoryStorage::CountMailsSentSince(
    const std::vector<ShopId>& ids, absl::Time since) {
  absl::MutexLock lock(&mutex_);
  std::map<ShopId, int> counts;
  for (const auto& [id, invitation] : invitations_) {
    if (std::find(ids.begin(), ids.end(), invitation.shop_id) == ids.end()) continue;
    const int sent = (invitation.sent_time && *invitation.sent_time >= since) +
                     (invitation.reminder_sent_time && *invitation.reminder_sent_time >= since);
    if (sent > 0) counts[invitation.shop_id] += sent;
  }
  return counts;
}

absl::StatusOr<Shop> InMemoryStorage::UpdateSettings(ShopId id, const ShopSettings& settings,
                                                     absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto it = shops_.find(id);
  if (it == shops_.end()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  const ShopSettings old = it->second.settings;
  it->second.settings = settings;
  for (auto& [invitation_id, invitation] : invitations_) {
    if (invitation.shop_id != id) continue;
    if (invitation.state == InvitationState::kScheduled &&
        old.invitation_delay_days != settings.invitation_delay_days) {
      invitation.send_time =
          InvitationSendTime(invitation.status_time, settings.invitation_delay_days);
      invitation.update_time = now;
      ++invitation.version;
    }
    if (invitation.state == InvitationState::kSent && invitation.reminder_time &&
        old.reminder_days != settings.reminder_days) {
      invitation.reminder_time = ReminderSendTime(*invitation.sent_time, settings.reminder_days);
      invitation.update_time = now;
      ++invitation.version;
    }
  }
  return it->second;
}

EventRecord InMemoryStorage::AppendEventLocked(EventRecord record) {
  record.id = static_cast<EventId>(events_.size()) + 1;
  events_.push_back(record);
  return record;
}

absl::StatusOr<EventRecord> InMemoryStorage::Apply(OrderEventWrite write) {
  absl::MutexLock lock(&mutex_);
  if (!write.sender_key.empty()) {
    auto shop = shops_.find(write.record.shop_id);
    if (shop == shops_.end() ||
        !MatchWebhookKey(shop->second, write.sender_key, write.record.receive_time)) {
      return absl::NotFoundError("unknown webhook key");
    }
  }
  if (!write.decide) return AppendEventLocked(std::move(write.record));
  return ApplyOrderEventLocked(std::move(write.record), write.decide);
}

absl::StatusOr<EventRecord> InMemoryStorage::ApplyOrderEventLocked(EventRecord record,
                                                                   const Decide& decide) {
  const OrderKey key{record.shop_id, record.order_id};
  // As MySQL waits for the invitation's row: a send in progress ends first.
  if (auto it = invitation_by_order_.find(key); it != invitation_by_order_.end()) {
    AwaitNoSendLocked(it->second);
  }
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
  if (decision.waiting_customer) order.waiting_customer = *decision.waiting_customer;
  if (decision.parcel_send_time) order.parcel_send_time = decision.parcel_send_time;
  if (snapshot.invitation) record.invitation_id = snapshot.invitation->id;
  record.outcome = decision.outcome;
  SetEventReason(decision.reason, &record);
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
    case EventDecision::Action::kCancelInvitation:
    case EventDecision::Action::kCancelReminder: {
      OPINUS_ASSIGN_OR_RETURN(
          const Invitation cancelled,
          ApplyTransitionLocked(invitations_.at(decision.invitation.id), InvitationEvent::kCancel,
                                decision.cancel_reason, record.receive_time));
      absl::StrAppend(&record.reason, HandoverText(cancelled.structured_reason));
      break;
    }
    case EventDecision::Action::kNone:
      break;
  }
  return AppendEventLocked(std::move(record));
}

std::vector<absl::StatusOr<EventRecord>> InMemoryStorage::ApplyOrderEvents(
    std::vector<OrderEventWrite> writes) {
  std::vector<absl::StatusOr<EventRecord>> results;
  results.reserve(writes.size());
  for (OrderEventWrite& write : writes) results.push_back(Apply(std::move(write)));
  return results;
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

absl::StatusOr<TokenOwner> InMemoryStorage::FindInvitationByToken(const std::string& token_hash) {
  absl::MutexLock lock(&mutex_);
  auto it = tokens_.find(token_hash);
  if (it == tokens_.end()) return absl::NotFoundError("no e-mail carried this token");
  const TokenRecord& token = it->second;
  return TokenOwner{invitations_.at(token.invitation_id), token.mail, token.create_time};
}

absl::StatusOr<TokenOwner> InMemoryStorage::FindMailByHashPrefix(const std::string& hash_prefix) {
  absl::MutexLock lock(&mutex_);
  auto it = tokens_.lower_bound(hash_prefix);
  if (hash_prefix.size() != kBounceIdBytes || it == tokens_.end() ||
      it->first.compare(0, hash_prefix.size(), hash_prefix) != 0) {
    return absl::NotFoundError("no mail has this id");
  }
  const TokenRecord& token = it->second;
  return TokenOwner{invitations_.at(token.invitation_id), token.mail, token.create_time};
}

absl::Status InMemoryStorage::RecordFeedback(const MailFeedback& feedback,
                                             const std::optional<Suppression>& suppression,
                                             const InvitationReason& reason) {
  absl::MutexLock lock(&mutex_);
  if (feedback.kind == FeedbackKind::kHardBounce && feedback.invitation_id != 0) {
    AwaitNoSendLocked(feedback.invitation_id);
    Invitation& invitation = invitations_.at(feedback.invitation_id);
    if (CheckTransition(invitation, InvitationEvent::kBounce).ok()) {
      OPINUS_RETURN_IF_ERROR(
          ApplyTransitionLocked(invitation, InvitationEvent::kBounce, reason, feedback.receive_time)
              .status());
    }
  }
  if (suppression) AddSuppressionLocked(*suppression);
  feedback_.push_back(feedback);
  return absl::OkStatus();
}

absl::StatusOr<std::map<FeedbackKind, int64_t>> InMemoryStorage::CountFeedback(ShopId shop_id) {
  absl::MutexLock lock(&mutex_);
  std::map<FeedbackKind, int64_t> counts;
  for (const MailFeedback& feedback : feedback_) {
    if (feedback.shop_id == shop_id && feedback.kind != FeedbackKind::kUnmatched) {
      ++counts[feedback.kind];
    }
  }
  return counts;
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
                                                             const InvitationReason& reason,
                                                             absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * invitation, FindInvitationLocked(id));
  AwaitNoSendLocked(id);
  return ApplyTransitionLocked(*invitation, InvitationEvent::kResend, reason, now);
}

absl::StatusOr<Invitation> InMemoryStorage::CancelInvitation(InvitationId id,
                                                             const InvitationReason& reason,
                                                             absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * invitation, FindInvitationLocked(id));
  AwaitNoSendLocked(id);
  return ApplyTransitionLocked(*invitation, InvitationEvent::kCancel, reason, now);
}

void InMemoryStorage::AwaitNoSendLocked(InvitationId id) {
  // A condition variable, not Mutex::Await: the predicate then runs with the
  // lock visibly held, which ThreadSanitizer's view of abseil needs.
  while (send_locked_.count(id) != 0) send_unlocked_.Wait(&mutex_);
}

void InMemoryStorage::SendUnlockedLocked(InvitationId id) {
  send_locked_.erase(id);
  send_unlocked_.SignalAll();
}

absl::StatusOr<Invitation> InMemoryStorage::ApplyTransitionLocked(Invitation& invitation,
                                                                  InvitationEvent event,
                                                                  const InvitationReason& reason,
                                                                  absl::Time now) {
  OPINUS_ASSIGN_OR_RETURN(const InvitationState to, CheckTransition(invitation, event));
  const std::string from = InvitationStateName(invitation.state);
  // Read before the change: whether the mail may have left.
  SetInvitationReason(ReasonForChange(invitation, reason), &invitation);
  invitation.state = to;
  invitation.update_time = now;
  invitation.handover_time.reset();
  ++invitation.version;
  if (event == InvitationEvent::kResend) {
    invitation.send_time = now;
    invitation.attempts = 0;
    invitation.last_error.clear();
  } else {
    // A cancel, review or unsubscribe stops the reminder too.
    invitation.reminder_time.reset();
  }
  // As in MySQL: the claim ends, and its holder's later writes change nothing.
  claims_.erase(invitation.id);
  RecordTransitionLocked(invitation.id, now, from, InvitationStateName(to),
                         invitation.state_reason);
  return invitation;
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
  // In the MySQL store's order: due invitations, due reminders, then expired
  // leases, each oldest first.
  using Candidate = std::pair<absl::Time, Invitation*>;
  std::vector<Candidate> due;
  std::vector<Candidate> reminders;
  std::vector<Candidate> expired;
  for (auto& [id, invitation] : invitations_) {
    if (invitation.state == InvitationState::kScheduled && invitation.send_time <= claim.now) {
      due.emplace_back(invitation.send_time, &invitation);
    } else if (invitation.state == InvitationState::kSent && invitation.reminder_time &&
               *invitation.reminder_time <= claim.now) {
      reminders.emplace_back(*invitation.reminder_time, &invitation);
    } else if (invitation.state == InvitationState::kSending &&
               claims_.at(id).lease_until < claim.now) {
      expired.emplace_back(claims_.at(id).lease_until, &invitation);
    }
  }
  std::vector<Invitation> claimed;
  for (std::vector<Candidate>* candidates : {&due, &reminders, &expired}) {
    const bool takeover = candidates == &expired;
    std::stable_sort(candidates->begin(), candidates->end(),
                     [](const Candidate& a, const Candidate& b) { return a.first < b.first; });
    for (const auto& [time, invitation] : *candidates) {
      if (static_cast<int>(claimed.size()) >= limit) break;
      const std::string from = InvitationStateName(invitation->state);
      const std::string mail = MailKindName(invitation->next_mail());
      const std::string reason =
          takeover ? absl::StrCat("lease of ", claims_.at(invitation->id).claimer, " expired; ",
                                  mail, " claimed by ", claim.claimer)
                   : absl::StrCat(mail, " claimed by ", claim.claimer);
      invitation->state = InvitationState::kSending;
      if (takeover) ++invitation->attempts;
      invitation->update_time = claim.now;
      ++invitation->version;
      claims_[invitation->id] = ClaimState{claim.claimer, claim.lease_until};
      RecordTransitionLocked(invitation->id, claim.now, from, "sending", reason);
      claimed.push_back(*invitation);
    }
  }
  return claimed;
}

absl::StatusOr<Invitation*> InMemoryStorage::HeldLocked(const HeldMail& held) {
  auto it = invitations_.find(held.id);
  auto claim = claims_.find(held.id);
  if (it == invitations_.end() || it->second.state != InvitationState::kSending ||
      claim == claims_.end() || claim->second.claimer != held.claimer ||
      it->second.next_mail() != held.kind || it->second.version != held.version) {
    return NoLongerHeld(held);
  }
  return &it->second;
}

absl::StatusOr<Invitation*> InMemoryStorage::ReleaseHeldLocked(const HeldMail& held) {
  OPINUS_ASSIGN_OR_RETURN(Invitation * invitation, HeldLocked(held));
  claims_.erase(held.id);
  ++invitation->version;
  invitation->handover_time.reset();
  return invitation;
}

std::vector<absl::Status> InMemoryStorage::KeepTokens(absl::Time now,
                                                      const std::vector<MailToken>& tokens) {
  std::vector<absl::Status> results;
  absl::MutexLock lock(&mutex_);
  for (const MailToken& token : tokens) {
    if (token.token_hash.size() != 32) {
      results.push_back(absl::InvalidArgumentError("token_hash: 32 bytes"));
      continue;
    }
    absl::Status held = HeldLocked(token.held).status();
    if (held.ok()) {
      tokens_.emplace(token.token_hash, TokenRecord{token.held.id, token.held.kind, now});
    }
    results.push_back(std::move(held));
  }
  return results;
}

// InMemorySendLock keeps its invitations in send_locked_ until they are
// marked sent or it is destroyed; every other change of them waits meanwhile.
class InMemoryStorage::InMemorySendLock final : public SendLock {
 public:
  InMemorySendLock(InMemoryStorage* storage, std::vector<HeldMail> held, std::vector<bool> locked)
      : storage_(storage), held_(std::move(held)) {
    locked_ = std::move(locked);
  }
  ~InMemorySendLock() override {
    absl::MutexLock lock(&storage_->mutex_);
    Release();
  }

  absl::Status MarkSent(absl::Time now, const std::vector<AcceptedMail>& accepted) override {
    absl::MutexLock lock(&storage_->mutex_);
    Release();
    absl::Status first_error;
    for (const AcceptedMail& sent : accepted) {
      first_error.Update(storage_->MarkSentLocked(held_[sent.index], now, sent.mail));
    }
    return first_error;
  }

 private:
  void Release() ABSL_EXCLUSIVE_LOCKS_REQUIRED(storage_->mutex_) {
    for (size_t i = 0; i < held_.size(); ++i) {
      if (Holds(i)) storage_->SendUnlockedLocked(held_[i].id);
    }
    held_.clear();
  }

  InMemoryStorage* storage_;
  std::vector<HeldMail> held_;
};

absl::StatusOr<std::unique_ptr<SendLock>> InMemoryStorage::LockForSend(
    const std::vector<HeldMail>& held, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  std::vector<bool> locked;
  for (const HeldMail& mail : held) {
    AwaitNoSendLocked(mail.id);
    absl::StatusOr<Invitation*> invitation = HeldLocked(mail);
    locked.push_back(invitation.ok());
    if (!invitation.ok()) continue;
    (*invitation)->handover_time = now;
    send_locked_.insert(mail.id);
  }
  return std::make_unique<InMemorySendLock>(this, held, std::move(locked));
}

absl::Status InMemoryStorage::MarkSentLocked(const HeldMail& held, absl::Time now,
                                             const SentMail& mail) {
  OPINUS_ASSIGN_OR_RETURN(Invitation * released, ReleaseHeldLocked(held));
  Invitation& invitation = *released;
  const bool first = held.kind == MailKind::kInvitation;
  InvitationReason accepted = InvitationReasonOf(InvitationReasonCode::kAccepted);
  accepted.reminder = !first;
  accepted.detail = mail.message_id;
  invitation.state = InvitationState::kSent;
  SetInvitationReason(std::move(accepted), &invitation);
  if (first) {
    invitation.sent_time = now;
    invitation.message_id = mail.message_id;
    invitation.reminder_time = mail.reminder_time;
  } else {
    invitation.reminder_sent_time = now;
    invitation.reminder_time.reset();
  }
  invitation.update_time = now;
  RecordTransitionLocked(held.id, now, "sending", "sent", invitation.state_reason);
  return absl::OkStatus();
}

absl::Status InMemoryStorage::Reschedule(const HeldMail& held, absl::Time now, absl::Time send_at,
                                         const InvitationReason& reason, bool failed_attempt) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * released, ReleaseHeldLocked(held));
  Invitation& invitation = *released;
  if (held.kind == MailKind::kInvitation) {
    invitation.state = InvitationState::kScheduled;
    invitation.send_time = send_at;
  } else {
    invitation.state = InvitationState::kSent;
    invitation.reminder_time = send_at;
  }
  SetInvitationReason(reason, &invitation);
  invitation.update_time = now;
  if (failed_attempt) {
    ++invitation.attempts;
    invitation.last_error = invitation.state_reason;
  }
  RecordTransitionLocked(held.id, now, "sending", InvitationStateName(invitation.state),
                         invitation.state_reason);
  return absl::OkStatus();
}

absl::Status InMemoryStorage::MarkFailed(const HeldMail& held, absl::Time now,
                                         const InvitationReason& reason) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * released, ReleaseHeldLocked(held));
  Invitation& invitation = *released;
  const bool first = held.kind == MailKind::kInvitation;
  InvitationReason failed = reason;
  failed.reminder = !first;
  invitation.state = first ? InvitationState::kFailed : InvitationState::kSent;
  SetInvitationReason(std::move(failed), &invitation);
  const std::string& why = invitation.state_reason;
  invitation.last_error = why;
  invitation.reminder_time.reset();
  ++invitation.attempts;
  invitation.update_time = now;
  RecordTransitionLocked(held.id, now, "sending", InvitationStateName(invitation.state), why);
  return absl::OkStatus();
}

absl::Status InMemoryStorage::MarkSuppressed(const HeldMail& held, absl::Time now,
                                             const InvitationReason& reason) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * invitation, ReleaseHeldLocked(held));
  invitation->state = InvitationState::kSuppressed;
  SetInvitationReason(reason, invitation);
  invitation->reminder_time.reset();
  invitation->update_time = now;
  RecordTransitionLocked(held.id, now, "sending", "suppressed", invitation->state_reason);
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

absl::StatusOr<std::optional<Suppression>> InMemoryStorage::FindSuppression(
    ShopId shop_id, const std::string& email_hash) {
  absl::MutexLock lock(&mutex_);
  std::optional<Suppression> found;
  for (const auto& [id, suppression] : suppressions_) {
    if (!ConstantTimeEquals(suppression.email_hash, email_hash)) continue;
    // The shop's own suppression comes first, as in the MySQL store.
    if (suppression.shop_id == shop_id) return std::optional<Suppression>(suppression);
    if (suppression.shop_id == Suppression::kAllShops) found = suppression;
  }
  return found;
}

Suppression InMemoryStorage::AddSuppressionLocked(const Suppression& suppression) {
  for (const auto& [id, existing] : suppressions_) {
    if (existing.shop_id == suppression.shop_id &&
        ConstantTimeEquals(existing.email_hash, suppression.email_hash)) {
      return existing;
    }
  }
  Suppression stored = suppression;
  stored.id = suppressions_.empty() ? 1 : suppressions_.rbegin()->first + 1;
  suppressions_[stored.id] = stored;
  return stored;
}

absl::StatusOr<Suppression> InMemoryStorage::AddSuppression(const Suppression& suppression) {
  absl::MutexLock lock(&mutex_);
  return AddSuppressionLocked(suppression);
}

absl::Status InMemoryStorage::RemoveSuppression(ShopId shop_id, const std::string& email_hash) {
  absl::MutexLock lock(&mutex_);
  for (auto it = suppressions_.begin(); it != suppressions_.end(); ++it) {
    if (it->second.shop_id == shop_id && ConstantTimeEquals(it->second.email_hash, email_hash)) {
      suppressions_.erase(it);
      return absl::OkStatus();
    }
  }
  return absl::NotFoundError("the address is not on that suppression list");
}

absl::StatusOr<Page<Suppression>> InMemoryStorage::ListSuppressions(ShopId shop_id,
                                                                    const PageRequest& page) {
  absl::StatusOr<int64_t> before = ParsePageToken(page.token);
  if (!before.ok()) return before.status();
  absl::MutexLock lock(&mutex_);
  std::vector<Suppression> items;
  for (auto it = suppressions_.rbegin(); it != suppressions_.rend(); ++it) {
    if (it->second.shop_id != shop_id || (*before != 0 && it->first >= *before)) continue;
    if (static_cast<int>(items.size()) > page.size) break;
    items.push_back(it->second);
  }
  return PageFrom(std::move(items), page.size);
}

absl::StatusOr<Invitation> InMemoryStorage::Unsubscribe(InvitationId id,
                                                        const Suppression& suppression,
                                                        const InvitationReason& reason,
                                                        absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Invitation * invitation, FindInvitationLocked(id));
  AwaitNoSendLocked(id);
  AddSuppressionLocked(suppression);
  // As in MySQL: once nothing is left to stop, the suppression alone stands.
  if (CheckTransition(*invitation, InvitationEvent::kUnsubscribe).ok()) {
    return ApplyTransitionLocked(*invitation, InvitationEvent::kUnsubscribe, reason, now);
  }
  return *invitation;
}

absl::StatusOr<std::optional<Opinion>> InMemoryStorage::FindOpinionByInvitation(
    InvitationId invitation_id) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, opinion] : opinions_) {
    if (opinion.invitation_id == invitation_id) return std::optional<Opinion>(opinion);
  }
  return std::optional<Opinion>();
}

absl::StatusOr<Opinion*> InMemoryStorage::ShopOpinionLocked(ShopId shop_id, OpinionId id) {
  auto it = opinions_.find(id);
  if (it == opinions_.end() || (shop_id != 0 && it->second.shop_id != shop_id)) {
    return absl::NotFoundError(absl::StrCat("opinion ", id, " not found"));
  }
  return &it->second;
}

absl::StatusOr<Opinion> InMemoryStorage::GetOpinion(OpinionId id) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Opinion * opinion, ShopOpinionLocked(0, id));
  return *opinion;
}

absl::StatusOr<Opinion> InMemoryStorage::CreateOpinion(const Opinion& opinion) {
  absl::MutexLock lock(&mutex_);
  AwaitNoSendLocked(opinion.invitation_id);
  for (const auto& [id, existing] : opinions_) {
    if (existing.invitation_id == opinion.invitation_id) {
      return absl::AlreadyExistsError("the invitation has an opinion already");
    }
  }
  Opinion stored = opinion;
  stored.id = opinions_.empty() ? 1 : opinions_.rbegin()->first + 1;
  opinions_[stored.id] = stored;
  revisions_[stored.id].push_back(stored.input);
  summaries_[stored.shop_id].Add(stored.input, 1);
  if (auto it = invitations_.find(stored.invitation_id); it != invitations_.end()) {
    if (CheckTransition(it->second, InvitationEvent::kReview).ok()) {
      OPINUS_RETURN_IF_ERROR(
          ApplyTransitionLocked(it->second, InvitationEvent::kReview,
                                InvitationReasonOf(InvitationReasonCode::kReviewed),
                                stored.create_time)
              .status());
    }
  }
  return stored;
}

absl::StatusOr<Opinion> InMemoryStorage::EditOpinion(OpinionId id, const OpinionInput& input,
                                                     absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Opinion * opinion, ShopOpinionLocked(0, id));
  if (opinion->status == OpinionStatus::kPublished) {
    summaries_[opinion->shop_id].Add(opinion->input, -1);
    summaries_[opinion->shop_id].Add(input, 1);
  }
  opinion->input = input;
  opinion->update_time = now;
  ++opinion->edits;
  revisions_[id].push_back(input);
  return *opinion;
}

absl::StatusOr<Page<Opinion>> InMemoryStorage::ListOpinions(ShopId shop_id,
                                                            const OpinionFilter& filter,
                                                            const PageRequest& page) {
  absl::StatusOr<int64_t> before = ParsePageToken(page.token);
  if (!before.ok()) return before.status();
  absl::MutexLock lock(&mutex_);
  std::vector<Opinion> items;
  for (auto it = opinions_.rbegin(); it != opinions_.rend(); ++it) {
    if (it->second.shop_id != shop_id || !filter.Matches(it->second)) continue;
    if (*before != 0 && it->first >= *before) continue;
    if (static_cast<int>(items.size()) > page.size) break;
    items.push_back(it->second);
  }
  return PageFrom(std::move(items), page.size);
}

absl::StatusOr<RatingSummary> InMemoryStorage::GetRatingSummary(ShopId shop_id) {
  absl::MutexLock lock(&mutex_);
  auto it = summaries_.find(shop_id);
  return it == summaries_.end() ? RatingSummary{} : it->second;
}

absl::StatusOr<Opinion> InMemoryStorage::SetReply(ShopId shop_id, OpinionId id,
                                                  const std::string& reply, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Opinion * opinion, ShopOpinionLocked(shop_id, id));
  opinion->reply = reply;
  opinion->reply_time = reply.empty() ? std::nullopt : std::optional<absl::Time>(now);
  opinion->update_time = now;
  return *opinion;
}

absl::StatusOr<Opinion> InMemoryStorage::Report(ShopId shop_id, OpinionId id,
                                                const std::string& reason, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Opinion * opinion, ShopOpinionLocked(shop_id, id));
  opinion->reported = true;
  opinion->report_reason = reason;
  opinion->update_time = now;
  return *opinion;
}

absl::StatusOr<Opinion> InMemoryStorage::SetStatus(OpinionId id, OpinionStatus status,
                                                   const std::string& reason, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Opinion * opinion, ShopOpinionLocked(0, id));
  if (opinion->status == OpinionStatus::kWithdrawn) {
    return absl::FailedPreconditionError(
        absl::StrCat("opinion ", id, " was withdrawn by its author"));
  }
  if (opinion->status != status) {
    summaries_[opinion->shop_id].Add(opinion->input, status == OpinionStatus::kPublished ? 1 : -1);
  }
  opinion->status = status;
  opinion->moderation_reason = reason;
  opinion->update_time = now;
  return *opinion;
}

absl::StatusOr<Opinion> InMemoryStorage::Withdraw(OpinionId id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  OPINUS_ASSIGN_OR_RETURN(Opinion * opinion, ShopOpinionLocked(0, id));
  if (opinion->status == OpinionStatus::kWithdrawn) return *opinion;
  if (opinion->status == OpinionStatus::kPublished)
    summaries_[opinion->shop_id].Add(opinion->input, -1);
  opinion->status = OpinionStatus::kWithdrawn;
  opinion->input.comment.clear();
  opinion->input.display_name.clear();
  opinion->reply.clear();
  opinion->reply_time.reset();
  opinion->report_reason.clear();
  opinion->moderation_reason.clear();
  opinion->update_time = now;
  revisions_.erase(id);
  return *opinion;
}

absl::StatusOr<std::vector<OpinionInput>> InMemoryStorage::ListRevisions(OpinionId id) {
  absl::MutexLock lock(&mutex_);
  return revisions_[id];
}

absl::StatusOr<PersonalData> InMemoryStorage::FindPersonalData(const std::string& email,
                                                               const std::string& email_hash) {
  absl::MutexLock lock(&mutex_);
  PersonalData data;
  data.email = email;
  for (const auto& [id, invitation] : invitations_) {
    if (NormalizeEmail(invitation.customer_email) != email) continue;
    PersonalRecord record;
    record.shop_id = invitation.shop_id;
    record.shop_name = shops_.at(invitation.shop_id).name;
    record.shop_domain = shops_.at(invitation.shop_id).domain;
    record.invitation = invitation;
    for (const EventRecord& event : events_) {
      if (event.shop_id == invitation.shop_id && event.order_id == invitation.order_id) {
        record.order_events.push_back(event);
      }
    }
    for (const auto& [opinion_id, opinion] : opinions_) {
      if (opinion.invitation_id == id) record.opinion = opinion;
    }
    data.records.push_back(std::move(record));
  }
  for (const auto& [id, suppression] : suppressions_) {
    if (ConstantTimeEquals(suppression.email_hash, email_hash)) {
      data.suppressions.push_back(suppression);
    }
  }
  return data;
}

absl::StatusOr<Erasure> InMemoryStorage::ErasePersonalData(const std::string& email,
                                                           const Erasure& erasure) {
  absl::MutexLock lock(&mutex_);
  Erasure done = erasure;
  std::set<InvitationId> erased;
  for (auto& [id, invitation] : invitations_) {
    if (NormalizeEmail(invitation.customer_email) != email) continue;
    erased.insert(id);
    AwaitNoSendLocked(id);
    if (CheckTransition(invitation, InvitationEvent::kCancel).ok()) {
      OPINUS_ASSIGN_OR_RETURN(
          const Invitation changed,
          ApplyTransitionLocked(invitation, InvitationEvent::kCancel,
                                InvitationReasonOf(InvitationReasonCode::kDataErased),
                                erasure.erase_time));
      if (changed.state == InvitationState::kCancelled) ++done.cancelled;
    }
    invitation.customer_email.clear();
    invitation.customer_first_name.clear();
    invitation.customer_last_name.clear();
    ++invitation.version;
  }
  done.invitations = static_cast<int>(erased.size());
  for (auto& [key, order] : orders_) {
    if (NormalizeEmail(order.waiting_customer.email) == email) {
      order.waiting_customer = OrderCustomer();
    }
  }
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = erased.count(it->second.invitation_id) != 0 ? tokens_.erase(it) : std::next(it);
  }
  for (auto& [id, opinion] : opinions_) {
    if (erased.count(opinion.invitation_id) == 0) continue;
    opinion.input.display_name = DefaultDisplayName("", "");
    revisions_.erase(id);
  }
  // As the MySQL store's LIKE: the address in any letter case.
  auto mask = [&email](std::string& text) {
    if (absl::AsciiStrToLower(text).find(email) != std::string::npos) {
      text = MaskEmailLocalParts(text);
    }
  };
  for (auto& [id, invitation] : invitations_) {
    mask(invitation.state_reason);
    mask(invitation.structured_reason.detail);
    mask(invitation.last_error);
  }
  for (InvitationTransition& transition : transitions_) mask(transition.reason);
  for (EventRecord& event : events_) {
    mask(event.reason);
    mask(event.structured_reason.value);
  }
  for (MailFeedback& feedback : feedback_) mask(feedback.detail);
  for (auto& [id, opinion] : opinions_) {
    mask(opinion.input.comment);
    mask(opinion.reply);
    mask(opinion.report_reason);
    mask(opinion.moderation_reason);
  }
  for (auto& [id, inputs] : revisions_) {
    for (OpinionInput& input : inputs) mask(input.comment);
  }
  for (auto& [id, suppression] : suppressions_) mask(suppression.reason);
  attempts_.erase(std::remove_if(attempts_.begin(), attempts_.end(),
                                 [&email](const Attempt& attempt) {
                                   return NormalizeEmail(attempt.email) == email;
                                 }),
                  attempts_.end());
  for (auto& [id, stored] : privacy_requests_) {
    if (stored.request.email != email) continue;
    stored.request.email.clear();
    stored.confirmed = true;
  }
  done.id = static_cast<int64_t>(erasures_.size()) + 1;
  erasures_.push_back(done);
  return done;
}

absl::StatusOr<Purged> InMemoryStorage::PurgeEnded(absl::Time ended_by, absl::Time /*now*/,
                                                   int limit) {
  absl::MutexLock lock(&mutex_);
  // As the MySQL store's select: the earliest ended first, passing rows a
  // send holds.
  std::vector<std::pair<absl::Time, InvitationId>> ended;
  for (const auto& [id, invitation] : invitations_) {
    const std::optional<absl::Time> end = InvitationEndTime(invitation);
    if (end.has_value() && *end <= ended_by && purged_invitations_.count(id) == 0 &&
        send_locked_.count(id) == 0) {
      ended.emplace_back(*end, id);
    }
  }
  std::sort(ended.begin(), ended.end());
  if (ended.size() > static_cast<size_t>(limit)) ended.resize(limit);
  std::set<InvitationId> ids;
  for (const auto& [end, id] : ended) {
    Invitation& invitation = invitations_.at(id);
    PurgePersonalData(invitation);
    ++invitation.version;
    purged_invitations_.insert(id);
    ids.insert(id);
  }
  for (InvitationTransition& transition : transitions_) {
    if (ids.count(transition.invitation_id) != 0) {
      transition.reason = MaskEmailLocalParts(transition.reason);
    }
  }
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = ids.count(it->second.invitation_id) != 0 ? tokens_.erase(it) : std::next(it);
  }
  for (const auto& [id, opinion] : opinions_) {
    if (ids.count(opinion.invitation_id) != 0) revisions_.erase(id);
  }
  std::vector<std::pair<absl::Time, EventRecord*>> received;
  for (EventRecord& event : events_) {
    if (event.receive_time <= ended_by && purged_events_.count(event.id) == 0) {
      received.emplace_back(event.receive_time, &event);
    }
  }
  std::stable_sort(received.begin(), received.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (received.size() > static_cast<size_t>(limit)) received.resize(limit);
  for (auto& [time, event] : received) {
    event->reason = MaskEmailLocalParts(event->reason);
    event->structured_reason.value = MaskEmailLocalParts(event->structured_reason.value);
    purged_events_.insert(event->id);
  }
  Purged purged{static_cast<int>(ids.size()), static_cast<int>(received.size())};
  for (size_t i = 0; i < feedback_.size() && purged.mail_feedback < limit; ++i) {
    if (feedback_[i].receive_time > ended_by || purged_feedback_.count(i) != 0) continue;
    feedback_[i].detail.clear();
    purged_feedback_.insert(i);
    ++purged.mail_feedback;
  }
  for (auto& [key, order] : orders_) {
    if (purged.waiting_buyers == limit) break;
    if (order.waiting_customer.email.empty() || order.last_status_time > ended_by) continue;
    order.waiting_customer = OrderCustomer();
    ++purged.waiting_buyers;
  }
  return purged;
}

}  // namespace opinus::server
