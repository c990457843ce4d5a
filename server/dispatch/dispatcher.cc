#include "server/dispatch/dispatcher.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "server/domain/scheduling.h"
#include "server/domain/sending_hours.h"
#include "server/domain/time_zones.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

// How long an invitation of a shop that switched sending off waits before
// it is looked at again.
constexpr absl::Duration kSendingOffRecheck = absl::Hours(1);
// How soon a shop held at its daily cap is looked at again.
constexpr absl::Duration kHeldRecheck = absl::Hours(1);
// How soon a shop whose owner has not confirmed their e-mail (or asked to
// delete their account) is looked at again: soon, as the owner may be
// opening the link (or logging in) right now.
constexpr absl::Duration kUnconfirmedRecheck = absl::Minutes(5);

// LogUnsettled logs a write settling invitation `id` that did not apply.
// ABORTED (the claim is gone) is a cancel, opinion or unsubscribe that came
// first, as it may: the invitation was withdrawn, which is no failure.
void LogUnsettled(const char* failure_event, int64_t id, const absl::Status& status) {
  if (absl::IsAborted(status)) {
    Log(LogLevel::kInfo, "invitation_withdrawn",
        {{"invitation", absl::StrCat(id)}, {"reason", std::string(status.message())}});
    return;
  }
  Log(LogLevel::kWarning, failure_event,
      {{"invitation", absl::StrCat(id)}, {"error", std::string(status.message())}});
}

}  // namespace

Dispatcher::Dispatcher(DispatchStore* store, ShopStore* shops, AccountStore* owners,
                       SuppressionStore* suppressions, const AddressHasher* addresses,
                       Mailer* mailer, TokenGenerator* tokens, RandomSource* random,
                       const Clock* clock, DispatcherOptions options)
    : store_(store),
      shops_(shops),
      owners_(owners),
      suppressions_(suppressions),
      addresses_(addresses),
      mailer_(mailer),
      tokens_(tokens),
      random_(random),
      clock_(clock),
      options_(std::move(options)) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool Dispatcher::stopping() const {
  absl::MutexLock lock(&mutex_);
  return stopping_;
}

void Dispatcher::Loop() {
  Log(LogLevel::kInfo, "dispatcher_started", {{"claimer", options_.claimer}});
  while (!stopping()) {
    absl::StatusOr<int> claimed = RunOnce();
    if (!claimed.ok()) {
      Log(LogLevel::kWarning, "dispatch_claim_failed",
          {{"error", std::string(claimed.status().message())}});
    }
    // A full batch means more are due: go on at once.
    if (claimed.ok() && *claimed >= options_.batch) continue;
    absl::MutexLock lock(&mutex_);
    mutex_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval);
  }
  Log(LogLevel::kInfo, "dispatcher_stopped", {{"claimer", options_.claimer}});
}

absl::StatusOr<int> Dispatcher::RunOnce() {
  Claim claim;
  claim.claimer = options_.claimer;
  claim.now = clock_->Now();
  claim.lease_until = claim.now + options_.lease;
  absl::StatusOr<std::vector<Invitation>> claimed = store_->ClaimDue(claim, options_.batch);
  if (!claimed.ok()) return claimed.status();
  // Past half the lease no new send starts: the rest goes back, so a slow
  // mail server never lets a lease run out under a send in progress.
  const absl::Time release_by = claim.now + options_.lease / 2;
  const std::vector<Invitation>& batch = *claimed;
  const absl::Time now = clock_->Now();
  std::map<ShopId, BatchShop> shops = LookUpShops(batch, now);
  const std::vector<absl::StatusOr<std::optional<Suppression>>> suppressions =
      LookUpSuppressions(batch);
  std::vector<Step> steps;
  steps.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    steps.push_back(Plan(batch[i], shops.at(batch[i].shop_id), suppressions[i], now));
  }
  KeepTokens(batch, steps);
  // Each sender takes the next `sends_per_commit` unsettled invitations until
  // none is left, so a slow mail holds up only its own sender.
  const size_t group = static_cast<size_t>(std::max(options_.sends_per_commit, 1));
  std::atomic<size_t> next{0};
  auto settle_rest = [&] {
    for (size_t first = next.fetch_add(group); first < batch.size();
         first = next.fetch_add(group)) {
      std::vector<size_t> sends;
      for (size_t i = first; i < std::min(first + group, batch.size()); ++i) {
        if (steps[i].action == Step::Action::kSend) {
          sends.push_back(i);
        } else {
          Settle(batch[i], steps[i]);
        }
      }
      Send(batch, steps, sends, shops, release_by);
    }
  };
  const size_t groups = (batch.size() + group - 1) / group;
  const size_t senders = std::min(groups, static_cast<size_t>(std::max(options_.senders, 1)));
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < senders; ++i) helpers.emplace_back(settle_rest);
  settle_rest();
  for (std::thread& helper : helpers) helper.join();
  return static_cast<int>(batch.size());
}

