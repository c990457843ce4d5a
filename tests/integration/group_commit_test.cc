// The group commit of order events (GroupCommitOrderEventStore over
// MysqlOrderEventStore) against a real MariaDB: concurrent events share a
// transaction yet each gets its own outcome, a bad one fails alone, events of
// one order keep their order, and a full queue answers at once.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/storage/group_commit_order_event_store.h"
#include "tests/integration/mysql_storage_fixture.h"

namespace opinus::server {
namespace {

class GroupCommitTest : public MysqlStorageTest {
 protected:
  // Start puts the group commit in front of the MySQL store, and a recorder
  // over it, as the server wires them.
  void Start(GroupCommitOptions options) {
    options.metrics = &metrics_;
    store_ = std::make_unique<MysqlOrderEventStore>(pool_.get(), &metrics_);
    group_ = std::make_unique<GroupCommitOrderEventStore>(store_.get(), options);
    grouped_ = std::make_unique<OrderEventRecorder>(shops_.get(), group_.get(), &clock_);
  }

  void TearDown() override {
    grouped_.reset();
    group_.reset();
    store_.reset();
  }

  // Batches returns the sizes of the batches written so far: their count and
  // their events.
  metrics::Histogram::Snapshot Batches() {
    return metrics_.AddHistogram("opinus_ingest_batch_size", "", {}).With({}).Read();
  }

  // Fallbacks returns how many batches were written again one event at a
  // time because the batch failed.
  double Fallbacks() {
    return metrics_.AddCounter("opinus_ingest_batch_fallbacks_total", "").With({}).Value();
  }

  double Queued() { return metrics_.AddGauge("opinus_ingest_queued", "").With({}).Value(); }

  // AwaitQueued waits until `count` events wait for a batch.
  void AwaitQueued(double count) {
    for (int i = 0; i < 30000 && Queued() != count; ++i) absl::SleepFor(absl::Milliseconds(1));
    ASSERT_EQ(Queued(), count);
  }

  // AwaitBatchesStarted waits until `count` batches have been taken.
  void AwaitBatchesStarted(uint64_t count) {
    for (int i = 0; i < 30000 && Batches().count < count; ++i) {
      absl::SleepFor(absl::Milliseconds(1));
    }
    ASSERT_EQ(Batches().count, count);
  }

  // HoldShop locks the shop's row as an owner's change would, so that writes
  // of its orders and events (whose foreign keys read the row) wait for
  // Release: a writer stays busy for as long as the test needs.
  void HoldShop(ShopId id) {
    absl::StatusOr<std::unique_ptr<SessionPool::Held>> held = pool_->Hold();
    ASSERT_TRUE(held.ok()) << held.status();
    held_ = *std::move(held);
    long long shop_id = id;
    long long found = 0;
    held_->session() << "START TRANSACTION";
    held_->session() << "SELECT id FROM shops WHERE id = :id FOR UPDATE", soci::use(shop_id, "id"),
        soci::into(found);
    ASSERT_EQ(found, id);
  }

  void Release() {
    held_->session() << "COMMIT";
    held_.reset();
  }

