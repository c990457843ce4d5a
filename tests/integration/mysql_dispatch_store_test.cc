// The dispatch and suppression stores against a real MariaDB: reminders,
// tokens of both e-mails, suppression lists, unsubscribes, and the index
// plans of the claim queries.
#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/digest.h"
#include "tests/integration/mysql_storage_fixture.h"
#include "tests/integration/status_write.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class MysqlDispatchStoreTest : public MysqlStorageTest {
 protected:
  // ScheduledInvitation records a shipped order and returns its invitation.
  Invitation ScheduledInvitation(const Shop& shop, const std::string& order_id) {
    absl::StatusOr<EventRecord> recorded = recorder_->Record(shop.webhook_key, Shipped(order_id));
    EXPECT_TRUE(recorded.ok()) << recorded.status();
    absl::StatusOr<Invitation> invitation = invitations_->GetInvitation(recorded->invitation_id);
    EXPECT_TRUE(invitation.ok()) << invitation.status();
    return *invitation;
  }

  // Claim claims everything due at `now` for "claimer-a".
  std::vector<Invitation> Claim(absl::Time now) {
    absl::StatusOr<std::vector<Invitation>> claimed =
        dispatch_->ClaimDue({"claimer-a", now, now + absl::Minutes(5)}, 50);
    EXPECT_TRUE(claimed.ok()) << claimed.status();
    return claimed.ok() ? *claimed : std::vector<Invitation>{};
  }

  // ClaimOne claims at `now` for "claimer-a", expecting one invitation, and
  // returns what "claimer-a" then holds.
  HeldMail ClaimOne(absl::Time now) {
    const std::vector<Invitation> claimed = Claim(now);
    EXPECT_EQ(claimed.size(), 1u);
    return claimed.size() == 1 ? HeldBy(claimed[0], "claimer-a") : HeldMail{};
  }

  std::string Transitions(InvitationId id) {
    absl::StatusOr<std::vector<InvitationTransition>> transitions = dispatch_->ListTransitions(id);
    EXPECT_TRUE(transitions.ok()) << transitions.status();
    std::string text;
    for (const InvitationTransition& t : *transitions) absl::StrAppend(&text, t.to_state, ",");
    return text;
  }

  // PlanKey returns the index MariaDB's EXPLAIN names for `select`.
  std::string PlanKey(const std::string& select) {
    soci::session session("mysql", database_->connect_string().substr(8));
    soci::rowset<soci::row> rows = session.prepare << "EXPLAIN " << select;
    for (const soci::row& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row.get_properties(i).get_name() == "key") {
          return row.get_indicator(i) == soci::i_ok ? row.get<std::string>(i) : "(none)";
        }
      }
    }
    return "(no plan)";
  }
};

