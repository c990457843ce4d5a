// An owner deletes their account: AccountManager schedules it with the
// password asked again and logs the owner out, a log-in within the grace
// undoes it, and PrivacyManager's sweep deletes the owner and their shops
// at the end of the grace and not before; over InMemoryStorage (PrivacyTest
// holds MySQL to the same with a real database) and a fake clock.
#include <map>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/password_hasher.h"
#include "server/domain/token.h"
#include "server/managers/account_manager.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/privacy_manager.h"
#include "server/managers/shop_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/support/test_address_hasher.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/recording_account_mailer.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::opinus::testing::TestAddressHasher;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kPassword[] = "correct horse battery";

class AccountDeletionTest : public ::testing::Test {
 protected:
  AccountDeletionTest()
      : clock_(Utc(2024, 5, 9, 12, 0, 0)),
        accounts_(&storage_, &hasher_, &tokens_, &mailer_, &clock_),
        shops_(&storage_, &keys_, &clock_),
        recorder_(&storage_, &storage_, &clock_),
        privacy_(&storage_, &TestAddressHasher(), &clock_) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(session_, accounts_.SignUp("owner@example.com", kPassword, ""));
    ASSERT_OK_AND_ASSIGN(shop_,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "", session_.owner));
    OrderEvent event = Realised("1001", "2024-05-08 09:00:00");
    event.customer_email = "jan@example.com";
    ASSERT_OK_AND_ASSIGN(const EventRecord record, recorder_.Record(shop_.webhook_key, event));
    invitation_ = record.invitation_id;
  }

  ActingOwner Acting() {
    absl::StatusOr<ActingOwner> acting =
        accounts_.ActFor(session_.session_token, session_.csrf_token, /*changes=*/true);
    EXPECT_THAT(acting.status(), IsOk());
    return acting.value_or(ActingOwner{});
  }

  InMemoryStorage storage_;
  Argon2idPasswordHasher hasher_{kTestCost, 2};
  RandomTokenGenerator tokens_;
  RecordingAccountMailer mailer_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  AccountManager accounts_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  PrivacyManager privacy_;
  NewSession session_;
  Shop shop_;
  InvitationId invitation_ = 0;
};

TEST_F(AccountDeletionTest, OnlyTheRightPasswordInASessionSchedulesItAndLogsTheOwnerOut) {
  ASSERT_OK_AND_ASSIGN(const AccessTokenGrant token,
                       accounts_.CreateAccessToken(Acting(), "script", 0));
  ASSERT_OK_AND_ASSIGN(const ActingOwner by_token,
                       accounts_.ActFor(token.secret, "", /*changes=*/true));
  EXPECT_THAT(accounts_.DeleteAccount(by_token, kPassword),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(accounts_.DeleteAccount(Acting(), "wrong password!"),
              StatusIs(absl::StatusCode::kInvalidArgument));

  ASSERT_OK_AND_ASSIGN(const absl::Time due, accounts_.DeleteAccount(Acting(), kPassword));
  EXPECT_EQ(due, clock_.Now() + kAccountDeletionGrace);
  EXPECT_THAT(accounts_.Authenticate(session_.session_token),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(accounts_.Authenticate(token.secret), StatusIs(absl::StatusCode::kUnauthenticated));
  ASSERT_OK_AND_ASSIGN(const Owner owner, storage_.GetOwner(session_.owner.id));
  EXPECT_EQ(owner.deletion_due_time, due);
}

TEST_F(AccountDeletionTest, TheShopsHoldTheirInvitationsDuringTheGrace) {
  // Confirmed, so that only the deletion holds them.
  ASSERT_THAT(mailer_.sent(), SizeIs(1));
  ASSERT_THAT(accounts_.ConfirmEmail(mailer_.sent()[0].second).status(), IsOk());
  ASSERT_OK_AND_ASSIGN(auto held, storage_.HeldOwners({session_.owner.id}));
  EXPECT_THAT(held, IsEmpty());
  ASSERT_THAT(accounts_.DeleteAccount(Acting(), kPassword).status(), IsOk());
  ASSERT_OK_AND_ASSIGN(held, storage_.HeldOwners({session_.owner.id}));
  EXPECT_EQ(held, (std::map<OwnerId, OwnerHold>{{session_.owner.id, OwnerHold::kDeletionPending}}));
}

TEST_F(AccountDeletionTest, LoggingInWithinTheGraceUndoesIt) {
  ASSERT_OK_AND_ASSIGN(const absl::Time due, accounts_.DeleteAccount(Acting(), kPassword));
  clock_.Advance(kAccountDeletionGrace - absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(const NewSession back, accounts_.LogIn("owner@example.com", kPassword, ""));
  EXPECT_EQ(back.deletion_cancelled, due);
  ASSERT_OK_AND_ASSIGN(const Owner owner, storage_.GetOwner(session_.owner.id));
  EXPECT_FALSE(owner.deletion_due_time.has_value());
  ASSERT_OK_AND_ASSIGN(const NewSession again, accounts_.LogIn("owner@example.com", kPassword, ""));
  EXPECT_FALSE(again.deletion_cancelled.has_value());

  clock_.Advance(absl::Hours(24 * 30));
  ASSERT_OK_AND_ASSIGN(const Purged purged, privacy_.Purge());
  EXPECT_EQ(purged.owners, 0);
  EXPECT_THAT(shops_.GetShop(shop_.id), IsOk());
}

TEST_F(AccountDeletionTest, TheSweepDeletesAtTheEndOfTheGraceAndNotBefore) {
  ASSERT_THAT(accounts_.DeleteAccount(Acting(), kPassword).status(), IsOk());
  clock_.Advance(kAccountDeletionGrace - absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(Purged purged, privacy_.Purge());
  EXPECT_EQ(purged.owners, 0);
  EXPECT_THAT(shops_.GetShop(shop_.id), IsOk());

  clock_.Advance(absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(purged, privacy_.Purge());
  EXPECT_EQ(purged.owners, 1);
  EXPECT_THAT(shops_.GetShop(shop_.id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(storage_.GetOwner(session_.owner.id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(storage_.GetInvitation(invitation_), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(const std::optional<Shop> by_key, storage_.FindShopByKey(shop_.webhook_key));
  EXPECT_FALSE(by_key.has_value());
  EXPECT_THAT(accounts_.LogIn("owner@example.com", kPassword, ""),
              StatusIs(absl::StatusCode::kUnauthenticated));
  ASSERT_THAT(storage_.deleted_accounts(), SizeIs(1));
  const DeletedAccount left = storage_.deleted_accounts()[0];
  EXPECT_EQ(left.delete_time, clock_.Now());
  EXPECT_EQ(left.shops, 1);
  EXPECT_EQ(left.invitations, 1);
  EXPECT_EQ(left.opinions, 0);
  ASSERT_OK_AND_ASSIGN(purged, privacy_.Purge());
  EXPECT_EQ(purged.owners, 0);
}

}  // namespace
}  // namespace opinus::server
