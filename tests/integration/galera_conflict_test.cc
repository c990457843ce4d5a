// Two cores on two nodes of a real Galera cluster claim the same due
// invitations at once. Galera certifies a transaction only at commit, so
// both nodes lock the same rows locally and one commit fails as a deadlock
// (1213): the core must take that for a write conflict, run the claim again
// and count it, never report the database down, and no invitation may be
// claimed twice.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/metrics.h"
#include "gtest/gtest.h"
#include "server/domain/clock.h"
#include "server/domain/key_generator.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "server/storage/mysql/migrations.h"
#include "server/storage/mysql/mysql_dispatch_store.h"
#include "server/storage/mysql/mysql_invitation_store.h"
#include "server/storage/mysql/mysql_order_event_store.h"
#include "server/storage/mysql/mysql_shop_store.h"
#include "server/storage/mysql/session_pool.h"
#include "tests/integration/child_process.h"
#include "tests/support/test_address_hasher.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::CommandResult;
using ::opinus::testing::RunCommand;

constexpr char kDatabase[] = "galera_claims";

// CounterValue reads one unlabelled counter from a registry's exposition.
double CounterValue(const metrics::Registry& registry, absl::string_view name) {
  for (absl::string_view line : absl::StrSplit(registry.Render(), '\n')) {
    if (!absl::ConsumePrefix(&line, name) || !absl::ConsumePrefix(&line, " ")) continue;
    double value = 0;
    return absl::SimpleAtod(line, &value) ? value : -1;
  }
  return -1;
}

class GaleraConflictTest : public ::testing::Test {
 protected:
  // One core's view of the cluster: a pool on its node and its metrics.
  struct Core {
    metrics::Registry metrics;
    std::unique_ptr<SessionPool> pool;
  };