// Four claimers at once, with leases that all overlap, claim small batches
// until none is left: each invitation goes to exactly one of them. Once the
// leases have run out, one claimer takes them all over, each a counted attempt.
TEST_F(MysqlDispatchStoreTest, ConcurrentClaimersNeverShareAnInvitation) {
  const Shop shop = CreateShop();
  constexpr int kInvitations = 120;
  constexpr int kClaimers = 4;
  absl::Time now = absl::InfinitePast();
  for (int i = 0; i < kInvitations; ++i) {
    now = std::max(now, ScheduledInvitation(shop, absl::StrCat(5000 + i)).send_time);
  }
  std::vector<std::vector<InvitationId>> taken(kClaimers);
  std::vector<absl::Status> errors(kClaimers);
  std::vector<std::thread> threads;
  for (int c = 0; c < kClaimers; ++c) {
    threads.emplace_back([&, c] {
      MysqlDispatchStore store(pool_.get());
      const std::string claimer = absl::StrCat("claimer-", c);
      for (int round = 0; round < kInvitations; ++round) {
        absl::StatusOr<std::vector<Invitation>> claimed =
            store.ClaimDue({claimer, now, now + absl::Minutes(5)}, 7);
        if (!claimed.ok()) errors[c] = claimed.status();
        if (!claimed.ok() || claimed->empty()) return;
        for (const Invitation& invitation : *claimed) taken[c].push_back(invitation.id);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<InvitationId> distinct;
  size_t total = 0;
  for (int c = 0; c < kClaimers; ++c) {
    EXPECT_TRUE(errors[c].ok()) << errors[c];
    distinct.insert(taken[c].begin(), taken[c].end());
    total += taken[c].size();
  }
  EXPECT_EQ(total, static_cast<size_t>(kInvitations));
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kInvitations));
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations WHERE state = 'sending' "
                                "AND claimed_by LIKE 'claimer-%' AND attempts = 0"),
            kInvitations);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(DISTINCT invitation_id) FROM invitation_transitions "
                                "WHERE from_state = 'scheduled' AND to_state = 'sending'"),
            kInvitations);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitation_transitions "
                                "WHERE to_state = 'sending'"),
            kInvitations);

  const absl::Time later = now + absl::Minutes(6);
  absl::StatusOr<std::vector<Invitation>> taken_over =
      dispatch_->ClaimDue({"claimer-late", later, later + absl::Minutes(5)}, kInvitations);
  ASSERT_TRUE(taken_over.ok()) << taken_over.status();
  ASSERT_EQ(taken_over->size(), static_cast<size_t>(kInvitations));
  EXPECT_EQ((*taken_over)[0].attempts, 1);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations WHERE state = 'sending' "
                                "AND claimed_by = 'claimer-late' AND attempts = 1"),
            kInvitations);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitation_transitions "
                                "WHERE from_state = 'sending' AND to_state = 'sending' "
                                "AND reason LIKE 'lease of claimer-_ expired; invitation "
                                "claimed by claimer-late'"),
            kInvitations);
}