std::map<ShopId, Dispatcher::BatchShop> Dispatcher::LookUpShops(
    const std::vector<Invitation>& invitations, absl::Time now) {
  std::vector<ShopId> ids;
  for (const Invitation& invitation : invitations) ids.push_back(invitation.shop_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  absl::StatusOr<std::vector<Shop>> found = shops_->GetShops(ids);
  std::map<ShopId, BatchShop> shops;
  for (ShopId id : ids) {
    shops[id].shop = found.ok() ? absl::NotFoundError(absl::StrCat("no shop ", id))
                                : absl::StatusOr<Shop>(found.status());
  }
  if (!found.ok()) return shops;
  std::vector<ShopId> unapproved;
  for (Shop& shop : *found) {
    BatchShop& entry = shops[shop.id];
    // Here, on one thread: abseil's zone cache is then only read by the senders.
    entry.zone = LoadShopTimeZone(shop.settings.time_zone).value_or(absl::UTCTimeZone());
    if (!shop.approve_time) unapproved.push_back(shop.id);
    entry.shop = std::move(shop);
  }
  HoldUnapproved(unapproved, now, shops);
  HoldOwners(shops);
  return shops;
}

void Dispatcher::HoldUnapproved(const std::vector<ShopId>& unapproved, absl::Time now,
                                std::map<ShopId, BatchShop>& shops) {
  if (unapproved.empty()) return;
  // A shop an owner made alone could otherwise mail anyone from our domain.
  const absl::StatusOr<std::map<ShopId, int>> sent =
      shops_->CountMailsSentSince(unapproved, now - absl::Hours(24));
  for (ShopId id : unapproved) {
    BatchShop& entry = shops[id];
    entry.held_recheck = kHeldRecheck;
    if (!sent.ok()) {
      entry.budget = 0;
      entry.held_reason = InvitationReasonOf(InvitationReasonCode::kUnapprovedUncounted,
                                             std::string(sent.status().message()));
      continue;
    }
    const auto count = sent->find(id);
    const int used = count == sent->end() ? 0 : count->second;
    entry.budget = std::max(0, options_.unapproved_daily_cap - used);
    entry.held_reason = InvitationReasonOf(InvitationReasonCode::kUnapprovedDailyCap);
    entry.held_reason.count = used;
    entry.held_reason.limit = options_.unapproved_daily_cap;
  }
}

void Dispatcher::HoldOwners(std::map<ShopId, BatchShop>& shops) {
  std::vector<OwnerId> owner_ids;
  for (const auto& [id, entry] : shops) {
    if (entry.shop.ok() && entry.shop->owner_id != 0) owner_ids.push_back(entry.shop->owner_id);
  }
  if (owner_ids.empty()) return;
  std::sort(owner_ids.begin(), owner_ids.end());
  owner_ids.erase(std::unique(owner_ids.begin(), owner_ids.end()), owner_ids.end());
  const absl::StatusOr<std::map<OwnerId, OwnerHold>> held = owners_->HeldOwners(owner_ids);
  for (auto& [id, entry] : shops) {
    if (!entry.shop.ok() || entry.shop->owner_id == 0) continue;
    std::optional<OwnerHold> hold;
    if (held.ok()) {
      const auto found = held->find(entry.shop->owner_id);
      if (found == held->end()) continue;
      hold = found->second;
    }
    entry.budget = 0;
    entry.held_recheck = kUnconfirmedRecheck;
    if (!hold.has_value()) {
      entry.held_reason = InvitationReasonOf(InvitationReasonCode::kOwnerUnchecked,
                                             std::string(held.status().message()));
    } else if (*hold == OwnerHold::kUnconfirmed) {
      // Else anyone could sign up with a stranger's address and mail from our domain.
      entry.held_reason = InvitationReasonOf(InvitationReasonCode::kOwnerUnconfirmed);
    } else {
      // Its buyers' opinions would be deleted with the account; a login
      // within the grace undoes the deletion and the invitations leave.
      entry.held_reason = InvitationReasonOf(InvitationReasonCode::kOwnerDeleting);
    }
  }
}

std::vector<absl::StatusOr<std::optional<Suppression>>> Dispatcher::LookUpSuppressions(
    const std::vector<Invitation>& invitations) {
  std::vector<std::pair<ShopId, std::string>> addresses;
  for (const Invitation& invitation : invitations) {
    addresses.emplace_back(invitation.shop_id, addresses_->Hash(invitation.customer_email));
  }
  absl::StatusOr<std::vector<std::optional<Suppression>>> found =
      suppressions_->FindSuppressions(addresses);
  if (!found.ok()) return {invitations.size(), found.status()};
  return {found->begin(), found->end()};
}

void Dispatcher::Give(const Invitation& invitation, absl::Time send_at,
                      const InvitationReason& reason) {
  absl::Status status = store_->Reschedule(HeldBy(invitation, options_.claimer), clock_->Now(),
                                           send_at, reason, false);
  if (!status.ok()) LogUnsettled("dispatch_release_failed", invitation.id, status);
}

Dispatcher::Step Dispatcher::Plan(const Invitation& invitation, BatchShop& batch_shop,
                                  const absl::StatusOr<std::optional<Suppression>>& suppression,
                                  absl::Time now) {
  const absl::StatusOr<Shop>& shop = batch_shop.shop;
  if (!shop.ok()) {
    return Step::GiveBack(now + options_.interval,
                          InvitationReasonOf(InvitationReasonCode::kShopUnavailable,
                                             std::string(shop.status().message())));
  }
  const ShopSettings& settings = shop->settings;
  if (!settings.sending_enabled) {
    return Step::GiveBack(now + kSendingOffRecheck,
                          InvitationReasonOf(InvitationReasonCode::kSendingOff));
  }
  const absl::TimeZone& zone = batch_shop.zone;
  const absl::Time allowed = NextSendingTime(now, settings.sending_hours, zone);
  if (allowed > now) {
    InvitationReason outside = InvitationReasonOf(InvitationReasonCode::kOutsideSendingHours);
    outside.time = allowed;
    return Step::GiveBack(allowed, std::move(outside));
  }
  if (!suppression.ok()) {
    return Step::GiveBack(now + options_.interval,
                          InvitationReasonOf(InvitationReasonCode::kSuppressionsUnavailable,
                                             std::string(suppression.status().message())));
  }
  if (suppression->has_value()) {
    const Suppression& found = **suppression;
    Step step;
    step.action = Step::Action::kSuppress;
    step.reason = InvitationReasonOf(InvitationReasonCode::kAddressSuppressed);
    step.reason.all_shops = found.shop_id == Suppression::kAllShops;
    step.reason.source = found.source;
    step.reason.time = found.create_time;
    return step;
  }
  if (batch_shop.budget == 0) {
    return Step::GiveBack(now + batch_shop.held_recheck, batch_shop.held_reason);
  }
  if (batch_shop.budget > 0) --batch_shop.budget;
  // A new token per attempt: only its hash is ever stored, so a later
  // attempt cannot send the same one again.
  const std::string token = tokens_->NewToken();
  Step step;
  step.action = Step::Action::kSend;
  step.mail =
      ComposeInvitationMail(options_.mail, *shop, invitation, invitation.next_mail(), token, now);
  step.token_hash = Sha256(token);
  return step;
}

void Dispatcher::KeepTokens(const std::vector<Invitation>& batch, std::vector<Step>& steps) {
  std::vector<MailToken> tokens;
  std::vector<size_t> sends;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].action != Step::Action::kSend || !steps[i].mail.ok()) continue;
    tokens.push_back(MailToken{HeldBy(batch[i], options_.claimer), steps[i].token_hash});
    sends.push_back(i);
  }
  if (tokens.empty()) return;
  // Kept before the mails leave: if an acceptance is never recorded (this
  // process dies first) the copy sent after the lease has a token of its
  // own, and the links of both must work.
  const absl::Time now = clock_->Now();
  const std::vector<absl::Status> kept = store_->KeepTokens(now, tokens);
  for (size_t k = 0; k < sends.size(); ++k) {
    if (kept[k].ok()) continue;
    steps[sends[k]] = Step::GiveBack(
        now + options_.interval,
        InvitationReasonOf(InvitationReasonCode::kTokenNotStored, std::string(kept[k].message())));
  }
}