  metrics::Registry metrics_;
  std::unique_ptr<MysqlOrderEventStore> store_;
  std::unique_ptr<GroupCommitOrderEventStore> group_;
  std::unique_ptr<OrderEventRecorder> grouped_;
  std::unique_ptr<SessionPool::Held> held_;
};

// Concurrently runs `record(i)` for i in [0, n) and returns the results.
template <typename Record>
std::vector<absl::StatusOr<EventRecord>> RecordConcurrently(int n, Record record) {
  std::vector<absl::StatusOr<EventRecord>> results(n, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back([&, i] { results[i] = record(i); });
  for (std::thread& thread : threads) thread.join();
  return results;
}

TEST_F(GroupCommitTest, ConcurrentEventsShareOneTransactionEachWithItsOwnOutcome) {
  constexpr int kEvents = 12;
  // The window never ends: the batch is written when it is full.
  Start({absl::Hours(1), kEvents, 100, 1});
  const Shop shop = CreateShop();
  const std::vector<absl::StatusOr<EventRecord>> results =
      RecordConcurrently(kEvents, [&](int i) -> absl::StatusOr<EventRecord> {
        // Every third order enters a status that is not the trigger.
        return grouped_->Record(shop.webhook_key,
                                i % 3 == 0 ? NotRealised(std::to_string(i), "2024-05-08 09:12:05")
                                           : Shipped(std::to_string(i)));
      });

  EXPECT_EQ(Batches().count, 1u);
  EXPECT_EQ(Batches().sum, kEvents);
  EXPECT_EQ(Fallbacks(), 0);
  std::map<std::string, EventRecord> by_order;
  for (const absl::StatusOr<EventRecord>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_NE(result->id, 0);
    by_order[result->order_id] = *result;
  }
  ASSERT_EQ(by_order.size(), static_cast<std::size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) {
    const EventRecord& record = by_order[std::to_string(i)];
    if (i % 3 == 0) {
      EXPECT_EQ(record.outcome, EventOutcome::kIgnored) << i;
      EXPECT_EQ(record.invitation_id, 0) << i;
      continue;
    }
    EXPECT_EQ(record.outcome, EventOutcome::kScheduled) << i;
    absl::StatusOr<Invitation> invitation = invitations_->GetInvitation(record.invitation_id);
    ASSERT_TRUE(invitation.ok()) << invitation.status();
    EXPECT_EQ(invitation->order_id, std::to_string(i));
    EXPECT_EQ(invitation->state, InvitationState::kScheduled);
  }
  absl::StatusOr<Page<EventRecord>> log = events_->ListEvents(shop.id, {100, ""});
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->items.size(), static_cast<std::size_t>(kEvents));
}

TEST_F(GroupCommitTest, ARepeatedDeliveryInOneBatchIsADuplicate) {
  Start({absl::Hours(1), 6, 100, 1});
  const Shop shop = CreateShop();
  // Three orders, each delivered twice, all in one batch.
  const std::vector<absl::StatusOr<EventRecord>> results = RecordConcurrently(
      6, [&](int i) { return grouped_->Record(shop.webhook_key, Shipped(std::to_string(i % 3))); });

  // In one transaction: not one at a time after a failed batch.
  EXPECT_EQ(Batches().count, 1u);
  EXPECT_EQ(Fallbacks(), 0);
  std::map<std::string, std::vector<EventOutcome>> outcomes;
  std::map<std::string, std::vector<InvitationId>> invitations;
  for (const absl::StatusOr<EventRecord>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    outcomes[result->order_id].push_back(result->outcome);
    invitations[result->order_id].push_back(result->invitation_id);
  }
  for (const char* order : {"0", "1", "2"}) {
    std::vector<EventOutcome>& got = outcomes[order];
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<EventOutcome>{EventOutcome::kScheduled, EventOutcome::kDuplicate}))
        << order;
    // The duplicate names the invitation the first one made.
    ASSERT_EQ(invitations[order].size(), 2u);
    EXPECT_EQ(invitations[order][0], invitations[order][1]) << order;
    EXPECT_NE(invitations[order][0], 0) << order;
  }
  absl::StatusOr<Page<Invitation>> all = invitations_->ListInvitations(shop.id, {}, {100, ""});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->items.size(), 3u);
  absl::StatusOr<Page<EventRecord>> log = events_->ListEvents(shop.id, {100, ""});
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->items.size(), 6u);
}