TEST_F(MysqlDispatchStoreTest, AReminderIsClaimedAfterItsDaysAndKeepsBothLinks) {
  const Shop shop = CreateShop();
  const Invitation invitation = ScheduledInvitation(shop, "1043");
  const absl::Time now = invitation.send_time;
  const HeldMail first_held = ClaimOne(now);
  ASSERT_THAT(dispatch_->KeepTokens(now, {{first_held, Sha256("first")}}), ElementsAre(IsOk()));
  ASSERT_THAT(dispatch_->MarkSent(first_held, now, {"<a@x>", now + absl::Hours(72)}), IsOk());
  EXPECT_TRUE(Claim(now + absl::Hours(71)).empty());

  const HeldMail reminder = ClaimOne(now + absl::Hours(72));
  EXPECT_EQ(reminder.kind, MailKind::kReminder);
  // Settling it as the invitation's own e-mail is refused: the claim is for the reminder.
  HeldMail as_invitation = reminder;
  as_invitation.kind = MailKind::kInvitation;
  EXPECT_TRUE(absl::IsAborted(dispatch_->Reschedule(
      as_invitation, now, now, InvitationReasonOf(InvitationReasonCode::kSendingOff), false)));
  ASSERT_THAT(dispatch_->KeepTokens(now + absl::Hours(72), {{reminder, Sha256("second")}}),
              ElementsAre(IsOk()));
  ASSERT_THAT(dispatch_->MarkSent(reminder, now + absl::Hours(72), {"<b@x>", std::nullopt}),
              IsOk());
  absl::StatusOr<Invitation> after = invitations_->GetInvitation(invitation.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->state, InvitationState::kSent);
  EXPECT_EQ(after->message_id, "<a@x>");
  EXPECT_EQ(after->sent_time, now);
  EXPECT_EQ(after->reminder_sent_time, now + absl::Hours(72));
  EXPECT_FALSE(after->reminder_time.has_value());
  EXPECT_TRUE(Claim(now + absl::Hours(24 * 60)).empty());

  absl::StatusOr<TokenOwner> first = invitations_->FindInvitationByToken(Sha256("first"));
  absl::StatusOr<TokenOwner> second = invitations_->FindInvitationByToken(Sha256("second"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->mail, MailKind::kInvitation);
  EXPECT_EQ(second->mail, MailKind::kReminder);
  EXPECT_EQ(second->invitation.id, invitation.id);
  EXPECT_TRUE(absl::IsNotFound(invitations_->FindInvitationByToken(Sha256("third")).status()));
  EXPECT_EQ(Transitions(invitation.id), "scheduled,sending,sent,sending,sent,");
}

// One call keeps the tokens of a round's mails: each only while its claim
// holds for its kind of e-mail, each with a status of its own.
TEST_F(MysqlDispatchStoreTest, TokensAreKeptBeforeSendingOnlyWhileTheirClaimsHold) {
  const Shop shop = CreateShop();
  const Invitation first = ScheduledInvitation(shop, "1043");
  const Invitation second = ScheduledInvitation(shop, "1044");
  const Invitation unclaimed = ScheduledInvitation(shop, "1045");
  const absl::Time now = std::max(first.send_time, second.send_time);
  ASSERT_OK_AND_ASSIGN(std::vector<Invitation> claimed,
                       dispatch_->ClaimDue({"claimer-a", now, now + absl::Minutes(5)}, 2));
  ASSERT_EQ(claimed.size(), 2u);
  const HeldMail first_held =
      HeldBy(claimed[0].id == first.id ? claimed[0] : claimed[1], "claimer-a");
  const HeldMail second_held =
      HeldBy(claimed[0].id == first.id ? claimed[1] : claimed[0], "claimer-a");
  HeldMail by_b = first_held;
  by_b.claimer = "claimer-b";
  HeldMail as_reminder = first_held;
  as_reminder.kind = MailKind::kReminder;
  HeldMail older = first_held;
  --older.version;
  HeldMail not_claimed = HeldBy(unclaimed, "claimer-a");
  EXPECT_THAT(dispatch_->KeepTokens(now, {{by_b, Sha256("b")}}),
              ElementsAre(StatusIs(absl::StatusCode::kAborted)));
  EXPECT_THAT(dispatch_->KeepTokens(now, {{first_held, Sha256("a")},
                                          {as_reminder, Sha256("r")},
                                          {second_held, "short"},
                                          {not_claimed, Sha256("u")},
                                          {older, Sha256("o")},
                                          {second_held, Sha256("s")}}),
              ElementsAre(IsOk(), StatusIs(absl::StatusCode::kAborted),
                          StatusIs(absl::StatusCode::kInvalidArgument),
                          StatusIs(absl::StatusCode::kAborted),
                          StatusIs(absl::StatusCode::kAborted), IsOk()));
  for (const char* kept : {"a", "s"}) {
    EXPECT_THAT(invitations_->FindInvitationByToken(Sha256(kept)), IsOk()) << kept;
  }
  EXPECT_EQ(invitations_->FindInvitationByToken(Sha256("s"))->invitation.id, second.id);
  for (const char* refused : {"b", "r", "u", "o"}) {
    EXPECT_THAT(invitations_->FindInvitationByToken(Sha256(refused)),
                StatusIs(absl::StatusCode::kNotFound))
        << refused;
  }
  // Recording the acceptance leaves the token as it was kept.
  ASSERT_THAT(dispatch_->MarkSent(first_held, now, {"<a@x>", std::nullopt}), IsOk());
  EXPECT_EQ(invitations_->FindInvitationByToken(Sha256("a"))->invitation.id, first.id);
  EXPECT_THAT(dispatch_->KeepTokens(now, {{first_held, Sha256("c")}}),
              ElementsAre(StatusIs(absl::StatusCode::kAborted)));
}

TEST_F(MysqlDispatchStoreTest, AFailedReminderLeavesTheInvitationSent) {
  const Shop shop = CreateShop();
  const Invitation invitation = ScheduledInvitation(shop, "1043");
  const absl::Time now = invitation.send_time;
  ASSERT_TRUE(dispatch_->MarkSent(ClaimOne(now), now, {"<a@x>", now}).ok());
  ASSERT_TRUE(dispatch_
                  ->Reschedule(ClaimOne(now), now, now + absl::Minutes(2),
                               InvitationReasonOf(InvitationReasonCode::kRetrying, "smtp: timeout"),
                               true)
                  .ok());
  absl::StatusOr<Invitation> retrying = invitations_->GetInvitation(invitation.id);
  ASSERT_TRUE(retrying.ok());
  EXPECT_EQ(retrying->state, InvitationState::kSent);
  EXPECT_EQ(retrying->reminder_time, now + absl::Minutes(2));
  EXPECT_EQ(retrying->attempts, 1);

  ASSERT_TRUE(
      dispatch_
          ->MarkFailed(ClaimOne(now + absl::Minutes(2)), now + absl::Minutes(2),
                       InvitationReasonOf(InvitationReasonCode::kRefused, "550 no such user"))
          .ok());
  absl::StatusOr<Invitation> failed = invitations_->GetInvitation(invitation.id);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, InvitationState::kSent);
  EXPECT_FALSE(failed->reminder_time.has_value());
  EXPECT_EQ(failed->state_reason, "reminder failed: refused by the mail server: 550 no such user");
  EXPECT_EQ(failed->structured_reason.code, InvitationReasonCode::kRefused);
  EXPECT_TRUE(failed->structured_reason.reminder);
  EXPECT_EQ(failed->structured_reason.detail, "550 no such user");
  EXPECT_TRUE(Claim(now + absl::Hours(1)).empty());
}

