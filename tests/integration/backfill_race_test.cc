// Backfills of past orders raced on two cores of one MariaDB, against the
// stand-in Shoper (its rate limit kept), every part on: two cores share one
// backfill and read each page once, with one invitation per order; starts on
// both cores at once make one backfill; webhooks of the same orders, shipped
// and cancelled, arriving while the backfill reads them, leave one
// invitation per order and every cancelled order cancelled.
#include <atomic>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/integration/appstore_two_cores.h"
#include "tests/integration/shipped_order.h"

namespace opinus::testing {
namespace {

namespace v1 = ::opinus::v1;

class BackfillRaceTest : public AppStoreTwoCoresTest {
 protected:
  void SetUp() override {
    AppStoreTwoCoresTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &zone_));
    Install(kAuthCode);
    ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
    shop_id_ = std::stoll(Shops("id"));
    key_ = Shops("webhook_key");
    secret_ = Shops("webhook_secret");
  }

  // Signed returns `request` signed as Shoper signs a delivery with the
  // shop's webhook secret. The core checks the signature over the body as
  // received; the gateway's translation of that body is tested elsewhere.
  v1::RecordOrderEventRequest Signed(v1::RecordOrderEventRequest request) const {
    const std::string body = request.event().SerializeAsString();
    v1::WebhookSignature* signature = request.mutable_signature();
    signature->set_webhook_id("1");
    signature->set_sha1_hex(Sha1Hex(absl::StrCat("1:", secret_, ":", body)));
    signature->set_body(body);
    return request;
  }

  // StatusTime is when order `i` was shipped: within the last 30 days.
  absl::Time StatusTime(int i) const { return start_ - absl::Hours(24 * 25) + absl::Minutes(i); }

  // AddShippedOrders gives the stand-in `count` orders, 1000 onwards, that a
  // 30-day backfill reads.
  void AddShippedOrders(int count) {
    for (int i = 0; i < count; ++i) {
      FakeShoperOrder order;
      order.order_id = 1000 + i;
      order.email = absl::StrCat("klient", i, "@example.com");
      order.status_date = absl::FormatTime("%Y-%m-%d %H:%M:%S", StatusTime(i), zone_);
      shoper_->AddOrder(order);
    }
  }

  absl::StatusOr<v1::OrderBackfill> Start(int core) const {
    v1::StartOrderBackfillRequest request;
    request.set_shop_id(shop_id_);
    request.set_days(30);
    return Core(core, GetTestTokens().operator_token).StartOrderBackfill(request);
  }

  v1::OrderBackfill Latest() const {
    v1::GetOrderBackfillRequest request;
    request.set_shop_id(shop_id_);
    absl::StatusOr<v1::OrderBackfill> latest =
        Core(0, GetTestTokens().operator_token).GetOrderBackfill(request);
    return latest.ok() ? *latest : v1::OrderBackfill();
  }

  bool Done(int64_t id) const {
    const v1::OrderBackfill latest = Latest();
    return latest.id() == id && latest.state() == v1::ORDER_BACKFILL_STATE_DONE;
  }

  // OrderReads returns how many GET orders the stand-in answered with 200.
  int OrderReads() {
    int reads = 0;
    for (const FakeShoperServer::Call& call : shoper_->calls()) {
      reads += call.path == "/webapi/rest/orders" && call.status == 200 ? 1 : 0;
    }
    return reads;
  }

  long long Query(const std::string& where) const {
    return database_->QueryInt(
        absl::StrCat("SELECT COUNT(*) FROM invitations WHERE shop_id = ", shop_id_, where));
  }

  void ExpectNoFailureLogged() const {
    const std::vector<std::string> failures = FailuresInCoreLogs();
    EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");
  }

  const absl::Time start_ = absl::Now();
  absl::TimeZone zone_;
  long long shop_id_ = 0;
  std::string key_;
  std::string secret_;
};

