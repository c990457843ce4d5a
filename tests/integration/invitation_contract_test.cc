// One contract, both stores: the invitation's life and its races with the
// dispatcher, run against InMemoryStorage and against the MySQL stores on a
// fresh database. Each test names what a store must do; neither store may
// differ.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/event_reason.h"
#include "server/domain/invitation_transitions.h"
#include "server/domain/scheduling.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/privacy_manager.h"
#include "server/managers/shop_manager.h"
#include "server/storage/mysql/mysql_dashboard_store.h"
#include "tests/integration/mysql_storage_fixture.h"
#include "tests/integration/status_write.h"
#include "tests/support/in_memory_storage.h"
#include "tests/support/test_address_hasher.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

// Stores is one implementation of every store an invitation's life touches.
struct Stores {
  AccountStore* accounts = nullptr;
  ShopStore* shops = nullptr;
  OrderEventStore* events = nullptr;
  InvitationStore* invitations = nullptr;
  DispatchStore* dispatch = nullptr;
  SuppressionStore* suppressions = nullptr;
  OpinionStore* opinions = nullptr;
  PrivacyStore* privacy = nullptr;
  DashboardStore* dashboards = nullptr;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual Stores stores() = 0;
};

class MemoryBackend final : public Backend {
 public:
  Stores stores() override {
    return {&storage_, &storage_, &storage_, &storage_, &storage_,
            &storage_, &storage_, &storage_, &storage_};
  }

 private:
  InMemoryStorage storage_;
};

// MysqlBackend is MysqlStorageTest's database and stores, set up inside the
// running test.
class MysqlBackend final : public Backend, private MysqlStorageTest {
 public:
  // Open makes a fresh, migrated database; false after a failure it recorded.
  bool Open() {
    SetUp();
    dashboards_ = std::make_unique<MysqlDashboardStore>(pool_.get());
    return !HasFatalFailure();
  }
  Stores stores() override {
    return {accounts_.get(),    shops_.get(),    events_.get(),
            invitations_.get(), dispatch_.get(), suppressions_.get(),
            opinions_.get(),    privacy_.get(),  dashboards_.get()};
  }

 private:
  void TestBody() override {}
  std::unique_ptr<MysqlDashboardStore> dashboards_;
};

class InvitationContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      backend_ = std::make_unique<MemoryBackend>();
    } else {
      auto mysql = std::make_unique<MysqlBackend>();
      ASSERT_TRUE(mysql->Open());
      backend_ = std::move(mysql);
    }
    stores_ = backend_->stores();
    shops_ = std::make_unique<ShopManager>(stores_.shops, &keys_, &clock_);
    recorder_ = std::make_unique<OrderEventRecorder>(stores_.shops, stores_.events, &clock_);
    ASSERT_OK_AND_ASSIGN(
        shop_, shops_->CreateShop("Ceramika", "sklep123456.shoparena.pl", "owner@example.com"));
  }

  void TearDown() override {
    for (InvitationId id : touched_) ExpectEveryTransitionInTheTable(id);
  }

  // Scheduled records the shipment of `order_id` and returns its invitation.
  Invitation Scheduled(const std::string& order_id) {
    absl::StatusOr<EventRecord> recorded =
        recorder_->Record(shop_.webhook_key, Realised(order_id, "2024-05-08 09:12:05"));
    EXPECT_THAT(recorded, IsOk());
    absl::StatusOr<Invitation> invitation =
        stores_.invitations->GetInvitation(recorded.ok() ? recorded->invitation_id : 0);
    EXPECT_THAT(invitation, IsOk());
    if (invitation.ok()) touched_.push_back(invitation->id);
    return invitation.ok() ? *invitation : Invitation{};
  }

  // Claim claims everything due at `now` for "claimer-a", leased for 5
  // minutes, and returns what "claimer-a" then holds.
  std::vector<HeldMail> Claim(absl::Time now) {
    absl::StatusOr<std::vector<Invitation>> claimed =
        stores_.dispatch->ClaimDue({"claimer-a", now, now + absl::Minutes(5)}, 50);
    EXPECT_THAT(claimed, IsOk());
    std::vector<HeldMail> held;
    if (!claimed.ok()) return held;
    for (const Invitation& invitation : *claimed) held.push_back(HeldBy(invitation, "claimer-a"));
    return held;
  }

  // ClaimOne claims as Claim does, expecting one invitation.
  HeldMail ClaimOne(absl::Time now) {
    const std::vector<HeldMail> held = Claim(now);
    EXPECT_EQ(held.size(), 1u);
    return held.size() == 1 ? held[0] : HeldMail{};
  }

  // CancelOrder records status type 4 for `order_id`, after its shipment.
  EventRecord CancelOrder(const std::string& order_id) {
    absl::StatusOr<EventRecord> recorded =
        recorder_->Record(shop_.webhook_key, NotRealised(order_id, "2024-05-20 09:00:00"));
    EXPECT_THAT(recorded, IsOk());
    return recorded.ok() ? *recorded : EventRecord{};
  }

  InvitationState State(InvitationId id) {
    absl::StatusOr<Invitation> invitation = stores_.invitations->GetInvitation(id);
    EXPECT_THAT(invitation, IsOk());
    return invitation.ok() ? invitation->state : InvitationState::kScheduled;
  }

  // SendWithReminder sends the held invitation itself, its reminder due 72 h
  // later.
  void SendWithReminder(const HeldMail& held, absl::Time now) {
    EXPECT_THAT(stores_.dispatch->MarkSent(
                    held, now, {absl::StrCat("<", held.id, "@x>"), now + absl::Hours(72)}),
                IsOk());
  }

  // ExpectEveryWriteAborted expects each write of the claimer, as `held`
  // names it, to change nothing and say ABORTED.
  void ExpectEveryWriteAborted(const HeldMail& held, absl::Time now) {
    DispatchStore& dispatch = *stores_.dispatch;
    const absl::StatusCode aborted = absl::StatusCode::kAborted;
    EXPECT_THAT(dispatch.KeepTokens(now, {{held, std::string(32, 'x')}}),
                ::testing::ElementsAre(StatusIs(aborted)));
    EXPECT_THAT(dispatch.LockForSend(held, now).status(), StatusIs(aborted));
    EXPECT_THAT(dispatch.MarkSent(held, now, {"<late@x>", std::nullopt}), StatusIs(aborted));
    EXPECT_THAT(
        dispatch.Reschedule(held, now, now + absl::Hours(10),
                            InvitationReasonOf(InvitationReasonCode::kOutsideSendingHours), false),
        StatusIs(aborted));
    EXPECT_THAT(
        dispatch.MarkFailed(held, now, InvitationReasonOf(InvitationReasonCode::kRefused, "550")),
        StatusIs(aborted));
    EXPECT_THAT(dispatch.MarkSuppressed(
                    held, now, InvitationReasonOf(InvitationReasonCode::kAddressSuppressed)),
                StatusIs(aborted));
  }

  // Every recorded change is a row of InvitationRules().
  void ExpectEveryTransitionInTheTable(InvitationId id) {
    absl::StatusOr<std::vector<InvitationTransition>> transitions =
        stores_.dispatch->ListTransitions(id);
    ASSERT_THAT(transitions, IsOk());
    for (const InvitationTransition& transition : *transitions) {
      if (transition.from_state.empty()) continue;
      bool listed = false;
      for (const InvitationRule& rule : InvitationRules()) {
        listed |= transition.from_state == InvitationStateName(rule.from) &&
                  transition.to_state == InvitationStateName(rule.to);
      }
      EXPECT_TRUE(listed) << "invitation " << id << ": " << transition.from_state << " -> "
                          << transition.to_state << " (" << transition.reason << ")";
    }
  }

  std::unique_ptr<Backend> backend_;
  Stores stores_;
  RandomKeyGenerator keys_;
  FixedClock clock_;
  std::unique_ptr<ShopManager> shops_;
  std::unique_ptr<OrderEventRecorder> recorder_;
  Shop shop_;
  std::vector<InvitationId> touched_;
};