TEST_F(MysqlDispatchStoreTest, ACancelledOrderAndANewSettingDropPendingReminders) {
  const Shop shop = CreateShop();
  const Invitation cancelled = ScheduledInvitation(shop, "1");
  const Invitation replanned = ScheduledInvitation(shop, "2");
  const absl::Time now = replanned.send_time;
  const std::vector<Invitation> claimed = Claim(now);
  ASSERT_EQ(claimed.size(), 2u);
  for (const Invitation& invitation : claimed) {
    ASSERT_TRUE(dispatch_
                    ->MarkSent(HeldBy(invitation, "claimer-a"), now,
                               {absl::StrCat("<", invitation.id, "@x>"), now + absl::Hours(72)})
                    .ok());
  }
  OrderEvent cancel = Shipped("1");
  cancel.status_type = StatusType::kNotRealised;
  cancel.status_id = 8;
  cancel.status_local_time = "2024-05-20 09:00:00";
  absl::StatusOr<EventRecord> recorded = recorder_->Record(shop.webhook_key, cancel);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(recorded->outcome, EventOutcome::kCancelled);
  EXPECT_THAT(recorded->reason, HasSubstr("reminder cancelled"));

  SettingsUpdate update;
  update.reminder_days = 5;
  ASSERT_TRUE(manager_->UpdateSettings(shop.id, update).ok());
  EXPECT_FALSE(invitations_->GetInvitation(cancelled.id)->reminder_time.has_value());
  EXPECT_EQ(invitations_->GetInvitation(replanned.id)->reminder_time, now + absl::Hours(120));
  update.reminder_days = 0;
  ASSERT_TRUE(manager_->UpdateSettings(shop.id, update).ok());
  EXPECT_FALSE(invitations_->GetInvitation(replanned.id)->reminder_time.has_value());
  EXPECT_TRUE(Claim(now + absl::Hours(24 * 30)).empty());
}

TEST_F(MysqlDispatchStoreTest, GetShopsReadsTheShopsThatExistAtOnce) {
  const Shop first = CreateShop();
  const Shop second = CreateShop();
  absl::StatusOr<std::vector<Shop>> shops = shops_->GetShops({second.id, first.id, second.id + 99});
  ASSERT_TRUE(shops.ok()) << shops.status();
  std::set<ShopId> ids;
  for (const Shop& shop : *shops) ids.insert(shop.id);
  EXPECT_EQ(ids, (std::set<ShopId>{first.id, second.id}));
  EXPECT_EQ(shops->size(), 2u);
  EXPECT_EQ((*shops)[0].name, "Ceramika");
  EXPECT_TRUE(shops_->GetShops({})->empty());
}

