// Dispatcher: the loop that turns due invitations into e-mails, exactly
// once even with several servers on one database.
#ifndef OPINUS_SERVER_DISPATCH_DISPATCHER_H_
#define OPINUS_SERVER_DISPATCH_DISPATCHER_H_

#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/dispatch/mail_composer.h"
#include "server/dispatch/mailer.h"
#include "server/domain/address_hasher.h"
#include "server/domain/clock.h"
#include "server/domain/delivery_rules.h"
#include "server/domain/random.h"
#include "server/domain/token.h"
#include "server/storage/account_store.h"
#include "server/storage/dispatch_store.h"
#include "server/storage/shop_store.h"
#include "server/storage/suppression_store.h"

namespace opinus::server {

struct DispatcherOptions {
  // Unique among all servers on the database, e.g. "host:pid:random".
  std::string claimer;
  // Invitations claimed per round.
  int batch = 50;
  // How many of a round's invitations are settled at once, each on a thread
  // of its own (the mailer should hold as many connections).
  int senders = 4;
  // How many mails a sender sends under one lock and records in one commit.
  // More is fewer statements and commits a mail, but a cancel waits for as
  // many sends, and a dispatcher that dies may send as many twice.
  int sends_per_commit = 8;
  // The pause between rounds that found less than a full batch.
  absl::Duration interval = absl::Seconds(1);
  // How long a claim holds; another server takes the invitation over after.
  absl::Duration lease = absl::Minutes(5);
  RetryPolicy retry;
  MailConfig mail;
  // The most mails (invitations and reminders) a shop not yet approved by
  // an operator sends in 24 hours; the rest wait, scheduled with the reason.
  int unapproved_daily_cap = 50;
};

// Dispatcher claims due invitations and reminders, looks up their shops and
// suppressions once a batch, sends them `senders` at a time, each sender
// `sends_per_commit` mails under one SendLock (so that a cancel arriving meanwhile waits for the
// outcome, and one that came before stops the mail), and records the
// outcome: sent; due again (a retry, the shop's sending
// hours, sending switched off); failed; or suppressed, when the address is on
// the shop's or the global suppression list (looked up by `addresses`' hash). It does not own its
// collaborators, which must outlive it. Thread-safe.
class Dispatcher {
 public:
  Dispatcher(DispatchStore* store, ShopStore* shops, AccountStore* owners,
             SuppressionStore* suppressions, const AddressHasher* addresses, Mailer* mailer,
             TokenGenerator* tokens, RandomSource* random, const Clock* clock,
             DispatcherOptions options);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Start runs rounds on a thread of its own until Stop().
  void Start();

  // Stop asks the thread to finish: the mails being sent complete, the rest
  // of the batch is given back (scheduled, due as before). Waits for it.
  void Stop();

  // RunOnce claims one batch and settles every invitation of it, on up to
  // `senders` threads (its own among them), and returns once all are settled.
  // Returns how many were claimed; the store's error when the claim failed.
  [[nodiscard]] absl::StatusOr<int> RunOnce();

 private:
  // BatchShop is an invitation's shop as its round looked it up, with the
  // shop's time zone (UTC when unknown) loaded before the senders start.
  struct BatchShop {
    absl::StatusOr<Shop> shop;
    absl::TimeZone zone;
    // For a shop not yet approved: how many more mails it may send now
    // (options.unapproved_daily_cap less those of the last 24 hours), and
    // why it may not when that is 0, and when to look again; -1 for an
    // approved shop. 0 too while the shop's owner has not confirmed their e-mail.
    int budget = -1;
    InvitationReason held_reason;
    absl::Duration held_recheck;
  };

  // Step is what a round does with one claimed invitation, planned on the
  // round's thread before any mail leaves, so that the tokens of all its
  // mails are kept in one commit.
  struct Step {
    enum class Action { kGiveBack, kSuppress, kSend };
    static Step GiveBack(absl::Time send_at, InvitationReason reason) {
      Step step;
      step.action = Action::kGiveBack;
      step.send_at = send_at;
      step.reason = std::move(reason);
      return step;
    }
    Action action = Action::kSend;
    // kGiveBack: when the invitation is due again.
    absl::Time send_at;
    // kGiveBack, kSuppress: why.
    InvitationReason reason;
    // kSend: the e-mail, or why it could not be composed, and the SHA-256 of
    // the token in its links.
    absl::StatusOr<MailMessage> mail = absl::UnknownError("no e-mail composed");
    std::string token_hash;
  };

  // Plan decides what becomes of one claimed invitation of `batch_shop`,
  // whose address `suppression` holds back (both as looked up for the batch);
  // a send takes one from the shop's budget.
  Step Plan(const Invitation& invitation, BatchShop& batch_shop,
            const absl::StatusOr<std::optional<Suppression>>& suppression, absl::Time now);
  // KeepTokens keeps the tokens of the batch's mails in one commit; a mail
  // whose token is not kept is given back instead.
  void KeepTokens(const std::vector<Invitation>& batch, std::vector<Step>& steps);
  // Settle carries out a step that sends nothing: a give-back or a suppression.
  void Settle(const Invitation& invitation, const Step& step);
  // Send mails the e-mails of `batch` at `sends` (their steps kSend) under
  // one of the store's SendLocks, each unless its claim ended meanwhile or
  // `release_by` (when the claim is too close to its end to start a send)
  // passed, and records what came of them.
  void Send(const std::vector<Invitation>& batch, const std::vector<Step>& steps,
            const std::vector<size_t>& sends, const std::map<ShopId, BatchShop>& shops,
            absl::Time release_by);
  // RecordFailure records the failed send of `held`: due again, or failed
  // for good.
  void RecordFailure(const Invitation& invitation, const HeldMail& held, const absl::Status& sent,
                     absl::Time done);
  void Give(const Invitation& invitation, absl::Time send_at, const InvitationReason& reason);
  // LookUpShops returns the shop of every invitation, by id, from one look-up,
  // with the budget of each shop not yet approved as of `now`.
  std::map<ShopId, BatchShop> LookUpShops(const std::vector<Invitation>& invitations,
                                          absl::Time now);
  // LookUpSuppressions returns what holds back each invitation's address, in
  // their order, from one look-up.
  // HoldUnapproved sets the budget of each of `unapproved` (shops not yet
  // approved) in `shops` from the mails they sent in the 24 hours to `now`.
  void HoldUnapproved(const std::vector<ShopId>& unapproved, absl::Time now,
                      std::map<ShopId, BatchShop>& shops);
  // HoldOwners holds every shop of `shops` whose owner has not confirmed
  // their e-mail or asked to delete their account (or when that cannot be
  // checked).
  void HoldOwners(std::map<ShopId, BatchShop>& shops);
  std::vector<absl::StatusOr<std::optional<Suppression>>> LookUpSuppressions(
      const std::vector<Invitation>& invitations);
  void Loop();
  bool stopping() const;

  DispatchStore* store_;
  ShopStore* shops_;
  AccountStore* owners_;
  SuppressionStore* suppressions_;
  const AddressHasher* addresses_;
  Mailer* mailer_;
  TokenGenerator* tokens_;
  RandomSource* random_;
  const Clock* clock_;
  const DispatcherOptions options_;

  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_DISPATCHER_H_