TEST_F(GroupCommitTest, AFailingEventFailsAloneAndItsNeighboursAreStored) {
  Start({absl::Hours(1), 5, 100, 1});
  const Shop shop = CreateShop();
  const std::vector<absl::StatusOr<EventRecord>> results =
      RecordConcurrently(5, [&](int i) -> absl::StatusOr<EventRecord> {
        if (i == 1) {
          // A shop that is gone by the time its event is written.
          EventRecord gone;
          gone.shop_id = shop.id + 1000;
          gone.receive_time = clock_.now;
          gone.order_id = "gone";
          return group_->ApplyOrderEvent(gone, [](const OrderSnapshot&) {
            EventDecision decision;
            decision.advance_order = true;
            return decision;
          });
        }
        if (i == 3) {
          // A value the table refuses (longer than its column).
          EventRecord overlong;
          overlong.shop_id = shop.id;
          overlong.receive_time = clock_.now;
          overlong.event_name = std::string(200, 'x');
          return group_->AppendEvent(overlong);
        }
        return grouped_->Record(shop.webhook_key, Shipped(std::to_string(i)));
      });

  EXPECT_EQ(Batches().count, 1u);
  EXPECT_EQ(Batches().sum, 5);
  EXPECT_EQ(Fallbacks(), 1);
  EXPECT_FALSE(results[1].ok());
  EXPECT_FALSE(results[3].ok());
  for (int i : {0, 2, 4}) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status();
    EXPECT_EQ(results[i]->outcome, EventOutcome::kScheduled) << i;
  }
  absl::StatusOr<Page<EventRecord>> log = events_->ListEvents(shop.id, {100, ""});
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->items.size(), 3u);
  absl::StatusOr<Page<Invitation>> all = invitations_->ListInvitations(shop.id, {}, {100, ""});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->items.size(), 3u);
}

TEST_F(GroupCommitTest, EventsOfAnOrderKeepTheirOrderAndAFullQueueAnswersAtOnce) {
  // One writer, kept busy by a batch of another shop while three events of
  // one order queue up, one after the other; the queue holds three.
  Start({absl::ZeroDuration(), 10, 3, 1});
  const Shop busy = CreateShop();
  const Shop shop = CreateShop();
  HoldShop(busy.id);
  std::vector<std::thread> threads;
  absl::StatusOr<EventRecord> blocked = absl::UnknownError("not run");
  threads.emplace_back([&] { blocked = grouped_->Record(busy.webhook_key, Shipped("b")); });
  AwaitBatchesStarted(1);

  const std::vector<OrderEvent> events = {Realised("7", "2024-05-08 09:00:00"),
                                          NotRealised("7", "2024-05-08 10:00:00"),
                                          Realised("7", "2024-05-08 11:00:00")};
  std::vector<absl::StatusOr<EventRecord>> results(3, absl::UnknownError("not run"));
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] { results[i] = grouped_->Record(shop.webhook_key, events[i]); });
    AwaitQueued(i + 1);
  }
  // Full: refused without waiting for the writer, and nothing stored.
  absl::StatusOr<EventRecord> refused = grouped_->Record(shop.webhook_key, Shipped("8"));
  EXPECT_TRUE(absl::IsUnavailable(refused.status())) << refused.status();

  Release();
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(blocked.ok()) << blocked.status();
  for (const absl::StatusOr<EventRecord>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
  }
  EXPECT_EQ(Batches().count, 2u);
  EXPECT_EQ(Fallbacks(), 0);
  EXPECT_EQ(results[0]->outcome, EventOutcome::kScheduled);
  EXPECT_EQ(results[1]->outcome, EventOutcome::kCancelled);
  EXPECT_EQ(results[2]->outcome, EventOutcome::kDuplicate);
  absl::StatusOr<Page<EventRecord>> log = events_->ListEvents(shop.id, {100, ""});
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(log->items.size(), 3u);
  // Newest first: stored in the order they came.
  EXPECT_EQ(log->items[0].id, results[2]->id);
  EXPECT_EQ(log->items[2].id, results[0]->id);
}