void Dispatcher::Settle(const Invitation& invitation, const Step& step) {
  if (step.action == Step::Action::kGiveBack) {
    Give(invitation, step.send_at, step.reason);
    return;
  }
  absl::Status marked =
      store_->MarkSuppressed(HeldBy(invitation, options_.claimer), clock_->Now(), step.reason);
  if (!marked.ok()) LogUnsettled("dispatch_record_failed", invitation.id, marked);
}

void Dispatcher::Send(const std::vector<Invitation>& batch, const std::vector<Step>& steps,
                      const std::vector<size_t>& sends, const std::map<ShopId, BatchShop>& shops,
                      absl::Time release_by) {
  if (sends.empty()) return;
  auto out_of_time = [&] { return stopping() || clock_->Now() >= release_by; };
  auto give_back_unsent = [&](const Invitation& invitation) {
    Give(invitation, invitation.send_time,
         InvitationReasonOf(InvitationReasonCode::kDispatcherStopping));
  };
  if (out_of_time()) {
    for (size_t i : sends) give_back_unsent(batch[i]);
    return;
  }
  std::vector<HeldMail> held;
  for (size_t i : sends) held.push_back(HeldBy(batch[i], options_.claimer));
  // The last look before the mails leave, holding the invitations until their
  // outcomes are recorded: a cancel, unsubscribe or opinion that came since
  // the claim ended one, and one that comes now waits for the outcomes.
  absl::StatusOr<std::unique_ptr<SendLock>> lock = store_->LockForSend(held, clock_->Now());
  if (!lock.ok()) {
    // Still claimed: another server takes them over once the lease ran out.
    Log(LogLevel::kWarning, "dispatch_lock_failed",
        {{"invitations", absl::StrCat(sends.size())},
         {"error", std::string(lock.status().message())}});
    return;
  }
  std::vector<AcceptedMail> accepted;
  std::vector<std::pair<size_t, absl::Status>> failed;
  std::vector<size_t> unsent;
  for (size_t k = 0; k < sends.size(); ++k) {
    const Invitation& invitation = batch[sends[k]];
    if (!(*lock)->Holds(k)) {
      Log(LogLevel::kInfo, "invitation_withdrawn",
          {{"invitation", absl::StrCat(invitation.id)},
           {"reason", std::string(NoLongerHeld(held[k]).message())}});
      continue;
    }
    if (out_of_time()) {
      unsent.push_back(k);
      continue;
    }
    const absl::StatusOr<MailMessage>& mail = steps[sends[k]].mail;
    // From here until the mark commits, a death of this process sends the
    // mail twice: the copy after the lease has the same Message-ID.
    absl::Status sent = mail.ok() ? mailer_->Send(*mail) : mail.status();
    if (!sent.ok()) {
      failed.emplace_back(k, std::move(sent));
      continue;
    }
    SentMail record{mail->message_id, std::nullopt};
    if (held[k].kind == MailKind::kInvitation) {
      const Shop& shop = *shops.at(invitation.shop_id).shop;
      record.reminder_time = ReminderSendTime(clock_->Now(), shop.settings.reminder_days);
    }
    accepted.push_back(AcceptedMail{k, std::move(record)});
  }
  const absl::Time done = clock_->Now();
  // One commit for the group's marks; it also releases the locks, so a
  // cancel that was waiting goes before the failures below are recorded,
  // under the claims' guard, and the records then change nothing.
  absl::Status marked = (*lock)->MarkSent(done, accepted);
  lock->reset();
  for (const AcceptedMail& sent : accepted) {
    if (marked.ok()) {
      Log(LogLevel::kDebug, "invitation_sent",
          {{"invitation", absl::StrCat(held[sent.index].id)},
           {"message_id", sent.mail.message_id}});
    } else {
      // The mail left but is not recorded: after the lease it goes again,
      // with the same Message-ID so that receivers may drop the copy.
      Log(LogLevel::kError, "invitation_sent_unrecorded",
          {{"invitation", absl::StrCat(held[sent.index].id)},
           {"error", std::string(marked.message())}});
    }
  }
  for (size_t k : unsent) give_back_unsent(batch[sends[k]]);
  for (const auto& [k, status] : failed) RecordFailure(batch[sends[k]], held[k], status, done);
}

void Dispatcher::RecordFailure(const Invitation& invitation, const HeldMail& held,
                               const absl::Status& sent, absl::Time done) {
  // A mail we cannot even compose (a bad address) will not improve either.
  const FailureKind failure = absl::IsFailedPrecondition(sent) || absl::IsInvalidArgument(sent)
                                  ? FailureKind::kPermanent
                                  : FailureKind::kTemporary;
  const FailureDecision decision =
      DecideAfterFailure(options_.retry, failure, invitation.attempts, std::string(sent.message()),
                         done, random_->NextUnit());
  absl::Status recorded =
      decision.give_up ? store_->MarkFailed(held, done, decision.reason)
                       : store_->Reschedule(held, done, decision.retry_at, decision.reason, true);
  Log(decision.give_up ? LogLevel::kWarning : LogLevel::kInfo,
      decision.give_up ? "invitation_failed" : "invitation_retry",
      {{"invitation", absl::StrCat(invitation.id)},
       {"reason", InvitationReasonText(decision.reason)}});
  if (!recorded.ok()) LogUnsettled("dispatch_record_failed", invitation.id, recorded);
}

}  // namespace opinus::server
