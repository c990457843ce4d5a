// Tests of PrivacyManager over InMemoryStorage, which keeps the MySQL
// store's contract (PrivacyTest holds MySQL to it with a real database).
#include "server/managers/privacy_manager.h"

#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "server/managers/suppression_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/support/test_address_hasher.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::StatusIs;
using ::opinus::testing::TestAddressHasher;
using ::testing::IsEmpty;

class PrivacyManagerTest : public ::testing::Test {
 protected:
  PrivacyManagerTest()
      : clock_(Utc(2024, 5, 9, 12, 0, 0)),
        shops_(&storage_, &keys_, &clock_),
        recorder_(&storage_, &storage_, &clock_),
        suppressions_(&storage_, &storage_, &storage_, &TestAddressHasher(), &clock_),
        privacy_(&storage_, &TestAddressHasher(), &clock_) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(shop_,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "owner@example.com"));
  }

  InvitationId Schedule(const std::string& order_id, const std::string& email) {
    OrderEvent event = Realised(order_id, "2024-05-08 09:00:00");
    event.customer_email = email;
    absl::StatusOr<EventRecord> record = recorder_.Record(shop_.webhook_key, event);
    EXPECT_TRUE(record.ok()) << record.status();
    return record.ok() ? record->invitation_id : 0;
  }

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  SuppressionManager suppressions_;
  PrivacyManager privacy_;
  Shop shop_;
};

TEST_F(PrivacyManagerTest, ExportFindsTheAddressInAnyLetterCaseAndItsSuppressions) {
  const InvitationId mine = Schedule("1001", "Jan.Kowalski@Example.com");
  Schedule("1002", "ewa@example.com");
  ASSERT_OK_AND_ASSIGN(
      Suppression suppression,
      suppressions_.AddSuppression(Suppression::kAllShops, "jan.kowalski@example.com", "by phone"));
  ASSERT_OK_AND_ASSIGN(PersonalData data, privacy_.Export(" JAN.kowalski@example.com"));
  EXPECT_EQ(data.email, "jan.kowalski@example.com");
  ASSERT_EQ(data.records.size(), 1u);
  EXPECT_EQ(data.records[0].invitation.id, mine);
  EXPECT_EQ(data.records[0].shop_name, "Sklep");
  EXPECT_EQ(data.records[0].order_events.size(), 1u);
  EXPECT_FALSE(data.records[0].opinion.has_value());
  ASSERT_EQ(data.suppressions.size(), 1u);
  EXPECT_EQ(data.suppressions[0].id, suppression.id);
}

TEST_F(PrivacyManagerTest, EraseCancelsBlanksAndRecordsOnlyTheHash) {
  const InvitationId mine = Schedule("1001", "Jan.Kowalski@Example.com");
  const InvitationId other = Schedule("1002", "ewa@example.com");
  ASSERT_TRUE(
      suppressions_
          .AddSuppression(shop_.id, "jan.kowalski@example.com", "asked by jan.kowalski@example.com")
          .ok());
  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(Erasure erasure, privacy_.Erase("jan.kowalski@example.com",
                                                       "asked by jan.kowalski@example.com"));
  EXPECT_EQ(erasure.invitations, 1);
  EXPECT_EQ(erasure.cancelled, 1);
  EXPECT_EQ(erasure.reason, "asked by ***@example.com");
  EXPECT_EQ(erasure.email_hash, TestAddressHasher().Hash("jan.kowalski@example.com"));
  EXPECT_EQ(erasure.erase_time, clock_.Now());

  ASSERT_OK_AND_ASSIGN(Invitation erased, storage_.GetInvitation(mine));
  EXPECT_EQ(erased.state, InvitationState::kCancelled);
  EXPECT_EQ(erased.structured_reason.code, InvitationReasonCode::kDataErased);
  EXPECT_EQ(erased.customer_email, "");
  EXPECT_EQ(erased.customer_first_name, "");
  EXPECT_EQ(erased.customer_last_name, "");
  EXPECT_EQ(storage_.GetInvitation(other)->customer_email, "ewa@example.com");
  ASSERT_EQ(storage_.erasures().size(), 1u);

  // The suppression stays, its reason masked; nothing else is found.
  ASSERT_OK_AND_ASSIGN(PersonalData after, privacy_.Export("jan.kowalski@example.com"));
  EXPECT_THAT(after.records, IsEmpty());
  ASSERT_EQ(after.suppressions.size(), 1u);
  EXPECT_EQ(after.suppressions[0].reason, "asked by ***@example.com");
}