// ApplyAsync calls each write back with its own record, from the writer, and
// a full queue's refusal back at once; stopping writes what waits.
TEST_F(GroupCommitTest, AsynchronousWritesAreCalledBackEachWithItsOwnRecord) {
  // The window never ends and the queue (5) never fills a batch (6): the
  // writes wait until the stop, which writes them.
  Start({absl::Hours(1), 6, 5, 1});
  const Shop shop = CreateShop();
  absl::Mutex mutex;
  std::map<std::string, absl::StatusOr<EventRecord>> results;
  const auto write = [&](const std::string& order_id) {
    EventRecord record;
    record.shop_id = shop.id;
    record.receive_time = clock_.now;
    record.event_name = "parcel.create";
    record.order_id = order_id;
    group_->ApplyAsync({record, nullptr, shop.webhook_key},
                       [&, order_id](absl::StatusOr<EventRecord> stored) {
                         absl::MutexLock lock(&mutex);
                         results.emplace(order_id, std::move(stored));
                       });
  };
  for (const char* order_id : {"1", "2", "3", "4", "5"}) write(order_id);
  EXPECT_EQ(Queued(), 5);
  // The sixth is refused at once, on this thread.
  write("6");
  {
    absl::MutexLock lock(&mutex);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_TRUE(absl::IsUnavailable(results.at("6").status())) << results.at("6").status();
  }
  group_.reset();

  ASSERT_EQ(results.size(), 6u);
  std::set<int64_t> ids;
  for (int i = 1; i <= 5; ++i) {
    const absl::StatusOr<EventRecord>& result = results.at(std::to_string(i));
    ASSERT_TRUE(result.ok()) << i << ": " << result.status();
    EXPECT_EQ(result->order_id, std::to_string(i));
    ids.insert(result->id);
  }
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(Batches().count, 1u);
  absl::StatusOr<Page<EventRecord>> log = events_->ListEvents(shop.id, {100, ""});
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->items.size(), 5u);
}

TEST_F(GroupCommitTest, AnotherWriterLeavesAnOrderThatIsBeingWrittenForLater) {
  // Two writers; a batch is written when it holds two events.
  Start({absl::Hours(1), 2, 100, 2});
  const Shop busy = CreateShop();
  const Shop shop = CreateShop();
  HoldShop(busy.id);
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<EventRecord>> results(5, absl::UnknownError("not run"));
  auto record = [&](int i, const Shop& to, OrderEvent event) {
    threads.emplace_back([this, &results, i, key = to.webhook_key, event] {
      results[i] = grouped_->Record(key, event);
    });
  };
  // The first writer takes order 7's first event with one of the busy shop,
  // whose row it locks first (a lower id) and waits for.
  record(0, shop, Realised("7", "2024-05-08 09:00:00"));
  AwaitQueued(1);
  record(1, busy, Shipped("b"));
  AwaitBatchesStarted(1);
  // The second writer must leave order 7's next event queued, and takes the
  // two events that came after it.
  record(2, shop, NotRealised("7", "2024-05-08 10:00:00"));
  AwaitQueued(1);
  record(3, shop, Shipped("8"));
  AwaitQueued(2);
  record(4, shop, Shipped("9"));
  threads[3].join();
  EXPECT_EQ(Queued(), 1);

  Release();
  // Writes what is still queued, then stops.
  group_.reset();
  for (int i : {0, 1, 2, 4}) threads[i].join();
  for (const absl::StatusOr<EventRecord>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
  }
  EXPECT_EQ(Batches().count, 3u);
  EXPECT_EQ(results[0]->outcome, EventOutcome::kScheduled);
  EXPECT_EQ(results[2]->outcome, EventOutcome::kCancelled);
  EXPECT_EQ(results[3]->outcome, EventOutcome::kScheduled);
  EXPECT_EQ(results[4]->outcome, EventOutcome::kScheduled);
}

}  // namespace
}  // namespace opinus::server