TEST_F(MysqlDispatchStoreTest, SuppressionListsPerShopAndForAllShops) {
  const Shop shop = CreateShop();
  Suppression own;
  own.shop_id = shop.id;
  own.email_hash = Hash("jan@example.com");
  own.create_time = clock_.now;
  own.source = "operator";
  own.reason = "asked by phone";
  absl::StatusOr<Suppression> added = suppressions_->AddSuppression(own);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_GT(added->id, 0);
  // Adding again keeps the first entry.
  own.reason = "again";
  EXPECT_EQ(suppressions_->AddSuppression(own)->reason, "asked by phone");

  EXPECT_EQ(suppressions_->FindSuppression(shop.id, Hash("jan@example.com"))->value().shop_id,
            shop.id);
  EXPECT_FALSE(suppressions_->FindSuppression(shop.id + 1, Hash("jan@example.com"))->has_value());
  Suppression global = own;
  global.shop_id = Suppression::kAllShops;
  global.source = "one-click";
  ASSERT_TRUE(suppressions_->AddSuppression(global).ok());
  // Another shop is stopped by the list for all shops; this one by its own first.
  EXPECT_EQ(suppressions_->FindSuppression(shop.id + 1, Hash("jan@example.com"))->value().shop_id,
            Suppression::kAllShops);
  EXPECT_EQ(suppressions_->FindSuppression(shop.id, Hash("jan@example.com"))->value().shop_id,
            shop.id);
  // The same answers for a batch at once, in its order.
  absl::StatusOr<std::vector<std::optional<Suppression>>> batch =
      suppressions_->FindSuppressions({{shop.id + 1, Hash("jan@example.com")},
                                       {shop.id, Hash("ewa@example.com")},
                                       {shop.id, Hash("jan@example.com")}});
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->size(), 3u);
  EXPECT_EQ((*batch)[0]->shop_id, Suppression::kAllShops);
  EXPECT_FALSE((*batch)[1].has_value());
  EXPECT_EQ((*batch)[2]->shop_id, shop.id);
  EXPECT_EQ((*batch)[2]->source, "operator");

  absl::StatusOr<Page<Suppression>> list = suppressions_->ListSuppressions(shop.id, {100, ""});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].source, "operator");
  ASSERT_TRUE(suppressions_->RemoveSuppression(shop.id, Hash("jan@example.com")).ok());
  EXPECT_TRUE(absl::IsNotFound(suppressions_->RemoveSuppression(shop.id, Hash("jan@example.com"))));
  EXPECT_EQ(suppressions_->FindSuppression(shop.id, Hash("jan@example.com"))->value().shop_id,
            Suppression::kAllShops);
}

TEST_F(MysqlDispatchStoreTest, UnsubscribeSuppressesTheSentInvitationInOneTransaction) {
  const Shop shop = CreateShop();
  const Invitation invitation = ScheduledInvitation(shop, "1043");
  const absl::Time now = invitation.send_time;
  ASSERT_TRUE(dispatch_->MarkSent(ClaimOne(now), now, {"<a@x>", now + absl::Hours(72)}).ok());
  Suppression suppression;
  suppression.shop_id = shop.id;
  suppression.email_hash = Hash("jan@example.com");
  suppression.create_time = now;
  suppression.source = "one-click";
  absl::StatusOr<Invitation> after = suppressions_->Unsubscribe(
      invitation.id, suppression, InvitationReasonOf(InvitationReasonCode::kUnsubscribed), now);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->state, InvitationState::kSuppressed);
  EXPECT_FALSE(invitations_->GetInvitation(invitation.id)->reminder_time.has_value());
  EXPECT_EQ(Transitions(invitation.id), "scheduled,sending,sent,suppressed,");
  // Again: nothing changes, nothing fails.
  ASSERT_TRUE(suppressions_
                  ->Unsubscribe(invitation.id, suppression,
                                InvitationReasonOf(InvitationReasonCode::kUnsubscribed), now)
                  .ok());
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM suppressions"), 1);
  EXPECT_EQ(Transitions(invitation.id), "scheduled,sending,sent,suppressed,");
  EXPECT_TRUE(Claim(now + absl::Hours(24 * 30)).empty());
  EXPECT_TRUE(absl::IsNotFound(
      suppressions_
          ->Unsubscribe(invitation.id + 100, suppression,
                        InvitationReasonOf(InvitationReasonCode::kUnsubscribed), now)
          .status()));
}