TEST_F(PrivacyManagerTest, AMalformedAddressIsRefusedAndNothingIsRecorded) {
  EXPECT_THAT(privacy_.Erase("not-an-address", ""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(privacy_.Export(""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(storage_.erasures(), IsEmpty());
}

TEST(InvitationEndTimeTest, AnInvitationEndsWhenItCanNoLongerTakeAnOpinionOrBeMailed) {
  Invitation invitation;
  invitation.update_time = Utc(2024, 5, 9, 12, 0, 0);
  for (InvitationState state : {InvitationState::kScheduled, InvitationState::kSending}) {
    invitation.state = state;
    EXPECT_EQ(InvitationEndTime(invitation), std::nullopt) << InvitationStateName(state);
  }
  for (InvitationState state :
       {InvitationState::kReviewed, InvitationState::kCancelled, InvitationState::kSuppressed,
        InvitationState::kFailed, InvitationState::kBounced}) {
    invitation.state = state;
    EXPECT_EQ(InvitationEndTime(invitation), invitation.update_time) << InvitationStateName(state);
  }
  // Sent: once the last mailed link expires, not while a reminder is pending.
  invitation.state = InvitationState::kSent;
  invitation.sent_time = Utc(2024, 5, 1, 0, 0, 0);
  invitation.reminder_time = Utc(2024, 5, 4, 0, 0, 0);
  EXPECT_EQ(InvitationEndTime(invitation), std::nullopt);
  invitation.reminder_time.reset();
  EXPECT_EQ(InvitationEndTime(invitation), *invitation.sent_time + kOpinionLinkValidity);
  invitation.reminder_sent_time = Utc(2024, 5, 4, 0, 0, 0);
  EXPECT_EQ(InvitationEndTime(invitation), *invitation.reminder_sent_time + kOpinionLinkValidity);
}

TEST(PurgePersonalDataTest, EmptiesTheBuyerAndMasksQuotedAddresses) {
  Invitation invitation;
  invitation.customer_email = "jan@example.com";
  invitation.customer_first_name = "Jan";
  invitation.customer_last_name = "Kowalski";
  invitation.state_reason = "550 <jan@example.com> unknown";
  invitation.structured_reason.detail = "550 <jan@example.com> unknown";
  invitation.last_error = "451 jan@example.com busy";
  PurgePersonalData(invitation);
  EXPECT_EQ(invitation.customer_email, "");
  EXPECT_EQ(invitation.customer_first_name, "");
  EXPECT_EQ(invitation.customer_last_name, "");
  EXPECT_EQ(invitation.state_reason, "550 <***@example.com> unknown");
  EXPECT_EQ(invitation.structured_reason.detail, "550 <***@example.com> unknown");
  EXPECT_EQ(invitation.last_error, "451 ***@example.com busy");
}

TEST_F(PrivacyManagerTest, PurgeTakesAnEndedInvitationOnTheRetentionDayNotTheDayBefore) {
  const InvitationId mine = Schedule("1001", "jan.kowalski@example.com");
  ASSERT_TRUE(storage_
                  .CancelInvitation(mine,
                                    InvitationReasonOf(InvitationReasonCode::kCancelledByOperator,
                                                       "asked by jan.kowalski@example.com"),
                                    clock_.Now())
                  .ok());
  clock_.Advance(absl::Hours(24 * (kDefaultRetentionDays - 1)));
  ASSERT_OK_AND_ASSIGN(Purged purged, privacy_.Purge());
  EXPECT_EQ(purged.invitations, 0);
  EXPECT_EQ(purged.events, 0);
  EXPECT_EQ(storage_.GetInvitation(mine)->customer_email, "jan.kowalski@example.com");

  clock_.Advance(absl::Hours(24));
  ASSERT_OK_AND_ASSIGN(purged, privacy_.Purge());
  EXPECT_EQ(purged.invitations, 1);
  EXPECT_EQ(purged.events, 1);
  ASSERT_OK_AND_ASSIGN(Invitation after, storage_.GetInvitation(mine));
  EXPECT_EQ(after.state, InvitationState::kCancelled);
  EXPECT_EQ(after.customer_email, "");
  EXPECT_EQ(after.customer_first_name, "");
  EXPECT_EQ(after.state_reason, "asked by ***@example.com");
  EXPECT_EQ(after.structured_reason.detail, "asked by ***@example.com");
  ASSERT_OK_AND_ASSIGN(purged, privacy_.Purge());
  EXPECT_EQ(purged.invitations, 0);
  EXPECT_EQ(purged.events, 0);
}

TEST_F(PrivacyManagerTest, PurgeNeverTouchesAnInvitationThatHasNotEnded) {
  const InvitationId pending = Schedule("1001", "jan.kowalski@example.com");
  clock_.Advance(absl::Hours(24 * 365 * 10));
  ASSERT_OK_AND_ASSIGN(Purged purged, privacy_.Purge());
  EXPECT_EQ(purged.invitations, 0);
  // Its event counts from its own receipt.
  EXPECT_EQ(purged.events, 1);
  ASSERT_OK_AND_ASSIGN(Invitation after, storage_.GetInvitation(pending));
  EXPECT_EQ(after.state, InvitationState::kScheduled);
  EXPECT_EQ(after.customer_email, "jan.kowalski@example.com");
}

TEST_F(PrivacyManagerTest, PurgeGoesOnBatchAfterBatchAndCountsWhatItPurged) {
  metrics::Counter counted;
  PrivacyManager privacy(&storage_, &TestAddressHasher(), &clock_, Retention{absl::Hours(24), 2},
                         &counted);
  for (const char* order : {"1", "2", "3", "4", "5"}) {
    ASSERT_TRUE(storage_
                    .CancelInvitation(Schedule(order, "ewa@example.com"),
                                      InvitationReasonOf(InvitationReasonCode::kCancelledByOwner),
                                      clock_.Now())
                    .ok());
  }
  clock_.Advance(absl::Hours(24));
  ASSERT_OK_AND_ASSIGN(Purged purged, privacy.Purge());
  EXPECT_EQ(purged.invitations, 5);
  EXPECT_EQ(purged.events, 5);
  EXPECT_EQ(counted.Value(), 5);
}

}  // namespace
}  // namespace opinus::server