// 1,100 orders, 22 pages of 50: more than one run's 20 pages, so the
// backfill goes back to the database between runs and either core may claim
// it next.
TEST_F(BackfillRaceTest, TwoCoresShareOneBackfillAndReadEachPageOnce) {
  constexpr int kOrders = 1100;
  constexpr int kPages = 22;
  AddShippedOrders(kOrders);
  absl::StatusOr<v1::OrderBackfill> started = Start(0);
  ASSERT_TRUE(started.ok()) << started.status();
  ASSERT_TRUE(WaitFor([&] { return Done(started->id()); })) << server_->Log();

  const v1::OrderBackfill done = Latest();
  EXPECT_EQ(done.pages(), kPages);
  EXPECT_EQ(done.pages_read(), kPages);
  EXPECT_EQ(done.scheduled(), kOrders);
  EXPECT_EQ(done.duplicates(), 0);
  EXPECT_EQ(done.other(), 0);
  EXPECT_EQ(done.error(), "");
  // The count before the start, then each page once.
  EXPECT_EQ(OrderReads(), 1 + kPages);
  EXPECT_EQ(Query(""), kOrders);
  EXPECT_EQ(Query(" AND state = 'scheduled'"), kOrders);
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(DISTINCT order_id) FROM invitations WHERE shop_id = ", shop_id_)),
            kOrders);
  // The install was connected once: one webhook registered with Shoper.
  EXPECT_EQ(shoper_->webhooks().size(), 1u);
  ExpectNoFailureLogged();
}

// Both cores are asked to start at once, twice: each time one backfill runs
// and the other start is refused; the orders are invited once. Twice only:
// each round makes 4 calls (two counts, two pages), and beyond the
// stand-in's bucket of 10 a 429 could hold one start's count back until the
// other's backfill is done, when a second start is rightly taken.
TEST_F(BackfillRaceTest, StartsOnTwoCoresAtOnceMakeOneBackfill) {
  constexpr int kOrders = 60;
  constexpr int kRounds = 2;
  AddShippedOrders(kOrders);
  for (int round = 0; round < kRounds; ++round) {
    std::atomic<bool> go{false};
    std::vector<absl::StatusOr<v1::OrderBackfill>> answers(2);
    std::vector<std::thread> starts;
    for (int core = 0; core < 2; ++core) {
      starts.emplace_back([&, core] {
        while (!go.load()) std::this_thread::yield();
        answers[core] = Start(core);
      });
    }
    go = true;
    for (std::thread& start : starts) start.join();
    int accepted = 0;
    int64_t id = 0;
    for (const absl::StatusOr<v1::OrderBackfill>& answer : answers) {
      if (answer.ok()) {
        ++accepted;
        id = answer->id();
      } else {
        EXPECT_EQ(answer.status().code(), absl::StatusCode::kAlreadyExists) << answer.status();
      }
    }
    ASSERT_EQ(accepted, 1) << "round " << round;
    ASSERT_TRUE(WaitFor([&] { return Done(id); })) << server_->Log();
    const v1::OrderBackfill done = Latest();
    EXPECT_EQ(done.scheduled() + done.duplicates(), kOrders) << "round " << round;
    EXPECT_EQ(done.scheduled(), round == 0 ? kOrders : 0) << "round " << round;
  }
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_backfills"), kRounds);
  EXPECT_EQ(Query(""), kOrders);
  ExpectNoFailureLogged();
}