TEST_P(InvitationContractTest, ApplyOrderEventsWritesInOrderSoARepeatSeesWhatCameBefore) {
  const absl::Time shipped = clock_.now - absl::Hours(2);
  // An order scheduled before the batch, first seen in it after a repeat:
  // the repeat's fresh read must not hide what was known of the others.
  const Invitation earlier = Scheduled("3");
  EventRecord rejected;
  rejected.shop_id = shop_.id;
  rejected.receive_time = clock_.now;
  rejected.order_id = "1";
  rejected.outcome = EventOutcome::kRejected;
  // Every parameter a reason has, so that each travels through the store.
  EventReason not_an_email = Rejected(EventReasonCode::kNotAnEmailAddress, "email", "jan.kowalski");
  not_an_email.stated_status_time = shipped;
  SetEventReason(not_an_email, &rejected);
  std::vector<OrderEventWrite> writes;
  writes.push_back(StatusWrite(shop_, clock_.now, "1", 7, StatusType::kClosed, shipped));
  writes.push_back({rejected, nullptr, ""});
  writes.push_back(StatusWrite(shop_, clock_.now, "1", 7, StatusType::kClosed, shipped));
  writes.push_back(StatusWrite(shop_, clock_.now, "2", 7, StatusType::kClosed, shipped));
  writes.push_back(
      StatusWrite(shop_, clock_.now, "1", 4, StatusType::kNotRealised, shipped + absl::Hours(1)));
  writes.push_back(
      StatusWrite(shop_, clock_.now, "3", 4, StatusType::kNotRealised, shipped + absl::Hours(1)));

  const std::vector<absl::StatusOr<EventRecord>> results =
      stores_.events->ApplyOrderEvents(std::move(writes));
  ASSERT_EQ(results.size(), 6u);
  for (const absl::StatusOr<EventRecord>& result : results) ASSERT_THAT(result, IsOk());
  EXPECT_EQ(results[0]->outcome, EventOutcome::kScheduled);
  EXPECT_EQ(results[1]->outcome, EventOutcome::kRejected);
  EXPECT_EQ(results[2]->outcome, EventOutcome::kDuplicate);
  EXPECT_EQ(results[3]->outcome, EventOutcome::kScheduled);
  EXPECT_EQ(results[4]->outcome, EventOutcome::kCancelled);
  EXPECT_EQ(results[2]->invitation_id, results[0]->invitation_id);
  EXPECT_EQ(results[4]->invitation_id, results[0]->invitation_id);
  EXPECT_EQ(State(results[0]->invitation_id), InvitationState::kCancelled);
  EXPECT_EQ(State(results[3]->invitation_id), InvitationState::kScheduled);
  EXPECT_EQ(results[5]->outcome, EventOutcome::kCancelled) << results[5]->reason;
  EXPECT_EQ(results[5]->invitation_id, earlier.id);
  EXPECT_EQ(State(earlier.id), InvitationState::kCancelled);
  // The log holds them in the order they came, after the earlier order's.
  ASSERT_OK_AND_ASSIGN(Page<EventRecord> log, stores_.events->ListEvents(shop_.id, {100, ""}));
  ASSERT_EQ(log.items.size(), 7u);
  for (int i = 0; i < 6; ++i) {
    SCOPED_TRACE(i);
    const EventRecord& stored = log.items[5 - i];
    EXPECT_EQ(stored.id, results[i]->id);
    // The reason as data, as the batch answered it.
    const EventReason& answered = results[i]->structured_reason;
    EXPECT_EQ(stored.reason, results[i]->reason);
    EXPECT_EQ(stored.structured_reason.code, answered.code);
    EXPECT_EQ(stored.structured_reason.time, answered.time);
    EXPECT_EQ(stored.structured_reason.status_id, answered.status_id);
    EXPECT_EQ(stored.structured_reason.invitation_state, answered.invitation_state);
    EXPECT_EQ(stored.structured_reason.field, answered.field);
    EXPECT_EQ(stored.structured_reason.value, answered.value);
    EXPECT_EQ(stored.structured_reason.cancel, answered.cancel);
    EXPECT_EQ(stored.structured_reason.stated_status_time, answered.stated_status_time);
  }
  EXPECT_EQ(results[0]->structured_reason.code, EventReasonCode::kInvitationDue);
  EXPECT_EQ(results[0]->structured_reason.time,
            InvitationSendTime(shipped, shop_.settings.invitation_delay_days));
  EXPECT_EQ(results[1]->structured_reason.value, "jan.kowalski");
  EXPECT_EQ(results[1]->structured_reason.stated_status_time, shipped);
  EXPECT_EQ(results[2]->structured_reason.code, EventReasonCode::kStatusAlreadyReceived);
  EXPECT_EQ(results[4]->structured_reason.code, EventReasonCode::kOrderNotRealised);
  EXPECT_EQ(results[4]->structured_reason.status_id, 4);
  EXPECT_EQ(results[4]->structured_reason.cancel, CancelResult::kCancelled);
}

