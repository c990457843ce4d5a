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
  EXPECT_EQ(erased.state_reason, kErasureCancelReason);
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

}  // namespace
}  // namespace opinus::server
