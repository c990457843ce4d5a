// Owners' deletions raced on two cores of one MariaDB, every part on (the
// dispatchers sending to the stack's sink): several sweeps at once delete
// each due account once, with one deleted_accounts row and no failure
// logged, while webhooks keep arriving for the owners' shops; and a log-in
// racing the sweep either keeps the account whole (its deletion undone) or
// finds it deleted whole, never an owner kept without their shops.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "client/client.h"
#include "tests/fault/fault_stack.h"
#include "tests/integration/shipped_order.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {
namespace {

namespace v1 = ::opinus::v1;

constexpr char kPassword[] = "dlugie-haslo-wlasciciela";
constexpr int kShopsPerOwner = 2;
constexpr int kOrdersPerShop = 3;

// Owner is an account made for a race: its address and its shops.
struct Owner {
  std::string email;
  std::vector<int64_t> shops;
  std::vector<std::string> keys;
};

class OwnerDeletionRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("race_owners");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    stack_ = std::make_unique<FaultStack>(database_->connect_string(),
                                          absl::StrCat(::testing::TempDir(), "/race-owners"));
    ASSERT_TRUE(stack_->StartCore().ok());
    ASSERT_TRUE(stack_->StartDispatcher().ok());
    ports_ = {stack_->core_port(), stack_->dispatcher_port(0)};
  }

  client::Client Core(int index, const std::string& token) const {
    return client::Client(
        {absl::StrCat("127.0.0.1:", ports_[index % 2]), absl::Seconds(30), token, ""});
  }

  // MakeDueOwner signs up `email`, makes its shops with a few shipped orders
  // each, asks for the account's deletion and moves its due time to the past
  // (the 14 days' grace, skipped).
  Owner MakeDueOwner(const std::string& email) {
    Owner owner{email, {}, {}};
    client::Client core = Core(0, GetTestTokens().gateway_token);
    v1::SignUpRequest sign_up;
    sign_up.set_email(email);
    sign_up.set_password(kPassword);
    absl::StatusOr<v1::Session> session = core.SignUp(sign_up);
    EXPECT_TRUE(session.ok()) << session.status();
    if (!session.ok()) return owner;
    const client::CallContext as_owner{
        "", client::OwnerCredential{session->session_token(), session->csrf_token()}};
    for (int s = 0; s < kShopsPerOwner; ++s) {
      v1::CreateShopRequest create;
      create.set_name(absl::StrCat("Sklep ", s));
      create.set_domain("sklep.shoparena.pl");
      absl::StatusOr<v1::Shop> shop = core.CreateShop(create, as_owner);
      EXPECT_TRUE(shop.ok()) << shop.status();
      if (!shop.ok()) return owner;
      owner.shops.push_back(shop->id());
      owner.keys.push_back(shop->webhook_key());
      for (int o = 0; o < kOrdersPerShop; ++o) {
        EXPECT_TRUE(
            core.RecordOrderEvent(ShippedOrder(shop->webhook_key(), absl::StrCat(o),
                                               absl::StrCat("klient", o, "@example.com"),
                                               absl::Now() - absl::Hours(1), absl::UTCTimeZone()))
                .ok());
      }
    }
    v1::DeleteAccountRequest remove;
    remove.set_password(kPassword);
    absl::StatusOr<v1::DeleteAccountResponse> scheduled = core.DeleteAccount(remove, as_owner);
    EXPECT_TRUE(scheduled.ok()) << scheduled.status();
    database_->Execute(absl::StrCat(
        "UPDATE owners SET deletion_due_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE email = '",
        email, "'"));
    return owner;
  }

  long long OwnerRows(const Owner& owner) const {
    return database_->QueryInt(
        absl::StrCat("SELECT COUNT(*) FROM owners WHERE email = '", owner.email, "'"));
  }
  // Rows of the owner's shops, and of what hangs on them, still stored.
  long long ShopRows(const Owner& owner) const {
    const std::string ids = absl::StrJoin(owner.shops, ",");
    return database_->QueryInt(absl::StrCat("SELECT COUNT(*) FROM shops WHERE id IN (", ids, ")"));
  }
  long long InvitationRows(const Owner& owner) const {
    const std::string ids = absl::StrJoin(owner.shops, ",");
    return database_->QueryInt(
        absl::StrCat("SELECT COUNT(*) FROM invitations WHERE shop_id IN (", ids, ")"));
  }
  long long DeletedAccounts() const {
    return database_->QueryInt("SELECT COUNT(*) FROM deleted_accounts");
  }

  void ExpectNoFailureLogged() const {
    const std::vector<std::string> failures = stack_->FailuresInCoreLogs();
    EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<FaultStack> stack_;
  std::vector<int> ports_;
};

