// Tests of InvitationManager over InMemoryStorage: reading, listing and
// cancelling invitations by hand.
#include "server/managers/invitation_manager.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const absl::Time kStart = Utc(2024, 5, 9, 12, 0, 0);

class InvitationManagerTest : public ::testing::Test {
 protected:
  InvitationManagerTest()
      : clock_(kStart),
        shops_(&storage_, &keys_, &clock_),
        recorder_(&storage_, &storage_, &clock_),
        invitations_(&storage_, &storage_, &storage_, &clock_) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(shop_,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "owner@example.com"));
  }

  // Schedule records order `order_id` entering its trigger status and
  // returns the new invitation's id (0 on failure).
  InvitationId Schedule(const Shop& shop, const std::string& order_id) {
    absl::StatusOr<EventRecord> record =
        recorder_.Record(shop.webhook_key, Realised(order_id, "2024-05-08 09:00:00"));
    EXPECT_TRUE(record.ok()) << record.status();
    if (!record.ok()) return 0;
    EXPECT_EQ(record->outcome, EventOutcome::kScheduled);
    return record->invitation_id;
  }
  InvitationId Schedule(const std::string& order_id) { return Schedule(shop_, order_id); }

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  InvitationManager invitations_;
  Shop shop_;
};

TEST_F(InvitationManagerTest, GetInvitationReturnsIt) {
  const InvitationId id = Schedule("1001");
  ASSERT_OK_AND_ASSIGN(Invitation invitation, invitations_.GetInvitation(id));
  EXPECT_EQ(invitation.id, id);
  EXPECT_EQ(invitation.order_id, "1001");
  EXPECT_EQ(invitation.state, InvitationState::kScheduled);
}