// While the backfill reads 400 shipped orders (8 pages, within the
// stand-in's rate limit), their own webhooks arrive on both cores from four
// senders, last order first, so that they meet the backfill's pages: the
// shipment of every order, and a later cancel of every fifth. Then the
// backfill runs again over the same orders.
TEST_F(BackfillRaceTest, WebhooksOfTheSameOrdersRacingTheBackfillInviteOnceAndCancelsHold) {
  constexpr int kOrders = 400;
  constexpr int kSenders = 4;
  AddShippedOrders(kOrders);
  auto cancelled = [](int i) { return i % 5 == 0; };

  absl::StatusOr<v1::OrderBackfill> started = Start(0);
  ASSERT_TRUE(started.ok()) << started.status();
  // The backfill's first page is in.
  ASSERT_TRUE(WaitFor([&] { return Query("") > 0; })) << server_->Log();
  std::atomic<int> refused{0};
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      client::Client core = Core(s, GetTestTokens().gateway_token);
      for (int i = kOrders - 1 - s; i >= 0; i -= kSenders) {
        const std::string order = absl::StrCat(1000 + i);
        const std::string email = absl::StrCat("klient", i, "@example.com");
        v1::RecordOrderEventRequest shipped =
            ShippedOrder(key_, order, email, StatusTime(i), zone_);
        // Odd senders cancel before the shipment arrives: the cancel is
        // newer all the same.
        std::vector<v1::RecordOrderEventRequest> deliveries = {shipped};
        if (cancelled(i)) {
          v1::RecordOrderEventRequest cancel = shipped;
          v1::OrderStatus* status = cancel.mutable_event()->mutable_status();
          status->set_status_id(8);
          status->set_type(v1::ORDER_STATUS_TYPE_NOT_REALISED);
          status->set_name("anulowane");
          cancel.mutable_event()->set_status_local_time(
              absl::FormatTime("%Y-%m-%d %H:%M:%S", start_, zone_));
          deliveries.insert(s % 2 == 1 ? deliveries.begin() : deliveries.end(), cancel);
        }
        for (const v1::RecordOrderEventRequest& delivery : deliveries) {
          absl::StatusOr<v1::RecordOrderEventResponse> answer =
              core.RecordOrderEvent(Signed(delivery));
          if (!answer.ok()) {
            ++refused;
            ADD_FAILURE() << "order " << order << ": " << answer.status();
          }
        }
      }
    });
  }
  for (std::thread& sender : senders) sender.join();
  ASSERT_TRUE(WaitFor([&] { return Done(started->id()); })) << server_->Log();
  EXPECT_EQ(refused.load(), 0);

  std::vector<std::string> cancelled_ids;
  for (int i = 0; i < kOrders; i += 5) cancelled_ids.push_back(absl::StrCat("'", 1000 + i, "'"));
  const std::string in_cancelled = absl::StrCat(" IN (", absl::StrJoin(cancelled_ids, ","), ")");
  auto expect_outcome = [&](const std::string& when) {
    EXPECT_EQ(Query(""),
              database_->QueryInt(absl::StrCat(
                  "SELECT COUNT(DISTINCT order_id) FROM invitations WHERE shop_id = ", shop_id_)))
        << when << ": an order with two invitations";
    EXPECT_EQ(Query(absl::StrCat(" AND state = 'scheduled' AND order_id NOT", in_cancelled)),
              kOrders - kOrders / 5)
        << when;
    EXPECT_EQ(Query(absl::StrCat(" AND state <> 'cancelled' AND order_id", in_cancelled)), 0)
        << when << ": a cancelled order invited";
  };
  expect_outcome("after the race");
  const v1::OrderBackfill first = Latest();
  EXPECT_EQ(first.scheduled() + first.duplicates() + first.other(), kOrders);

  // The stand-in still lists the cancelled orders as shipped (their older
  // status): a second backfill leaves them cancelled.
  absl::StatusOr<v1::OrderBackfill> again = Start(1);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(WaitFor([&] { return Done(again->id()); })) << server_->Log();
  EXPECT_EQ(Latest().scheduled(), 0);
  expect_outcome("after a second backfill");
  std::cout << "[race] backfill and webhooks: " << kOrders << " orders, " << kOrders / 5
            << " cancelled; first backfill scheduled " << first.scheduled() << ", duplicates "
            << first.duplicates() << ", other " << first.other() << "\n";
  ExpectNoFailureLogged();
}

}  // namespace
}  // namespace opinus::testing