// Four sweeps (two on each core) start together over owners whose deletion
// is due, while webhooks for their shops keep arriving on both cores and
// both dispatchers claim the shops' invitations, made due at that moment,
// to hold them (their owners are leaving).
TEST_F(OwnerDeletionRaceTest, SweepsOnTwoCoresDeleteEachAccountOnce) {
  constexpr int kRounds = 2;
  constexpr int kOwners = 4;
  constexpr int kSweeps = 4;
  int deleted_so_far = 0;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<Owner> owners;
    for (int i = 0; i < kOwners; ++i) {
      owners.push_back(MakeDueOwner(absl::StrCat("wlasciciel", round, "-", i, "@example.com")));
    }
    ASSERT_FALSE(HasFailure());

    std::atomic<bool> go{false};
    std::atomic<int> owners_deleted{0};
    std::atomic<int> sweep_failures{0};
    std::atomic<int> webhooks_other{0};
    std::vector<std::thread> threads;
    for (int s = 0; s < kSweeps; ++s) {
      threads.emplace_back([&, s] {
        client::Client core = Core(s, GetTestTokens().operator_token);
        while (!go.load()) std::this_thread::yield();
        absl::StatusOr<v1::PurgeResponse> purged = core.Purge(v1::PurgeRequest());
        if (purged.ok()) {
          owners_deleted += purged->owners();
        } else {
          ++sweep_failures;
          ADD_FAILURE() << "sweep " << s << ": " << purged.status();
        }
      });
    }
    // Each webhook is stored (the shop still stood) or refused as an
    // unknown key (the shop is gone), never an error.
    threads.emplace_back([&] {
      client::Client core = Core(round, GetTestTokens().gateway_token);
      while (!go.load()) std::this_thread::yield();
      for (const Owner& owner : owners) {
        for (size_t k = 0; k < owner.keys.size(); ++k) {
          absl::StatusOr<v1::RecordOrderEventResponse> answer = core.RecordOrderEvent(
              ShippedOrder(owner.keys[k], "race", "klient-race@example.com",
                           absl::Now() - absl::Hours(1), absl::UTCTimeZone()));
          if (!answer.ok() && answer.status().code() != absl::StatusCode::kNotFound) {
            ++webhooks_other;
            ADD_FAILURE() << "webhook: " << answer.status();
          }
        }
      }
    });
    database_->Execute(
        "UPDATE invitations SET send_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE state = "
        "'scheduled'");
    go = true;
    for (std::thread& thread : threads) thread.join();

    EXPECT_EQ(owners_deleted.load(), kOwners) << "round " << round;
    EXPECT_EQ(sweep_failures.load(), 0);
    EXPECT_EQ(webhooks_other.load(), 0);
    deleted_so_far += kOwners;
    EXPECT_EQ(DeletedAccounts(), deleted_so_far) << "round " << round;
    for (const Owner& owner : owners) {
      EXPECT_EQ(OwnerRows(owner), 0) << owner.email;
      EXPECT_EQ(ShopRows(owner), 0) << owner.email;
      EXPECT_EQ(InvitationRows(owner), 0) << owner.email;
    }
  }
  // Each deleted_accounts row counts one whole account.
  EXPECT_EQ(database_->QueryInt("SELECT COALESCE(SUM(shops), 0) FROM deleted_accounts"),
            kRounds * kOwners * kShopsPerOwner);
  std::cout << "[fault] owner sweeps: " << kRounds << " rounds of " << kOwners << " owners, "
            << kSweeps << " sweeps on 2 cores each, " << deleted_so_far << " deleted once\n";
  ExpectNoFailureLogged();
}

