// SessionPool against the test server: write conflicts run again and are
// counted, and no error text carries the values bound to its statement.
#include "server/storage/mysql/session_pool.h"

#include <soci/soci.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "common/metrics.h"
#include "gtest/gtest.h"
#include "tests/integration/test_database.h"

namespace opinus::server {
namespace {

class SessionPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<opinus::testing::TestDatabase>> database =
        opinus::testing::TestDatabase::Create("session_pool");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    SessionPoolOptions options;
    options.connect_string = database_->connect_string();
    options.size = 2;
    options.metrics = &metrics_;
    absl::StatusOr<std::unique_ptr<SessionPool>> pool = SessionPool::Open(options);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(pool_
                    ->Run([](soci::session& session) {
                      session << "CREATE TABLE rows_ (id INT PRIMARY KEY, v INT NOT NULL, "
                                 "secret VARCHAR(64) UNIQUE) ENGINE=InnoDB";
                      session << "INSERT INTO rows_ (id, v) VALUES (1, 0), (2, 0)";
                      return absl::OkStatus();
                    })
                    .ok());
  }

  // Cross updates row `first`, waits until `met` counts both writers, then
  // updates row `second`, in one transaction: two of them, crossed, deadlock
  // on their first attempt. Later attempts do not wait.
  absl::Status Cross(int first, int second, std::atomic<int>* met) {
    bool first_attempt = true;
    return pool_->Run([&](soci::session& session) {
      soci::transaction transaction(session);
      session << "UPDATE rows_ SET v = v + 1 WHERE id = :id", soci::use(first);
      if (std::exchange(first_attempt, false)) {
        met->fetch_add(1);
        const absl::Time give_up = absl::Now() + absl::Seconds(10);
        while (met->load() < 2 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
      }
      session << "UPDATE rows_ SET v = v + 1 WHERE id = :id", soci::use(second);
      transaction.commit();
      return absl::OkStatus();
    });
  }

  metrics::Registry metrics_;
  std::unique_ptr<opinus::testing::TestDatabase> database_;
  std::unique_ptr<SessionPool> pool_;
};

TEST_F(SessionPoolTest, TwoWritersThatDeadlockBothCommitAndTheConflictIsCounted) {
  std::atomic<int> met{0};
  absl::Status one;
  absl::Status two;
  std::thread a([&] { one = Cross(1, 2, &met); });
  std::thread b([&] { two = Cross(2, 1, &met); });
  a.join();
  b.join();
  EXPECT_TRUE(one.ok()) << one;
  EXPECT_TRUE(two.ok()) << two;
  EXPECT_EQ(database_->QueryInt("SELECT SUM(v) FROM rows_"), 4);
  EXPECT_TRUE(absl::StrContains(metrics_.Render(), "opinus_db_conflicts_total 1"))
      << metrics_.Render();
}

TEST_F(SessionPoolTest, AnErrorsTextCarriesNoValueBoundToItsStatement) {
  const std::string secret = "s3cret-bound-value";
  auto insert = [&](int id) {
    return pool_->Run([&](soci::session& session) {
      session << "INSERT INTO rows_ (id, v, secret) VALUES (:id, 0, :secret)", soci::use(id),
          soci::use(secret);
      return absl::OkStatus();
    });
  };
  ASSERT_TRUE(insert(3).ok());
  const absl::Status duplicate = insert(4);
  EXPECT_TRUE(absl::IsAlreadyExists(duplicate)) << duplicate;
  EXPECT_FALSE(absl::StrContains(duplicate.message(), secret)) << duplicate;
  EXPECT_FALSE(absl::StrContains(duplicate.message(), "INSERT")) << duplicate;
}

}  // namespace
}  // namespace opinus::server
