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
  // Each sender takes the next unsettled invitation until none is left, so a
  // slow mail holds up only its own sender.
  std::atomic<size_t> next{0};
  auto settle_rest = [&] {
    for (size_t i = next++; i < batch.size(); i = next++) {
      Settle(batch[i], steps[i], shops.at(batch[i].shop_id).shop, release_by);
    }
  };
  const size_t senders = std::min(batch.size(), static_cast<size_t>(std::max(options_.senders, 1)));
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
      entry.held_reason = absl::StrCat(
          "held: the mails of a shop not yet approved could not be "
          "counted (",
          sent.status().message(), ")");
      continue;
    }
    const auto count = sent->find(id);
    const int used = count == sent->end() ? 0 : count->second;
    entry.budget = std::max(0, options_.unapproved_daily_cap - used);
    entry.held_reason = absl::StrCat("held: a shop not yet approved by an operator sends at most ",
                                     options_.unapproved_daily_cap, " mails a day (", used,
                                     " in the last 24 hours)");
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
      entry.held_reason = absl::StrCat(
          "held: whether the shop owner confirmed their e-mail could not be "
          "checked (",
          held.status().message(), ")");
    } else if (*hold == OwnerHold::kUnconfirmed) {
      // Else anyone could sign up with a stranger's address and mail from our domain.
      entry.held_reason = "held: the shop owner has not confirmed their e-mail address yet";
    } else {
      // Its buyers' opinions would be deleted with the account; a login
      // within the grace undoes the deletion and the invitations leave.
      entry.held_reason = "held: the shop owner asked to delete their account";
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

void Dispatcher::Give(const Invitation& invitation, absl::Time send_at, const std::string& reason) {
  absl::Status status = store_->Reschedule(HeldBy(invitation, options_.claimer), clock_->Now(),
                                           send_at, reason, false);
  if (!status.ok()) {
    Log(LogLevel::kWarning, "dispatch_release_failed",
        {{"invitation", absl::StrCat(invitation.id)}, {"error", std::string(status.message())}});
  }
}

Dispatcher::Step Dispatcher::Plan(const Invitation& invitation, BatchShop& batch_shop,
                                  const absl::StatusOr<std::optional<Suppression>>& suppression,
                                  absl::Time now) {
  const absl::StatusOr<Shop>& shop = batch_shop.shop;
  if (!shop.ok()) {
    return Step::GiveBack(now + options_.interval,
                          absl::StrCat("shop unavailable: ", shop.status().message()));
  }
  const ShopSettings& settings = shop->settings;
  if (!settings.sending_enabled) {
    return Step::GiveBack(now + kSendingOffRecheck, "sending is off for this shop");
  }
  const absl::TimeZone& zone = batch_shop.zone;
  const absl::Time allowed = NextSendingTime(now, settings.sending_hours, zone);
  if (allowed > now) {
    return Step::GiveBack(
        allowed,
        absl::StrCat("outside the shop's sending hours (", settings.sending_hours.start_hour, "-",
                     settings.sending_hours.end_hour, " ", settings.time_zone, ")"));
  }
  if (!suppression.ok()) {
    return Step::GiveBack(now + options_.interval, absl::StrCat("suppression list unavailable: ",
                                                                suppression.status().message()));
  }
  if (suppression->has_value()) {
    const Suppression& found = **suppression;
    Step step;
    step.action = Step::Action::kSuppress;
    step.reason = absl::StrCat("the address asked not to be mailed by ",
                               found.shop_id == Suppression::kAllShops ? "any shop" : "this shop",
                               " (", found.source, ", ",
                               absl::FormatTime("%Y-%m-%d", found.create_time, zone), ")");
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
    steps[sends[k]] = Step::GiveBack(now + options_.interval,
                                     absl::StrCat("token not stored: ", kept[k].message()));
  }
}

void Dispatcher::Settle(const Invitation& invitation, const Step& step,
                        const absl::StatusOr<Shop>& shop, absl::Time release_by) {
  switch (step.action) {
    case Step::Action::kGiveBack:
      Give(invitation, step.send_at, step.reason);
      return;
    case Step::Action::kSuppress: {
      absl::Status marked =
          store_->MarkSuppressed(HeldBy(invitation, options_.claimer), clock_->Now(), step.reason);
      if (!marked.ok()) {
        Log(LogLevel::kWarning, "dispatch_record_failed",
            {{"invitation", absl::StrCat(invitation.id)},
             {"error", std::string(marked.message())}});
      }
      return;
    }
    case Step::Action::kSend:
      if (stopping() || clock_->Now() >= release_by) {
        Give(invitation, invitation.send_time,
             "given back unsent: dispatcher stopping or out of time");
        return;
      }
      Send(*shop, invitation, step);
      return;
  }
}

void Dispatcher::Send(const Shop& shop, const Invitation& invitation, const Step& step) {
  const HeldMail held = HeldBy(invitation, options_.claimer);
  const MailKind kind = held.kind;
  const std::string id = absl::StrCat(invitation.id);
  // The last look before the mail leaves, holding the invitation until its
  // outcome is recorded: a cancel, unsubscribe or opinion that came since
  // the claim ended it, and one that comes now waits for the outcome.
  absl::StatusOr<std::unique_ptr<SendLock>> lock = store_->LockForSend(held, clock_->Now());
  if (absl::IsAborted(lock.status())) {
    Log(LogLevel::kInfo, "invitation_withdrawn",
        {{"invitation", id}, {"reason", std::string(lock.status().message())}});
    return;
  }
  if (!lock.ok()) {
    // Still claimed: another server takes it over once the lease ran out.
    Log(LogLevel::kWarning, "dispatch_lock_failed",
        {{"invitation", id}, {"error", std::string(lock.status().message())}});
    return;
  }
  const absl::StatusOr<MailMessage>& mail = step.mail;
  // From here until the mark commits, a death of this process sends the mail
  // twice: the copy after the lease has the same Message-ID.
  absl::Status sent = mail.ok() ? mailer_->Send(*mail) : mail.status();
  const absl::Time done = clock_->Now();
  if (sent.ok()) {
    SentMail record{mail->message_id, std::nullopt};
    if (kind == MailKind::kInvitation) {
      record.reminder_time = ReminderSendTime(done, shop.settings.reminder_days);
    }
    absl::Status marked = (*lock)->MarkSent(done, record);
    if (marked.ok()) {
      Log(LogLevel::kDebug, "invitation_sent",
          {{"invitation", id}, {"message_id", record.message_id}});
    } else {
      // The mail left but is not recorded: after the lease it goes again,
      // with the same Message-ID so that receivers may drop the copy.
      Log(LogLevel::kError, "invitation_sent_unrecorded",
          {{"invitation", id}, {"error", std::string(marked.message())}});
    }
    return;
  }
  // Released before the failure is recorded, under the claim's guard: a
  // cancel that was waiting goes first, and the record then changes nothing.
  lock->reset();
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
      {{"invitation", absl::StrCat(invitation.id)}, {"reason", decision.reason}});
  if (!recorded.ok()) {
    Log(LogLevel::kWarning, "dispatch_record_failed",
        {{"invitation", absl::StrCat(invitation.id)}, {"error", std::string(recorded.message())}});
  }
}

}  // namespace opinus::server
