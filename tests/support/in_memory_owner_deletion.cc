// InMemoryStorage's deletion of an owner's account once its grace ended.
#include <algorithm>
#include <set>

#include "tests/support/in_memory_storage.h"

namespace opinus::server {
namespace {

// EraseIf removes the entries of the map `entries` for which `doomed`
// holds of their value.
template <typename Map, typename Predicate>
void EraseIf(Map& entries, Predicate doomed) {
  for (auto it = entries.begin(); it != entries.end();) {
    it = doomed(it->second) ? entries.erase(it) : std::next(it);
  }
}

}  // namespace

absl::StatusOr<std::optional<DeletedAccount>> InMemoryStorage::DeleteDueOwner(absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto owner = std::find_if(owners_.begin(), owners_.end(), [now](const auto& entry) {
    return entry.second.deletion_due_time && *entry.second.deletion_due_time <= now;
  });
  if (owner == owners_.end()) return std::optional<DeletedAccount>();
  const OwnerId owner_id = owner->first;
  const std::string email = owner->second.email;
  std::set<ShopId> shops;
  for (const auto& [id, shop] : shops_) {
    if (shop.owner_id == owner_id) shops.insert(id);
  }
  auto in_shops = [&shops](ShopId id) { return shops.count(id) != 0; };
  std::set<InvitationId> invitations;
  for (const auto& [id, invitation] : invitations_) {
    if (in_shops(invitation.shop_id)) invitations.insert(id);
  }
  auto of_invitations = [&invitations](InvitationId id) { return invitations.count(id) != 0; };
  DeletedAccount deleted;
  deleted.delete_time = now;
  deleted.shops = static_cast<int>(shops.size());
  deleted.invitations = static_cast<int>(invitations.size());
  for (auto it = opinions_.begin(); it != opinions_.end();) {
    if (!in_shops(it->second.shop_id)) {
      ++it;
      continue;
    }
    ++deleted.opinions;
    revisions_.erase(it->first);
    it = opinions_.erase(it);
  }
  EraseIf(tokens_, [&](const TokenRecord& token) { return of_invitations(token.invitation_id); });
  transitions_.erase(std::remove_if(transitions_.begin(), transitions_.end(),
                                    [&](const InvitationTransition& transition) {
                                      return of_invitations(transition.invitation_id);
                                    }),
                     transitions_.end());
  for (InvitationId id : invitations) {
    claims_.erase(id);
    invitations_.erase(id);
  }
  for (auto it = orders_.begin(); it != orders_.end();) {
    it = in_shops(it->first.first) ? orders_.erase(it) : std::next(it);
  }
  for (auto it = invitation_by_order_.begin(); it != invitation_by_order_.end();) {
    it = in_shops(it->first.first) ? invitation_by_order_.erase(it) : std::next(it);
  }
  events_.erase(std::remove_if(events_.begin(), events_.end(),
                               [&](const EventRecord& event) { return in_shops(event.shop_id); }),
                events_.end());
  // Its indices move: retention's marks are dropped with the rows they name.
  std::vector<MailFeedback> kept;
  for (const MailFeedback& feedback : feedback_) {
    if (!in_shops(feedback.shop_id)) kept.push_back(feedback);
  }
  if (kept.size() != feedback_.size()) purged_feedback_.clear();
  feedback_ = std::move(kept);
  EraseIf(suppressions_, [&](const Suppression& suppression) {
    return suppression.shop_id != Suppression::kAllShops && in_shops(suppression.shop_id);
  });
  for (auto it = installations_.begin(); it != installations_.end();) {
    if (!in_shops(it->second.shop_id)) {
      ++it;
      continue;
    }
    appstore_secrets_.erase(it->first);
    it = installations_.erase(it);
  }
  for (ShopId id : shops) {
    summaries_.erase(id);
    shops_.erase(id);
  }
  EraseIf(sessions_,
          [owner_id](const OwnerSession& session) { return session.owner_id == owner_id; });
  EraseIf(access_tokens_,
          [owner_id](const AccessToken& token) { return token.owner_id == owner_id; });
  attempts_.erase(
      std::remove_if(attempts_.begin(), attempts_.end(),
                     [&email](const Attempt& attempt) { return attempt.email == email; }),
      attempts_.end());
  email_confirmations_.erase(owner_id);
  owners_.erase(owner);
  deleted.id = static_cast<int64_t>(deleted_accounts_.size()) + 1;
  deleted_accounts_.push_back(deleted);
  return std::optional<DeletedAccount>(deleted);
}

}  // namespace opinus::server