// A batch writes its new invitations and events many rows to a statement:
// each write must still get back the ids of its own rows.
TEST_P(InvitationContractTest, ABatchOfNewOrdersGivesEachWriteItsOwnInvitationAndEvent) {
  const absl::Time shipped = clock_.now - absl::Hours(2);
  std::vector<OrderEventWrite> writes;
  for (int i = 0; i < 12; ++i) {
    if (i % 4 == 3) {
      // Events that decide nothing go into the same statement.
      EventRecord other;
      other.shop_id = shop_.id;
      other.receive_time = clock_.now;
      other.event_name = "parcel.create";
      other.order_id = absl::StrCat("other-", i);
      writes.push_back({other, nullptr, ""});
    } else {
      writes.push_back(
          StatusWrite(shop_, clock_.now, absl::StrCat("o", i), 7, StatusType::kClosed, shipped));
    }
  }
  const std::vector<absl::StatusOr<EventRecord>> results = stores_.events->ApplyOrderEvents(writes);
  ASSERT_EQ(results.size(), writes.size());
  ASSERT_OK_AND_ASSIGN(Page<EventRecord> log, stores_.events->ListEvents(shop_.id, {100, ""}));
  ASSERT_EQ(log.items.size(), writes.size());
  for (size_t i = 0; i < results.size(); ++i) {
    ASSERT_THAT(results[i], IsOk());
    // The log, newest first, holds each event under the id its write got.
    const EventRecord& logged = log.items[results.size() - 1 - i];
    EXPECT_EQ(logged.id, results[i]->id) << i;
    EXPECT_EQ(logged.order_id, writes[i].record.order_id) << i;
    EXPECT_EQ(logged.invitation_id, results[i]->invitation_id) << i;
    if (i % 4 == 3) {
      EXPECT_EQ(results[i]->invitation_id, 0) << i;
      continue;
    }
    EXPECT_EQ(results[i]->outcome, EventOutcome::kScheduled) << i;
    ASSERT_OK_AND_ASSIGN(Invitation invitation,
                         stores_.invitations->GetInvitation(results[i]->invitation_id));
    EXPECT_EQ(invitation.order_id, writes[i].record.order_id) << i;
    ASSERT_OK_AND_ASSIGN(std::vector<InvitationTransition> transitions,
                         stores_.dispatch->ListTransitions(invitation.id));
    ASSERT_EQ(transitions.size(), 1u) << i;
    EXPECT_EQ(transitions[0].to_state, "scheduled");
  }
  // The orders' statuses were written too: the same batch again repeats them.
  for (const absl::StatusOr<EventRecord>& again : stores_.events->ApplyOrderEvents(writes)) {
    ASSERT_THAT(again, IsOk());
    if (again->event_name == "order.status") {
      EXPECT_EQ(again->outcome, EventOutcome::kDuplicate) << again->order_id;
    }
  }
}