TEST_F(MysqlDispatchStoreTest, EveryClaimQueryWalksItsIndex) {
  CreateShop();
  // Enough rows that a full scan would cost the optimizer more than the index.
  database_->Execute(
      "INSERT INTO invitations (shop_id, order_id, customer_email, customer_first_name, "
      "customer_last_name, state, state_reason, status_time, send_at, created_at, updated_at) "
      "SELECT 1, seq, 'klient@example.com', 'Jan', 'K', ELT(1 + seq % 3, 'scheduled', 'sent', "
      "'cancelled'), '', UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL seq MINUTE, "
      "UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_20000");
  database_->Execute("ANALYZE TABLE invitations");
  const std::string now = "'2024-05-09 10:00:00'";
  EXPECT_EQ(PlanKey(absl::StrCat("SELECT id FROM invitations WHERE state = 'scheduled' AND "
                                 "send_at <= ",
                                 now, " ORDER BY send_at LIMIT 50 FOR UPDATE SKIP LOCKED")),
            "invitations_due");
  EXPECT_EQ(PlanKey(absl::StrCat("SELECT id FROM invitations WHERE state = 'sent' AND "
                                 "reminder_at <= ",
                                 now, " ORDER BY reminder_at LIMIT 50 FOR UPDATE SKIP LOCKED")),
            "invitations_reminder");
  EXPECT_EQ(PlanKey(absl::StrCat("SELECT id FROM invitations WHERE state = 'sending' AND "
                                 "lease_until <= ",
                                 now, " ORDER BY lease_until LIMIT 50 FOR UPDATE SKIP LOCKED")),
            "invitations_lease");
}

// OrderCancelled is status type 4 for `order_id`, after Shipped's status.
OrderEvent OrderCancelled(const std::string& order_id) {
  return NotRealised(order_id, "2024-05-20 09:00:00");
}