// A log-in on one core and a sweep on the other start together: the
// account is kept whole with its deletion undone, or deleted whole and the
// log-in refused as for any unknown address.
TEST_F(OwnerDeletionRaceTest, ALogInRacingTheSweepKeepsTheAccountWholeOrItGoesWhole) {
  constexpr int kRounds = 6;
  int kept = 0;
  int deleted = 0;
  for (int round = 0; round < kRounds; ++round) {
    const Owner owner = MakeDueOwner(absl::StrCat("wraca", round, "@example.com"));
    ASSERT_FALSE(HasFailure());
    const long long invitations = InvitationRows(owner);
    const long long deleted_before = DeletedAccounts();

    std::atomic<bool> go{false};
    absl::StatusOr<v1::PurgeResponse> purged;
    absl::StatusOr<v1::Session> logged_in;
    std::thread sweep([&] {
      client::Client core = Core(round, GetTestTokens().operator_token);
      while (!go.load()) std::this_thread::yield();
      // The log-in checks the password first (a slow hash, 0.2-1 s here):
      // the sweep sets out later each round, so that it meets the log-in
      // before, during and after its cancel of the deletion.
      absl::SleepFor(round * absl::Milliseconds(200));
      purged = core.Purge(v1::PurgeRequest());
    });
    std::thread log_in([&] {
      client::Client core = Core(round + 1, GetTestTokens().gateway_token);
      v1::LogInRequest request;
      request.set_email(owner.email);
      request.set_password(kPassword);
      while (!go.load()) std::this_thread::yield();
      logged_in = core.LogIn(request);
    });
    go = true;
    sweep.join();
    log_in.join();

    ASSERT_TRUE(purged.ok()) << purged.status();
    if (logged_in.ok()) {
      ++kept;
      EXPECT_EQ(purged->owners(), 0) << "round " << round;
      EXPECT_EQ(OwnerRows(owner), 1);
      EXPECT_EQ(database_->QueryInt(absl::StrCat(
                    "SELECT COUNT(*) FROM owners WHERE deletion_due_at IS NULL AND email = '",
                    owner.email, "'")),
                1);
      EXPECT_EQ(ShopRows(owner), kShopsPerOwner);
      EXPECT_EQ(InvitationRows(owner), invitations);
      EXPECT_EQ(DeletedAccounts(), deleted_before);
      // A later sweep leaves the kept account alone.
      absl::StatusOr<v1::PurgeResponse> again =
          Core(round, GetTestTokens().operator_token).Purge(v1::PurgeRequest());
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_EQ(again->owners(), 0);
      EXPECT_EQ(ShopRows(owner), kShopsPerOwner);
    } else {
      ++deleted;
      EXPECT_EQ(logged_in.status().code(), absl::StatusCode::kUnauthenticated)
          << logged_in.status();
      EXPECT_EQ(purged->owners(), 1) << "round " << round;
      EXPECT_EQ(OwnerRows(owner), 0);
      EXPECT_EQ(ShopRows(owner), 0);
      EXPECT_EQ(InvitationRows(owner), 0);
      EXPECT_EQ(DeletedAccounts(), deleted_before + 1);
    }
  }
  std::cout << "[fault] log-in racing the sweep: " << kRounds << " rounds, " << kept
            << " accounts kept whole, " << deleted << " deleted whole\n";
  ExpectNoFailureLogged();
}

}  // namespace
}  // namespace opinus::testing