// A write that names the key its delivery came with is stored only while the
// key still names the shop: the previous key within its grace, not after.
TEST_P(InvitationContractTest, AWriteWithAKeyNoLongerTheShopsStoresNothing) {
  const absl::Time shipped = clock_.now - absl::Hours(2);
  const std::string old_key = shop_.webhook_key;
  ASSERT_THAT(stores_.shops->SetWebhookKey(shop_.id, "newkey0123456789abcd",
                                           clock_.now + absl::Hours(1), clock_.now),
              IsOk());
  OrderEventWrite in_grace = StatusWrite(shop_, clock_.now, "1", 7, StatusType::kClosed, shipped);
  in_grace.sender_key = old_key;
  OrderEventWrite past_grace =
      StatusWrite(shop_, clock_.now + absl::Hours(2), "2", 7, StatusType::kClosed, shipped);
  past_grace.sender_key = old_key;
  OrderEventWrite unknown = StatusWrite(shop_, clock_.now, "3", 7, StatusType::kClosed, shipped);
  unknown.sender_key = "zzzzzzzzzz0123456789";
  OrderEventWrite current = StatusWrite(shop_, clock_.now, "4", 7, StatusType::kClosed, shipped);
  current.sender_key = "newkey0123456789abcd";
  // Events about no order are checked as well.
  EventRecord parcel;
  parcel.shop_id = shop_.id;
  parcel.receive_time = clock_.now + absl::Hours(2);
  parcel.event_name = "parcel.create";
  parcel.order_id = "5";
  const OrderEventWrite other_past_grace{parcel, nullptr, old_key};
  const OrderEventWrite other_current{parcel, nullptr, "newkey0123456789abcd"};

  const std::vector<absl::StatusOr<EventRecord>> results = stores_.events->ApplyOrderEvents(
      {in_grace, past_grace, unknown, current, other_past_grace, other_current});
  ASSERT_EQ(results.size(), 6u);
  ASSERT_THAT(results[0], IsOk());
  EXPECT_EQ(results[0]->outcome, EventOutcome::kScheduled);
  EXPECT_THAT(results[1].status(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(results[2].status(), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(results[3], IsOk());
  EXPECT_EQ(results[3]->outcome, EventOutcome::kScheduled);
  EXPECT_THAT(results[4].status(), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(results[5], IsOk());
  // The refused ones left nothing: orders 2 and 3 are new to a later event.
  ASSERT_OK_AND_ASSIGN(Page<EventRecord> log, stores_.events->ListEvents(shop_.id, {100, ""}));
  EXPECT_EQ(log.items.size(), 3u);
  for (const char* order : {"2", "3"}) {
    OrderEventWrite again = StatusWrite(shop_, clock_.now, order, 7, StatusType::kClosed, shipped);
    again.sender_key = "newkey0123456789abcd";
    ASSERT_OK_AND_ASSIGN(EventRecord stored, stores_.events->Apply(again));
    EXPECT_EQ(stored.outcome, EventOutcome::kScheduled) << order;
  }
  ASSERT_THAT(stores_.shops->DropPreviousKey(shop_.id, clock_.now), IsOk());
  EXPECT_THAT(stores_.events->Apply(in_grace).status(), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(InvitationContractTest, ACancelWhileClaimedStandsAndNoWriteOfTheClaimerUndoesIt) {
  const Invitation invitation = Scheduled("1");
  const absl::Time now = invitation.send_time;
  const HeldMail held = ClaimOne(now);
  const EventRecord cancel = CancelOrder("1");
  EXPECT_EQ(cancel.outcome, EventOutcome::kCancelled) << cancel.reason;

  ExpectEveryWriteAborted(held, now);
  EXPECT_EQ(State(invitation.id), InvitationState::kCancelled);
  EXPECT_TRUE(Claim(now + absl::Hours(48)).empty());
}

// The claimer's lease ran out (it hung mid-round) and the same claimer, by
// name, claimed the invitation again: the first round's late writes change
// nothing, as they name the version the first claim left.
TEST_P(InvitationContractTest, ALateWriteOfAnEarlierClaimBySameClaimerChangesNothing) {
  const Invitation invitation = Scheduled("1");
  const absl::Time now = invitation.send_time;
  const HeldMail first = ClaimOne(now);
  const HeldMail second = ClaimOne(now + absl::Minutes(6));
  EXPECT_EQ(second.claimer, first.claimer);
  EXPECT_GT(second.version, first.version);

  ExpectEveryWriteAborted(first, now + absl::Minutes(6));
  ASSERT_OK_AND_ASSIGN(Invitation claimed, stores_.invitations->GetInvitation(invitation.id));
  EXPECT_EQ(claimed.state, InvitationState::kSending);
  EXPECT_EQ(claimed.version, second.version);
  EXPECT_THAT(stores_.dispatch->MarkSent(second, now + absl::Minutes(6), {"<m@x>", std::nullopt}),
              IsOk());
  EXPECT_EQ(State(invitation.id), InvitationState::kSent);
}

// The same after a cancel and a resend: the claimer's next claim of the
// invitation is a new one, and the old round's writes do not touch it.
TEST_P(InvitationContractTest, ALateWriteOfAClaimBeforeACancelAndResendChangesNothing) {
  const Invitation invitation = Scheduled("1");
  const absl::Time now = invitation.send_time;
  const HeldMail first = ClaimOne(now);
  ASSERT_THAT(stores_.invitations->CancelInvitation(
                  invitation.id, InvitationReasonOf(InvitationReasonCode::kCancelledByOwner), now),
              IsOk());
  ASSERT_THAT(stores_.invitations->ResendInvitation(
                  invitation.id, InvitationReasonOf(InvitationReasonCode::kResentByOwner), now),
              IsOk());
  const HeldMail second = ClaimOne(now);

  ExpectEveryWriteAborted(first, now);
  EXPECT_EQ(State(invitation.id), InvitationState::kSending);
  EXPECT_THAT(
      stores_.dispatch->Reschedule(second, now, now + absl::Hours(1),
                                   InvitationReasonOf(InvitationReasonCode::kSendingOff), false),
      IsOk());
  EXPECT_EQ(State(invitation.id), InvitationState::kScheduled);
}

TEST_P(InvitationContractTest, AnOrderDeletedWhileClaimedIsCancelled) {
  const Invitation invitation = Scheduled("1");
  ASSERT_EQ(Claim(invitation.send_time).size(), 1u);
  ASSERT_OK_AND_ASSIGN(EventRecord deleted, recorder_->Record(shop_.webhook_key, Deleted("1")));
  EXPECT_EQ(deleted.outcome, EventOutcome::kCancelled) << deleted.reason;
  EXPECT_EQ(State(invitation.id), InvitationState::kCancelled);
}

TEST_P(InvitationContractTest, ACancelDuringTheSendWaitsForItAndSaysItCameTooLate) {
  const Invitation invitation = Scheduled("1");
  const absl::Time now = invitation.send_time;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<SendLock> lock,
                       stores_.dispatch->LockForSend(ClaimOne(now), now));
  // Started while the lock is held: the cancel cannot go before the send.
  EventRecord cancel;
  std::thread canceller([&] { cancel = CancelOrder("1"); });
  // Not an ASSERT: the canceller must be joined whatever happened. Whether
  // it came to wait is not forced here (MysqlDispatchStoreTest forces it).
  EXPECT_THAT(lock->MarkSent(now, {"<m@x>", std::nullopt}), IsOk());
  lock.reset();
  canceller.join();
  EXPECT_EQ(cancel.outcome, EventOutcome::kIgnored);
  EXPECT_THAT(cancel.reason, HasSubstr("cancelled too late: the invitation left at "));
  EXPECT_EQ(State(invitation.id), InvitationState::kSent);
}

// One lock holds a sender's group: an e-mail cancelled before the lock is
// not held (and must not leave); the marks of those accepted commit together,
// each with its own Message-ID and reminder, an invitation's and a
// reminder's alike; one not named stays claimed for its failure's record.
TEST_P(InvitationContractTest, OneLockHoldsAGroupAndMarksEachAcceptedMailAsItsOwn) {
  const absl::Time now = Scheduled("1").send_time;
  Scheduled("2");
  Scheduled("3");
  const Invitation reminded = Scheduled("4");
  const absl::Time later = now + absl::Hours(72);
  // The fourth's invitation is sent with its reminder due `later`, when the
  // others are due again.
  for (const HeldMail& held : Claim(now)) {
    if (held.id == reminded.id) {
      SendWithReminder(held, now);
    } else {
      ASSERT_THAT(stores_.dispatch->Reschedule(
                      held, now, later,
                      InvitationReasonOf(InvitationReasonCode::kOutsideSendingHours), false),
                  IsOk());
    }
  }
  std::vector<HeldMail> group = Claim(later);
  ASSERT_EQ(group.size(), 4u);
  std::sort(group.begin(), group.end(),
            [](const HeldMail& a, const HeldMail& b) { return a.id < b.id; });
  const HeldMail& cancelled = group[1];
  ASSERT_THAT(stores_.invitations->CancelInvitation(
                  cancelled.id, InvitationReasonOf(InvitationReasonCode::kCancelledByOwner), later),
              IsOk());

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<SendLock> lock, stores_.dispatch->LockForSend(group, later));
  EXPECT_TRUE(lock->Holds(0));
  EXPECT_FALSE(lock->Holds(1));
  EXPECT_TRUE(lock->Holds(2));
  EXPECT_TRUE(lock->Holds(3));
  EXPECT_THAT(lock->MarkSent(later, {AcceptedMail{0, {"<first@x>", later + absl::Hours(72)}},
                                     AcceptedMail{3, {"<reminder@x>", std::nullopt}}}),
              IsOk());
  lock.reset();

  ASSERT_OK_AND_ASSIGN(const Invitation first, stores_.invitations->GetInvitation(group[0].id));
  EXPECT_EQ(first.state, InvitationState::kSent);
  EXPECT_EQ(first.message_id, "<first@x>");
  EXPECT_EQ(first.sent_time, later);
  EXPECT_EQ(first.reminder_time, later + absl::Hours(72));
  EXPECT_EQ(State(cancelled.id), InvitationState::kCancelled);
  EXPECT_EQ(State(group[2].id), InvitationState::kSending);
  EXPECT_THAT(
      stores_.dispatch->Reschedule(group[2], later, later + absl::Minutes(5),
                                   InvitationReasonOf(InvitationReasonCode::kRetrying), true),
      IsOk());
  ASSERT_OK_AND_ASSIGN(const Invitation reminder, stores_.invitations->GetInvitation(reminded.id));
  ASSERT_EQ(group[3].id, reminded.id);
  EXPECT_EQ(reminder.state, InvitationState::kSent);
  EXPECT_EQ(reminder.message_id, absl::StrCat("<", reminded.id, "@x>"));
  EXPECT_EQ(reminder.sent_time, now);
  EXPECT_EQ(reminder.reminder_sent_time, later);
  EXPECT_FALSE(reminder.reminder_time.has_value());
  EXPECT_THAT(stores_.dispatch->MarkSent(cancelled, later, {"<late@x>", std::nullopt}),
              StatusIs(absl::StatusCode::kAborted));
}

// A lock let go without an outcome stands for a claimer that died after it
// began to hand the mail over: whether the mail left is unknown, and a
// cancel, which stands, says so in its event and in the invitation's reason.
TEST_P(InvitationContractTest, ACancelAfterAHandoverWithoutOutcomeSaysTheMailMayHaveLeft) {
  const Invitation invitation = Scheduled("1");
  const absl::Time now = invitation.send_time;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<SendLock> lock,
                       stores_.dispatch->LockForSend(ClaimOne(now), now));
  lock.reset();
  const EventRecord cancel = CancelOrder("1");
  EXPECT_EQ(cancel.outcome, EventOutcome::kCancelled) << cancel.reason;
  EXPECT_THAT(cancel.reason, HasSubstr("its invitation may have left at "));
  ASSERT_OK_AND_ASSIGN(const Invitation cancelled,
                       stores_.invitations->GetInvitation(invitation.id));
  EXPECT_EQ(cancelled.state, InvitationState::kCancelled);
  EXPECT_EQ(cancelled.structured_reason.code, InvitationReasonCode::kOrderNotRealised);
  EXPECT_EQ(cancelled.structured_reason.handover_time, now);
  EXPECT_THAT(cancelled.state_reason, HasSubstr("its invitation may have left at "));
  EXPECT_FALSE(cancelled.handover_time.has_value());
}

// The claimer's own outcome ends the handover: a cancel after a give-back
// knows the mail did not leave.
TEST_P(InvitationContractTest, ACancelAfterAGiveBackSaysNothingOfAHandover) {
  const Invitation invitation = Scheduled("1");
  const absl::Time now = invitation.send_time;
  const HeldMail held = ClaimOne(now);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<SendLock> lock, stores_.dispatch->LockForSend(held, now));
  lock.reset();
  ASSERT_THAT(stores_.dispatch->Reschedule(
                  held, now, now + absl::Minutes(5),
                  InvitationReasonOf(InvitationReasonCode::kRetrying, "4.2.1 busy"), true),
              IsOk());
  ASSERT_OK_AND_ASSIGN(const Invitation given_back,
                       stores_.invitations->GetInvitation(invitation.id));
  EXPECT_FALSE(given_back.handover_time.has_value());
  const EventRecord cancel = CancelOrder("1");
  EXPECT_EQ(cancel.outcome, EventOutcome::kCancelled) << cancel.reason;
  EXPECT_THAT(cancel.reason, Not(HasSubstr("may have left")));
}

TEST_P(InvitationContractTest, AnOwnersCancelAfterTheMailLeftIsRefusedAsTooLate) {
  const Invitation invitation = Scheduled("1");
  ASSERT_THAT(stores_.dispatch->MarkSent(ClaimOne(invitation.send_time), invitation.send_time,
                                         {"<m@x>", std::nullopt}),
              IsOk());
  EXPECT_THAT(stores_.invitations->CancelInvitation(
                  invitation.id, InvitationReasonOf(InvitationReasonCode::kCancelledByOwner),
                  invitation.send_time),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cancelled too late")));
}

TEST_P(InvitationContractTest, ACancelWhileTheReminderIsClaimedDropsTheReminderOnly) {
  const Invitation invitation = Scheduled("1");
  const absl::Time now = invitation.send_time;
  SendWithReminder(ClaimOne(now), now);
  const HeldMail reminder = ClaimOne(now + absl::Hours(72));
  const EventRecord cancel = CancelOrder("1");
  EXPECT_EQ(cancel.outcome, EventOutcome::kCancelled);
  EXPECT_THAT(cancel.reason, HasSubstr("cancelled too late"));
  EXPECT_THAT(cancel.reason, HasSubstr("reminder cancelled"));
  EXPECT_THAT(stores_.dispatch->LockForSend(reminder, now).status(),
              StatusIs(absl::StatusCode::kAborted));
  ASSERT_OK_AND_ASSIGN(Invitation after, stores_.invitations->GetInvitation(invitation.id));
  EXPECT_EQ(after.state, InvitationState::kSent);
  EXPECT_FALSE(after.reminder_time.has_value());
}

TEST_P(InvitationContractTest, AnOpinionOrAnUnsubscribeWhileTheReminderIsClaimedStopsIt) {
  const Invitation reviewed = Scheduled("1");
  const Invitation unsubscribed = Scheduled("2");
  const absl::Time now = reviewed.send_time;
  for (const HeldMail& held : Claim(now)) SendWithReminder(held, now);
  const std::vector<HeldMail> reminders = Claim(now + absl::Hours(72));
  ASSERT_EQ(reminders.size(), 2u);

  Opinion opinion;
  opinion.shop_id = shop_.id;
  opinion.invitation_id = reviewed.id;
  opinion.order_id = "1";
  opinion.input.rating = 5;
  opinion.create_time = now + absl::Hours(73);
  opinion.update_time = opinion.create_time;
  ASSERT_THAT(stores_.opinions->CreateOpinion(opinion), IsOk());
  Suppression suppression;
  suppression.shop_id = shop_.id;
  suppression.email_hash = ::opinus::testing::TestAddressHasher().Hash("jan.kowalski@example.com");
  suppression.source = "one-click";
  suppression.create_time = now + absl::Hours(73);
  ASSERT_THAT(stores_.suppressions->Unsubscribe(
                  unsubscribed.id, suppression,
                  InvitationReasonOf(InvitationReasonCode::kUnsubscribed), now + absl::Hours(73)),
              IsOk());

  EXPECT_EQ(State(reviewed.id), InvitationState::kReviewed);
  EXPECT_EQ(State(unsubscribed.id), InvitationState::kSuppressed);
  for (const HeldMail& reminder : reminders) {
    EXPECT_THAT(stores_.dispatch->LockForSend(reminder, now).status(),
                StatusIs(absl::StatusCode::kAborted));
  }
}

TEST_P(InvitationContractTest, AResendWhileTheOldClaimerStillWorksIsNotUndone) {
  const Invitation invitation = Scheduled("1");
  const absl::Time now = invitation.send_time;
  const HeldMail held = ClaimOne(now);
  ASSERT_THAT(stores_.invitations->CancelInvitation(
                  invitation.id, InvitationReasonOf(InvitationReasonCode::kCancelledByOwner), now),
              IsOk());
  ASSERT_THAT(stores_.invitations->ResendInvitation(
                  invitation.id, InvitationReasonOf(InvitationReasonCode::kResentByOwner), now),
              IsOk());
  EXPECT_THAT(stores_.dispatch->Reschedule(
                  held, now, now + absl::Hours(10),
                  InvitationReasonOf(InvitationReasonCode::kOutsideSendingHours), false),
              StatusIs(absl::StatusCode::kAborted));
  ASSERT_OK_AND_ASSIGN(Invitation after, stores_.invitations->GetInvitation(invitation.id));
  EXPECT_EQ(after.state, InvitationState::kScheduled);
  EXPECT_EQ(after.send_time, now);
  EXPECT_EQ(Claim(now).size(), 1u);
}

TEST_P(InvitationContractTest, OnlyFailedOrCancelledInvitationsAreResent) {
  const Invitation invitation = Scheduled("1");
  EXPECT_THAT(stores_.invitations->ResendInvitation(
                  invitation.id, InvitationReasonOf(InvitationReasonCode::kResentByOperator),
                  invitation.send_time),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is scheduled")));
  ASSERT_EQ(Claim(invitation.send_time).size(), 1u);
  EXPECT_THAT(stores_.invitations->ResendInvitation(
                  invitation.id, InvitationReasonOf(InvitationReasonCode::kResentByOperator),
                  invitation.send_time),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is sending")));
}

// An erasure: what may still be cancelled is, through the same transition as
// any cancel; what ended stays as it ended; neither keeps the address, and a
// reason quoting it is masked; the suppression stays.
TEST_P(InvitationContractTest, AnErasureCancelsWhatIsPendingAndKeepsNoAddress) {
  const Invitation pending = Scheduled("1");
  const Invitation cancelled = Scheduled("2");
  CancelOrder("2");
  Suppression suppression;
  suppression.shop_id = Suppression::kAllShops;
  suppression.email_hash = ::opinus::testing::TestAddressHasher().Hash("jan.kowalski@example.com");
  suppression.create_time = clock_.Now();
  suppression.source = "bounce";
  suppression.reason = "550 <Jan.Kowalski@Example.com> unknown";
  ASSERT_THAT(stores_.suppressions->AddSuppression(suppression), IsOk());
  PrivacyManager privacy(stores_.privacy, &::opinus::testing::TestAddressHasher(), &clock_);

  ASSERT_OK_AND_ASSIGN(Erasure erasure, privacy.Erase("JAN.KOWALSKI@example.com", "asked"));
  EXPECT_EQ(erasure.invitations, 2);
  EXPECT_EQ(erasure.cancelled, 1);
  EXPECT_GT(erasure.id, 0);
  ASSERT_OK_AND_ASSIGN(Invitation after, stores_.invitations->GetInvitation(pending.id));
  EXPECT_EQ(after.state, InvitationState::kCancelled);
  EXPECT_EQ(after.structured_reason.code, InvitationReasonCode::kDataErased);
  EXPECT_EQ(after.customer_email, "");
  EXPECT_EQ(after.customer_first_name, "");
  ASSERT_OK_AND_ASSIGN(after, stores_.invitations->GetInvitation(cancelled.id));
  EXPECT_EQ(after.state, InvitationState::kCancelled);
  EXPECT_THAT(after.state_reason, Not(HasSubstr("erased")));
  EXPECT_EQ(after.customer_email, "");
  ASSERT_OK_AND_ASSIGN(PersonalData left, privacy.Export("jan.kowalski@example.com"));
  EXPECT_TRUE(left.records.empty());
  ASSERT_EQ(left.suppressions.size(), 1u);
  EXPECT_EQ(left.suppressions[0].reason, "550 <***@Example.com> unknown");
}

// Retention on a fake clock: an ended invitation is purged on the day its
// retention runs out, not the day before; a sent one ends when its link
// stops taking an opinion; one that has not ended is never purged; events
// count from their receipt.
TEST_P(InvitationContractTest, RetentionPurgesOnItsDayNeverBeforeAndNeverWhatHasNotEnded) {
  const absl::Time start = clock_.now;
  const absl::Duration day = absl::Hours(24);
  const Invitation cancelled = Scheduled("1");
  CancelOrder("1");
  const Invitation sent = Scheduled("3");
  const absl::Time sent_at = sent.send_time;
  SendWithReminder(ClaimOne(sent_at), sent_at);
  ASSERT_THAT(stores_.invitations->CancelInvitation(
                  sent.id, InvitationReasonOf(InvitationReasonCode::kCancelledByOwner), sent_at),
              IsOk());
  const Invitation pending = Scheduled("2");
  PrivacyManager privacy(stores_.privacy, &::opinus::testing::TestAddressHasher(), &clock_);
  auto purge = [&](absl::Time now) {
    clock_.now = now;
    absl::StatusOr<Purged> purged = privacy.Purge();
    EXPECT_THAT(purged, IsOk());
    return purged.ok() ? std::make_pair(purged->invitations, purged->events)
                       : std::make_pair(-1, -1);
  };
  const auto email = [&](InvitationId id) {
    absl::StatusOr<Invitation> invitation = stores_.invitations->GetInvitation(id);
    EXPECT_THAT(invitation, IsOk());
    return invitation.ok() ? invitation->customer_email : "?";
  };

  EXPECT_EQ(purge(start + 179 * day), std::make_pair(0, 0));
  EXPECT_EQ(email(cancelled.id), "jan.kowalski@example.com");
  EXPECT_EQ(purge(start + 180 * day), std::make_pair(1, 4));
  EXPECT_EQ(email(cancelled.id), "");
  EXPECT_EQ(State(cancelled.id), InvitationState::kCancelled);
  EXPECT_EQ(email(sent.id), "jan.kowalski@example.com");
  const absl::Time expired = sent_at + kOpinionLinkValidity;
  EXPECT_EQ(purge(expired + 179 * day), std::make_pair(0, 0));
  EXPECT_EQ(purge(expired + 180 * day), std::make_pair(1, 0));
  EXPECT_EQ(email(sent.id), "");
  EXPECT_EQ(State(sent.id), InvitationState::kSent);
  EXPECT_EQ(purge(start + 3650 * day), std::make_pair(0, 0));
  EXPECT_EQ(email(pending.id), "jan.kowalski@example.com");
  EXPECT_EQ(State(pending.id), InvitationState::kScheduled);
}

// An owner's deletion on a fake clock: due at the end of the grace, not a
// second before; the owner, their shop, its invitations and its key go; a
// deletion cancelled within the grace never happens.
TEST_P(InvitationContractTest, AnOwnersDeletionHappensWhenDueUnlessCancelled) {
  const absl::Time start = clock_.now;
  auto owner = [&](const std::string& email) {
    Owner created;
    created.email = email;
    created.password_hash = "not a hash";
    created.create_time = start;
    absl::StatusOr<Owner> stored = stores_.accounts->CreateOwner(created);
    EXPECT_THAT(stored, IsOk());
    return stored.value_or(Owner{});
  };
  const Owner leaving = owner("leaving@example.com");
  const Owner staying = owner("staying@example.com");
  ASSERT_OK_AND_ASSIGN(const Shop leaving_shop,
                       shops_->CreateShop("Znikam", "znikam.shoparena.pl", "", leaving));
  ASSERT_OK_AND_ASSIGN(const Shop staying_shop,
                       shops_->CreateShop("Zostaję", "zostaje.shoparena.pl", "", staying));
  ASSERT_OK_AND_ASSIGN(
      const EventRecord order,
      recorder_->Record(leaving_shop.webhook_key, Realised("1", "2024-05-08 09:12:05")));
  const absl::Time due = start + kAccountDeletionGrace;
  ASSERT_THAT(stores_.accounts->ScheduleDeletion(leaving.id, due), IsOk());
  ASSERT_THAT(stores_.accounts->ScheduleDeletion(staying.id, due), IsOk());
  EXPECT_EQ(stores_.accounts->CancelDeletion(staying.id).value_or(false), true);
  EXPECT_EQ(stores_.accounts->CancelDeletion(staying.id).value_or(true), false);
  ASSERT_OK_AND_ASSIGN(const Owner pending, stores_.accounts->GetOwner(leaving.id));
  EXPECT_EQ(pending.deletion_due_time, due);
  PrivacyManager privacy(stores_.privacy, &::opinus::testing::TestAddressHasher(), &clock_);

  clock_.now = due - absl::Seconds(1);
  ASSERT_OK_AND_ASSIGN(Purged purged, privacy.Purge());
  EXPECT_EQ(purged.owners, 0);
  EXPECT_THAT(stores_.shops->GetShop(leaving_shop.id), IsOk());

  clock_.now = due;
  ASSERT_OK_AND_ASSIGN(purged, privacy.Purge());
  EXPECT_EQ(purged.owners, 1);
  EXPECT_THAT(stores_.accounts->GetOwner(leaving.id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(stores_.accounts->CancelDeletion(leaving.id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(stores_.shops->GetShop(leaving_shop.id), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(const std::optional<Shop> by_key,
                       stores_.shops->FindShopByKey(leaving_shop.webhook_key));
  EXPECT_FALSE(by_key.has_value());
  EXPECT_THAT(stores_.invitations->GetInvitation(order.invitation_id),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(stores_.accounts->GetOwner(staying.id), IsOk());
  EXPECT_THAT(stores_.shops->GetShop(staying_shop.id), IsOk());
  ASSERT_OK_AND_ASSIGN(purged, privacy.Purge());
  EXPECT_EQ(purged.owners, 0);
}

// The dashboard's figures: webhooks in their window, invitations by state,
// opinions received whatever became of them, averages of the published ones
// in 30 and 90 days, and each opinion in its week counted back from now.
TEST_P(InvitationContractTest, TheDashboardCountsEachFigureInItsWindow) {
  const absl::Time received = clock_.now;
  std::vector<Invitation> invitations;
  for (const char* order : {"1", "2", "3", "4", "5"}) invitations.push_back(Scheduled(order));
  CancelOrder("5");
  const absl::Time sent = received + absl::Hours(8 * 24);
  const std::vector<HeldMail> held = Claim(sent);
  ASSERT_EQ(held.size(), 4u);
  for (int i = 0; i < 3; ++i) SendWithReminder(held[i], sent);
  ASSERT_THAT(stores_.dispatch->MarkSuppressed(
                  held[3], sent, InvitationReasonOf(InvitationReasonCode::kAddressSuppressed)),
              IsOk());

  const absl::Time now = sent + absl::Hours(50 * 24);
  // Rated 5 a little under 50 days ago, 3 two days ago, and 1 yesterday (hidden).
  const std::vector<std::pair<int, absl::Time>> given = {
      {5, sent + absl::Hours(1)}, {3, now - absl::Hours(48)}, {1, now - absl::Hours(24)}};
  for (std::size_t i = 0; i < given.size(); ++i) {
    Opinion opinion;
    opinion.shop_id = shop_.id;
    opinion.invitation_id = held[i].id;
    opinion.order_id = absl::StrCat(i + 1);
    opinion.input.rating = given[i].first;
    opinion.create_time = given[i].second;
    opinion.update_time = given[i].second;
    ASSERT_OK_AND_ASSIGN(Opinion stored, stores_.opinions->CreateOpinion(opinion));
    if (i == 2) {
      ASSERT_THAT(stores_.opinions->SetStatus(stored.id, OpinionStatus::kHidden, "spam", now),
                  IsOk());
    }
  }

  ASSERT_OK_AND_ASSIGN(ShopDashboard fresh,
                       stores_.dashboards->GetShopDashboard(shop_.id, received + absl::Hours(1)));
  EXPECT_EQ(fresh.webhooks_last_7_days, 6);

  ASSERT_OK_AND_ASSIGN(ShopDashboard dashboard,
                       stores_.dashboards->GetShopDashboard(shop_.id, now));
  EXPECT_EQ(dashboard.webhooks_last_7_days, 0);
  EXPECT_EQ(dashboard.last_webhook_time, received);
  EXPECT_EQ(dashboard.invitations_scheduled, 0);
  EXPECT_EQ(dashboard.invitations_sent, 3);
  EXPECT_EQ(dashboard.invitations_failed, 0);
  EXPECT_EQ(dashboard.invitations_bounced, 0);
  EXPECT_EQ(dashboard.invitations_suppressed, 1);
  EXPECT_EQ(dashboard.invitations_cancelled, 1);
  EXPECT_EQ(dashboard.opinions_received, 3);
  EXPECT_DOUBLE_EQ(ResponseRate(dashboard), 1.0);
  EXPECT_EQ(dashboard.last_30_days.count, 1);
  EXPECT_EQ(dashboard.last_30_days.rating_sum, 3);
  EXPECT_EQ(dashboard.last_90_days.count, 2);
  EXPECT_EQ(dashboard.last_90_days.rating_sum, 8);
  ASSERT_EQ(dashboard.weeks.size(), 12u);
  EXPECT_EQ(dashboard.weeks[0].start, now - absl::Hours(84 * 24));
  for (std::size_t week = 0; week < 12; ++week) {
    SCOPED_TRACE(week);
    const DashboardWeek& got = dashboard.weeks[week];
    EXPECT_EQ(got.start, now - absl::Hours(static_cast<double>((12 - week) * 7 * 24)));
    // 50 days ago is in week 4 (34 days after the first's start); the last
    // two in week 11.
    const int64_t received_in = week == 4 ? 1 : week == 11 ? 2 : 0;
    const int64_t sum = week == 4 ? 5 : week == 11 ? 3 : 0;
    EXPECT_EQ(got.received, received_in);
    EXPECT_EQ(got.published.count, received_in > 0 ? 1 : 0);
    EXPECT_EQ(got.published.rating_sum, sum);
  }
}

// The parcel trigger: an order's row keeps the buyer waiting for the parcel
// and a parcel's send date waiting for the buyer, whichever comes first; an
// erasure empties a waiting buyer.
TEST_P(InvitationContractTest, TheParcelTriggerKeepsWhatWaitsOnTheOrder) {
  SettingsUpdate update;
  TriggerRule parcel_trigger;
  parcel_trigger.parcel_dispatch = true;
  update.trigger = parcel_trigger;
  ASSERT_OK_AND_ASSIGN(shop_, shops_->UpdateSettings(shop_.id, update));
  auto record = [&](const OrderEvent& event) {
    absl::StatusOr<EventRecord> recorded = recorder_->Record(shop_.webhook_key, event);
    EXPECT_THAT(recorded, IsOk());
    return recorded.ok() ? *recorded : EventRecord{};
  };

  EXPECT_EQ(record(Realised("1", "2024-05-08 09:00:00")).outcome, EventOutcome::kIgnored);
  const EventRecord first = record(ParcelSent("1", "2024-05-09 10:30:00"));
  ASSERT_EQ(first.outcome, EventOutcome::kScheduled) << first.reason;
  ASSERT_OK_AND_ASSIGN(Invitation invitation,
                       stores_.invitations->GetInvitation(first.invitation_id));
  touched_.push_back(invitation.id);
  EXPECT_EQ(invitation.customer_email, "jan.kowalski@example.com");
  EXPECT_EQ(invitation.status_time, Utc(2024, 5, 9, 8, 30, 0));

  EXPECT_EQ(record(ParcelSent("2", "2024-05-09 10:30:00")).outcome, EventOutcome::kIgnored);
  const EventRecord second = record(Realised("2", "2024-05-09 12:00:00"));
  ASSERT_EQ(second.outcome, EventOutcome::kScheduled) << second.reason;
  ASSERT_OK_AND_ASSIGN(invitation, stores_.invitations->GetInvitation(second.invitation_id));
  touched_.push_back(invitation.id);
  EXPECT_EQ(invitation.status_time, Utc(2024, 5, 9, 8, 30, 0));

  record(Realised("3", "2024-05-08 09:00:00"));
  PrivacyManager privacy(stores_.privacy, &::opinus::testing::TestAddressHasher(), &clock_);
  ASSERT_THAT(privacy.Erase("JAN.KOWALSKI@example.com", "asked"), IsOk());
  EXPECT_EQ(record(ParcelSent("3", "2024-05-09 10:30:00")).structured_reason.code,
            EventReasonCode::kAwaitingOrder);

  // A buyer whose parcel never comes is emptied by the retention sweep, the
  // retention after the order's last status, not a second before.
  record(Realised("4", "2024-05-08 09:00:00"));
  const absl::Time last_status = Utc(2024, 5, 8, 7, 0, 0);
  const absl::Time saved_now = clock_.now;
  clock_.now = last_status + Retention().retention - absl::Seconds(1);
  ASSERT_OK_AND_ASSIGN(Purged purged, privacy.Purge());
  EXPECT_EQ(purged.waiting_buyers, 0);
  clock_.now = last_status + Retention().retention;
  ASSERT_OK_AND_ASSIGN(purged, privacy.Purge());
  EXPECT_EQ(purged.waiting_buyers, 1);
  clock_.now = saved_now;
  EXPECT_EQ(record(ParcelSent("4", "2024-05-09 10:30:00")).structured_reason.code,
            EventReasonCode::kAwaitingOrder);
}

INSTANTIATE_TEST_SUITE_P(Stores, InvitationContractTest, ::testing::Values("memory", "mysql"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace opinus::server