TEST_F(InvitationManagerTest, GetInvitationOfAnUnknownIdIsNotFound) {
  EXPECT_THAT(invitations_.GetInvitation(99), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(InvitationManagerTest, CancelInvitationCancelsAScheduledOne) {
  const InvitationId id = Schedule("1001");
  clock_.Advance(absl::Hours(3));
  ASSERT_OK_AND_ASSIGN(Invitation cancelled,
                       invitations_.CancelInvitation(id, Requester::kOperator, ""));
  EXPECT_EQ(cancelled.id, id);
  EXPECT_EQ(cancelled.state, InvitationState::kCancelled);
  EXPECT_EQ(cancelled.state_reason, "cancelled by operator");
  EXPECT_EQ(cancelled.structured_reason.code, InvitationReasonCode::kCancelledByOperator);
  EXPECT_EQ(cancelled.update_time, kStart + absl::Hours(3));

  ASSERT_OK_AND_ASSIGN(Invitation stored, invitations_.GetInvitation(id));
  EXPECT_EQ(stored.state, InvitationState::kCancelled);
  EXPECT_EQ(stored.state_reason, "cancelled by operator");
}

TEST_F(InvitationManagerTest, CancelInvitationKeepsTheOperatorsNote) {
  const InvitationId id = Schedule("1001");
  ASSERT_OK_AND_ASSIGN(
      Invitation cancelled,
      invitations_.CancelInvitation(id, Requester::kOperator, "klient prosił o brak e-maili"));
  EXPECT_EQ(cancelled.state_reason, "klient prosił o brak e-maili");
  EXPECT_EQ(cancelled.structured_reason.detail, "klient prosił o brak e-maili");
}

TEST_F(InvitationManagerTest, AnOwnersCancelAndResendSaySoAsData) {
  const InvitationId id = Schedule("1001");
  ASSERT_OK_AND_ASSIGN(Invitation cancelled,
                       invitations_.CancelInvitation(id, Requester::kOwner, ""));
  EXPECT_EQ(cancelled.structured_reason.code, InvitationReasonCode::kCancelledByOwner);
  EXPECT_EQ(cancelled.state_reason, "cancelled by the shop's owner");
  ASSERT_OK_AND_ASSIGN(Invitation resent, invitations_.ResendInvitation(id, Requester::kOwner, ""));
  EXPECT_EQ(resent.structured_reason.code, InvitationReasonCode::kResentByOwner);
  EXPECT_EQ(resent.state_reason, "resent by the shop's owner");
}

TEST_F(InvitationManagerTest, CancelInvitationRejectsAReasonWithControlCharacters) {
  const InvitationId id = Schedule("1001");
  EXPECT_THAT(invitations_.CancelInvitation(id, Requester::kOperator, "a\r\nb"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("reason:")));
  ASSERT_OK_AND_ASSIGN(Invitation stored, invitations_.GetInvitation(id));
  EXPECT_EQ(stored.state, InvitationState::kScheduled);
}

TEST_F(InvitationManagerTest, CancellingTwiceFailsThePrecondition) {
  const InvitationId id = Schedule("1001");
  ASSERT_OK_AND_ASSIGN(Invitation cancelled,
                       invitations_.CancelInvitation(id, Requester::kOperator, "first"));
  EXPECT_THAT(invitations_.CancelInvitation(id, Requester::kOperator, "second"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(Invitation stored, invitations_.GetInvitation(id));
  EXPECT_EQ(stored.state_reason, "first");
}

TEST_F(InvitationManagerTest, CancellingAnInvitationTheOrderCancelledFailsThePrecondition) {
  const InvitationId id = Schedule("1001");
  ASSERT_OK_AND_ASSIGN(EventRecord record, recorder_.Record(shop_.webhook_key, Deleted("1001")));
  ASSERT_EQ(record.outcome, EventOutcome::kCancelled);
  EXPECT_THAT(invitations_.CancelInvitation(id, Requester::kOperator, ""),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(InvitationManagerTest, AfterAnOperatorCancelsTheOrderCannotCancelAgain) {
  const InvitationId id = Schedule("1001");
  ASSERT_OK_AND_ASSIGN(Invitation cancelled,
                       invitations_.CancelInvitation(id, Requester::kOperator, ""));
  ASSERT_OK_AND_ASSIGN(
      EventRecord record,
      recorder_.Record(shop_.webhook_key, NotRealised("1001", "2024-05-08 10:00:00")));
  EXPECT_EQ(record.outcome, EventOutcome::kIgnored);
  ASSERT_OK_AND_ASSIGN(Invitation stored, invitations_.GetInvitation(id));
  EXPECT_EQ(stored.state_reason, "cancelled by operator");
}

TEST_F(InvitationManagerTest, CancellingAnUnknownInvitationIsNotFound) {
  EXPECT_THAT(invitations_.CancelInvitation(99, Requester::kOperator, ""),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(InvitationManagerTest, ResendSchedulesACancelledOneAgainDueNow) {
  const InvitationId id = Schedule("1043");
  ASSERT_OK_AND_ASSIGN(Invitation cancelled,
                       invitations_.CancelInvitation(id, Requester::kOperator, ""));
  clock_.Advance(absl::Hours(3));
  ASSERT_OK_AND_ASSIGN(Invitation resent,
                       invitations_.ResendInvitation(id, Requester::kOperator, ""));
  EXPECT_EQ(resent.state, InvitationState::kScheduled);
  EXPECT_EQ(resent.state_reason, "resent by operator");
  EXPECT_EQ(resent.send_time, kStart + absl::Hours(3));
  EXPECT_EQ(resent.attempts, 0);
  ASSERT_OK_AND_ASSIGN(Invitation stored, invitations_.GetInvitation(id));
  EXPECT_EQ(stored.state, InvitationState::kScheduled);
  EXPECT_EQ(stored.send_time, kStart + absl::Hours(3));
}

TEST_F(InvitationManagerTest, ResendRefusesWhatIsOnItsWayOrUnknown) {
  const InvitationId id = Schedule("1043");
  EXPECT_THAT(invitations_.ResendInvitation(id, Requester::kOperator, ""),
              StatusIs(absl::StatusCode::kFailedPrecondition, StartsWith("invitation")));
  EXPECT_THAT(invitations_.ResendInvitation(99, Requester::kOperator, ""),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(invitations_.ResendInvitation(id, Requester::kOperator, "a\nb"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(InvitationManagerTest, ListInvitationsFiltersByStateNewestFirst) {
  const InvitationId first = Schedule("1001");
  const InvitationId second = Schedule("1002");
  const InvitationId third = Schedule("1003");
  ASSERT_OK_AND_ASSIGN(Invitation cancelled,
                       invitations_.CancelInvitation(second, Requester::kOperator, ""));

  ASSERT_OK_AND_ASSIGN(Page<Invitation> all,
                       invitations_.ListInvitations(shop_.id, std::nullopt, PageRequest{}));
  EXPECT_THAT(all.items, ElementsAre(Field(&Invitation::id, third), Field(&Invitation::id, second),
                                     Field(&Invitation::id, first)));
  EXPECT_EQ(all.next_token, "");

  ASSERT_OK_AND_ASSIGN(
      Page<Invitation> scheduled,
      invitations_.ListInvitations(shop_.id, InvitationState::kScheduled, PageRequest{}));
  EXPECT_THAT(scheduled.items,
              ElementsAre(Field(&Invitation::id, third), Field(&Invitation::id, first)));

  ASSERT_OK_AND_ASSIGN(
      Page<Invitation> cancelled_only,
      invitations_.ListInvitations(shop_.id, InvitationState::kCancelled, PageRequest{}));
  EXPECT_THAT(cancelled_only.items, ElementsAre(Field(&Invitation::id, second)));

  ASSERT_OK_AND_ASSIGN(Page<Invitation> sent, invitations_.ListInvitations(
                                                  shop_.id, InvitationState::kSent, PageRequest{}));
  EXPECT_THAT(sent.items, IsEmpty());
}

TEST_F(InvitationManagerTest, ListInvitationsPages) {
  std::vector<InvitationId> created;
  for (int i = 1; i <= 5; ++i) created.push_back(Schedule(std::to_string(1000 + i)));
  // One of another shop in between, which must not show up.
  ASSERT_OK_AND_ASSIGN(Shop other,
                       shops_.CreateShop("Inny", "sklep2.shoparena.pl", "owner2@example.com"));
  Schedule(other, "1003");

  std::vector<InvitationId> listed;
  std::vector<size_t> page_sizes;
  PageRequest request{2, ""};
  int pages = 0;
  do {
    ASSERT_LT(++pages, 10) << "paging does not end";
    ASSERT_OK_AND_ASSIGN(Page<Invitation> page,
                         invitations_.ListInvitations(shop_.id, std::nullopt, request));
    page_sizes.push_back(page.items.size());
    for (const Invitation& invitation : page.items) listed.push_back(invitation.id);
    request.token = page.next_token;
  } while (!request.token.empty());
  EXPECT_EQ(page_sizes, (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(listed, (std::vector<InvitationId>(created.rbegin(), created.rend())));
}

TEST_F(InvitationManagerTest, ListInvitationsPagesWithAStateFilter) {
  std::vector<InvitationId> created;
  for (int i = 1; i <= 5; ++i) created.push_back(Schedule(std::to_string(1000 + i)));
  ASSERT_OK_AND_ASSIGN(Invitation cancelled,
                       invitations_.CancelInvitation(created[3], Requester::kOperator, ""));

  ASSERT_OK_AND_ASSIGN(
      Page<Invitation> first,
      invitations_.ListInvitations(shop_.id, InvitationState::kScheduled, PageRequest{2, ""}));
  EXPECT_THAT(first.items,
              ElementsAre(Field(&Invitation::id, created[4]), Field(&Invitation::id, created[2])));
  ASSERT_FALSE(first.next_token.empty());
  ASSERT_OK_AND_ASSIGN(Page<Invitation> second,
                       invitations_.ListInvitations(shop_.id, InvitationState::kScheduled,
                                                    PageRequest{2, first.next_token}));
  EXPECT_THAT(second.items,
              ElementsAre(Field(&Invitation::id, created[1]), Field(&Invitation::id, created[0])));
  EXPECT_EQ(second.next_token, "");
}

TEST_F(InvitationManagerTest, ListInvitationsRejectsAForeignToken) {
  EXPECT_THAT(invitations_.ListInvitations(shop_.id, std::nullopt, PageRequest{2, "x"}),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_token:")));
}

TEST_F(InvitationManagerTest, ListInvitationsOfAnUnknownShopIsNotFound) {
  EXPECT_THAT(invitations_.ListInvitations(99, std::nullopt, PageRequest{}),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace opinus::server