// Issue #14, first path: a cancel (status type 4) lands while a dispatcher
// holds the claim, before it gives the invitation back (outside sending
// hours). The cancel stands, the event says so, and neither the give-back
// nor a send can bring the invitation back.
TEST_F(MysqlDispatchStoreTest, ACancelWhileClaimedStandsAndTheGiveBackChangesNothing) {
  const Shop shop = CreateShop();
  const Invitation invitation = ScheduledInvitation(shop, "1");
  const absl::Time now = invitation.send_time;
  const HeldMail held = ClaimOne(now);

  absl::StatusOr<EventRecord> recorded = recorder_->Record(shop.webhook_key, OrderCancelled("1"));
  ASSERT_THAT(recorded, IsOk());
  EXPECT_EQ(recorded->outcome, EventOutcome::kCancelled) << recorded->reason;
  EXPECT_THAT(
      dispatch_->Reschedule(held, now, now + absl::Hours(10),
                            InvitationReasonOf(InvitationReasonCode::kOutsideSendingHours), false),
      StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(dispatch_->LockForSend(held, now).status(), StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(invitations_->GetInvitation(invitation.id)->state, InvitationState::kCancelled);
  EXPECT_EQ(Transitions(invitation.id), "scheduled,sending,cancelled,");
  EXPECT_TRUE(Claim(now + absl::Hours(24)).empty());
}

// Issue #14, the send's window: a cancel that arrives while the mail is
// handed to the mail server waits for the answer (the row lock), then finds
// the invitation sent, and its event says it came too late.
TEST_F(MysqlDispatchStoreTest, ACancelDuringTheSendWaitsAndSaysItCameTooLate) {
  const Shop shop = CreateShop();
  const Invitation invitation = ScheduledInvitation(shop, "1");
  const absl::Time now = invitation.send_time;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<SendLock> lock, dispatch_->LockForSend(ClaimOne(now), now));

  absl::StatusOr<EventRecord> recorded = absl::UnknownError("not run");
  std::thread canceller(
      [&] { recorded = recorder_->Record(shop.webhook_key, OrderCancelled("1")); });
  // Bounded: the canceller must come to wait for the row within 20 s. Only
  // this database's waits count: other tests share the server.
  soci::session watcher("mysql", database_->connect_string().substr(8));
  const std::string tables = absl::StrCat("`", database_->name(), "`.%");
  int waiting = 0;
  for (int i = 0; i < 200 && waiting == 0; ++i) {
    watcher << "SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w JOIN "
               "information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id "
               "WHERE l.lock_table LIKE :tables",
        soci::use(tables, "tables"), soci::into(waiting);
    if (waiting == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(waiting, 1);
  // Not an ASSERT: the canceller must be joined whatever happened.
  EXPECT_THAT(lock->MarkSent(now, {"<m@x>", std::nullopt}), IsOk());
  lock.reset();
  canceller.join();

  ASSERT_THAT(recorded, IsOk());
  EXPECT_EQ(recorded->outcome, EventOutcome::kIgnored);
  EXPECT_THAT(recorded->reason, HasSubstr("cancelled too late: the invitation left at "));
  EXPECT_EQ(invitations_->GetInvitation(invitation.id)->state, InvitationState::kSent);
}

// Issue #16 with #14: a batch of webhooks does not wait for a mail being
// sent. The webhook of the order whose invitation is held across the SMTP
// conversation is written after the batch, in order, and waits for the
// answer; the others are committed before the mail server answered.
TEST_F(MysqlDispatchStoreTest, ABatchDoesNotWaitForAMailBeingSent) {
  const Shop shop = CreateShop();
  const Invitation sending = ScheduledInvitation(shop, "1");
  const absl::Time now = sending.send_time;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<SendLock> lock, dispatch_->LockForSend(ClaimOne(now), now));

  const absl::Time shipped = now - absl::Hours(1);
  std::vector<OrderEventWrite> writes;
  writes.push_back(StatusWrite(shop, now, "2", 7, StatusType::kClosed, shipped));
  writes.push_back(StatusWrite(shop, now, "1", 4, StatusType::kNotRealised, now));
  writes.push_back(StatusWrite(shop, now, "3", 7, StatusType::kClosed, shipped));
  writes.push_back(StatusWrite(shop, now, "1", 4, StatusType::kNotRealised, now));
  std::vector<absl::StatusOr<EventRecord>> results;
  std::thread writer([&] { results = events_->ApplyOrderEvents(std::move(writes)); });
  // Bounded: orders 2 and 3 must be committed within 20 s, the send going on.
  soci::session watcher("mysql", database_->connect_string().substr(8));
  int committed = 0;
  for (int i = 0; i < 200 && committed < 2; ++i) {
    watcher << "SELECT COUNT(*) FROM order_events WHERE order_id IN ('2', '3')",
        soci::into(committed);
    if (committed < 2) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(committed, 2);
  int cancels = -1;
  watcher << "SELECT COUNT(*) FROM order_events WHERE order_id = '1' AND status_id = 4",
      soci::into(cancels);
  EXPECT_EQ(cancels, 0) << "order 1's events wait for the send";
  // Not an ASSERT: the writer must be joined whatever happened.
  EXPECT_THAT(lock->MarkSent(now, {"<m@x>", std::nullopt}), IsOk());
  lock.reset();
  writer.join();

  ASSERT_EQ(results.size(), 4u);
  for (const absl::StatusOr<EventRecord>& result : results) ASSERT_THAT(result, IsOk());
  EXPECT_EQ(results[0]->outcome, EventOutcome::kScheduled);
  EXPECT_EQ(results[2]->outcome, EventOutcome::kScheduled);
  EXPECT_EQ(results[1]->outcome, EventOutcome::kIgnored);
  EXPECT_THAT(results[1]->reason, HasSubstr("cancelled too late: the invitation left at "));
  EXPECT_EQ(results[3]->outcome, EventOutcome::kDuplicate);
  // Order 1's two events in the order they came, after the batch's.
  EXPECT_LT(results[2]->id, results[1]->id);
  EXPECT_LT(results[1]->id, results[3]->id);
  EXPECT_EQ(invitations_->GetInvitation(sending.id)->state, InvitationState::kSent);
}

}  // namespace
}  // namespace opinus::server