  void SetUp() override {
    char dir[] = "/tmp/opinus-galera.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    const CommandResult started =
        RunCommand({"/bin/bash", OPINUS_GALERA_CLUSTER, "start", dir_}, absl::Seconds(150));
    ASSERT_EQ(started.exit_code, 0) << started.err;
    std::vector<std::string> ports = absl::StrSplit(started.out, ' ', absl::SkipWhitespace());
    ASSERT_EQ(ports.size(), 2u) << started.out;
    for (int node = 0; node < 2; ++node) {
      ports[node].erase(ports[node].find_last_not_of("\n") + 1);
      const std::string server = absl::StrCat("host=127.0.0.1 port=", ports[node],
                                              " user=opinus_test password=opinus_test");
      if (node == 0) {
        SessionPoolOptions admin;
        admin.connect_string = server;
        absl::StatusOr<std::unique_ptr<SessionPool>> pool = SessionPool::Open(admin);
        ASSERT_TRUE(pool.ok()) << pool.status();
        ASSERT_TRUE((*pool)
                        ->Run([](soci::session& session) {
                          session << "CREATE DATABASE " << kDatabase
                                  << " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
                          return absl::OkStatus();
                        })
                        .ok());
      }
      SessionPoolOptions options;
      options.connect_string = absl::StrCat(server, " db=", kDatabase);
      options.size = 2;
      options.metrics = &cores_[node].metrics;
      absl::StatusOr<std::unique_ptr<SessionPool>> pool = SessionPool::Open(options);
      ASSERT_TRUE(pool.ok()) << pool.status();
      cores_[node].pool = *std::move(pool);
    }
    absl::StatusOr<int> applied =
        ApplyMigrations(*cores_[0].pool, opinus::testing::TestAddressHasher());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  void TearDown() override {
    for (Core& core : cores_) core.pool.reset();
    if (dir_.empty()) return;
    const CommandResult stopped = RunCommand({"/bin/bash", OPINUS_GALERA_CLUSTER, "stop", dir_});
    EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
    RunCommand({"/bin/rm", "-rf", dir_});
  }

  // ScheduleInvitations records `count` shipped orders through node 1 and
  // returns the time at which all their invitations are due.
  absl::Time ScheduleInvitations(int count) {
    MysqlShopStore shops(cores_[0].pool.get());
    MysqlOrderEventStore events(cores_[0].pool.get());
    MysqlInvitationStore invitations(cores_[0].pool.get());
    RandomKeyGenerator keys;
    SystemClock clock;
    ShopManager manager(&shops, &keys, &clock);
    OrderEventRecorder recorder(&shops, &events, &clock);
    absl::StatusOr<Shop> shop =
        manager.CreateShop("Ceramika", "sklep123456.shoparena.pl", "owner@example.com");
    EXPECT_TRUE(shop.ok()) << shop.status();
    absl::Time due = absl::InfinitePast();
    for (int i = 0; i < count && shop.ok(); ++i) {
      absl::StatusOr<EventRecord> recorded = recorder.Record(
          shop->webhook_key, Realised(absl::StrCat(7000 + i), "2024-05-08 09:12:05"));
      EXPECT_TRUE(recorded.ok()) << recorded.status();
      if (!recorded.ok()) break;
      absl::StatusOr<Invitation> invitation = invitations.GetInvitation(recorded->invitation_id);
      EXPECT_TRUE(invitation.ok()) << invitation.status();
      if (invitation.ok()) due = std::max(due, invitation->send_time);
    }
    return due;
  }

  long long QueryOn(int node, const std::string& sql) {
    long long value = -1;
    EXPECT_TRUE(cores_[node]
                    .pool
                    ->Run([&](soci::session& session) {
                      session << sql, soci::into(value);
                      return absl::OkStatus();
                    })
                    .ok());
    return value;
  }

  std::string dir_;
  Core cores_[2];
};

TEST_F(GaleraConflictTest, TwoCoresOnTwoNodesClaimEachInvitationOnceAndCountTheirConflicts) {
  constexpr int kInvitations = 120;
  constexpr int kBatch = 6;
  const absl::Time now = ScheduleInvitations(kInvitations);

  std::vector<InvitationId> taken[2];
  std::vector<std::string> errors;
  std::mutex errors_mutex;
  std::atomic<int> ready{0};
  auto claim_all = [&](int node) {
    MysqlDispatchStore store(cores_[node].pool.get());
    const std::string claimer = absl::StrCat("core-on-node-", node + 1);
    ready.fetch_add(1);
    while (ready.load() < 2) std::this_thread::yield();
    // Bounded: every round either claims or ends; a conflict that outlasts
    // the pool's retries loses its round, as a dispatcher would.
    for (int round = 0; round < 4 * kInvitations; ++round) {
      absl::StatusOr<std::vector<Invitation>> claimed =
          store.ClaimDue({claimer, now, now + absl::Minutes(5)}, kBatch);
      if (!claimed.ok()) {
        if (absl::StrContains(claimed.status().message(), "write conflict")) continue;
        std::lock_guard<std::mutex> lock(errors_mutex);
        errors.push_back(claimed.status().ToString());
        return;
      }
      if (claimed->empty()) return;
      for (const Invitation& invitation : *claimed) taken[node].push_back(invitation.id);
    }
  };
  std::thread one(claim_all, 0);
  std::thread two(claim_all, 1);
  one.join();
  two.join();

  EXPECT_TRUE(errors.empty()) << absl::StrJoin(errors, "\n");
  std::set<InvitationId> distinct(taken[0].begin(), taken[0].end());
  distinct.insert(taken[1].begin(), taken[1].end());
  EXPECT_EQ(taken[0].size() + taken[1].size(), static_cast<size_t>(kInvitations));
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kInvitations));
  for (int node = 0; node < 2; ++node) {
    EXPECT_EQ(QueryOn(node,
                      "SELECT COUNT(*) FROM invitations WHERE state = 'sending' "
                      "AND claimed_by LIKE 'core-on-node-%'"),
              kInvitations)
        << "node " << node + 1;
  }
  // Both nodes picked the same first rows: at least one commit lost.
  const double conflicts = CounterValue(cores_[0].metrics, "opinus_db_conflicts_total") +
                           CounterValue(cores_[1].metrics, "opinus_db_conflicts_total");
  EXPECT_GE(conflicts, 1) << "node 1 claimed " << taken[0].size() << ", node 2 " << taken[1].size();
}

}  // namespace
}  // namespace opinus::server
