// Past orders on the owner's request and the REST API's rate limit, through
// real processes, MariaDB and the stand-in Shoper on loopback (which keeps
// Shoper's bucket: 10 calls, 2 a second, 429 with Retry-After beyond):
// the count shown before starting equals what is scheduled; a backfill of
// 320 qualifying orders (7 pages of 50) among others that do not qualify
// schedules each once within the rate limit; a second backfill adds none;
// a 429's Retry-After is honoured.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/integration/appstore_fixture.h"
#include "tests/integration/child_process.h"

namespace opinus::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kQualifying = 320;

class AppStoreBackfillTest : public AppStoreConnectTest {
 protected:
  void SetUp() override {
    AppStoreConnectTest::SetUp();
    Install(kAuthCode);
    ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
    shop_id_ = std::stoll(Shops("id"));
  }

  // AddOrders gives the stand-in shop 320 orders that a 30-day backfill
  // reads (sent, "przesyłka wysłana" or "odebrana", within 30 days) and
  // some that it does not (another status, or too old).
  void AddOrders() {
    absl::TimeZone zone;
    ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &zone));
    const absl::Time now = absl::Now();
    auto local = [&](absl::Time time) { return absl::FormatTime("%Y-%m-%d %H:%M:%S", time, zone); };
    for (int i = 0; i < kQualifying; ++i) {
      FakeShoperOrder order;
      order.order_id = 1000 + i;
      order.email = absl::StrCat("klient", i, "@example.com");
      order.status_id = i % 2 == 0 ? 7 : 10;
      order.status_name = i % 2 == 0 ? "przesyłka wysłana" : "odebrana";
      order.status_date = local(now - absl::Hours(24 * 25) + absl::Minutes(i));
      shoper_->AddOrder(order);
    }
    for (int i = 0; i < 30; ++i) {
      FakeShoperOrder opened;
      opened.order_id = 5000 + i;
      opened.email = absl::StrCat("otwarte", i, "@example.com");
      opened.status_id = 2;
      opened.status_type = 2;
      opened.status_name = "przyjęte";
      opened.status_date = local(now - absl::Hours(24 * 3));
      shoper_->AddOrder(opened);
      FakeShoperOrder old;
      old.order_id = 6000 + i;
      old.email = absl::StrCat("dawne", i, "@example.com");
      old.status_date = local(now - absl::Hours(24 * 40));
      shoper_->AddOrder(old);
    }
  }

  absl::StatusOr<opinus::v1::OrderBackfillPreview> Preview(int days) {
    opinus::v1::GetOrderBackfillPreviewRequest request;
    request.set_shop_id(shop_id_);
    request.set_days(days);
    return Client(GetTestTokens().operator_token).GetOrderBackfillPreview(request);
  }

  absl::StatusOr<opinus::v1::OrderBackfill> Start(int days) {
    opinus::v1::StartOrderBackfillRequest request;
    request.set_shop_id(shop_id_);
    request.set_days(days);
    return Client(GetTestTokens().operator_token).StartOrderBackfill(request);
  }

  opinus::v1::OrderBackfill Latest() {
    opinus::v1::GetOrderBackfillRequest request;
    request.set_shop_id(shop_id_);
    absl::StatusOr<opinus::v1::OrderBackfill> latest =
        Client(GetTestTokens().operator_token).GetOrderBackfill(request);
    return latest.ok() ? *latest : opinus::v1::OrderBackfill();
  }

  bool Done(int64_t id) {
    const opinus::v1::OrderBackfill latest = Latest();
    return latest.id() == id && latest.state() == opinus::v1::ORDER_BACKFILL_STATE_DONE;
  }

  long long Invitations() {
    return database_->QueryInt(
        absl::StrCat("SELECT COUNT(*) FROM invitations WHERE shop_id = ", shop_id_));
  }

  // ExpectEvery429Honoured checks that after each 429 the stand-in sent,
  // the next call came no sooner than its Retry-After said, and returns how
  // many it sent.
  int ExpectEvery429Honoured() {
    const std::vector<FakeShoperServer::Call> calls = shoper_->calls();
    int throttled = 0;
    for (size_t i = 0; i < calls.size(); ++i) {
      if (calls[i].status != 429) continue;
      ++throttled;
      if (i + 1 == calls.size()) continue;
      EXPECT_GE(calls[i + 1].time - calls[i].time, absl::Seconds(calls[i].retry_after))
          << "call " << i + 1 << " " << calls[i + 1].path;
    }
    return throttled;
  }

  int OrderCalls() {
    int calls = 0;
    for (const FakeShoperServer::Call& call : shoper_->calls()) {
      calls += call.path == "/webapi/rest/orders" && call.status == 200 ? 1 : 0;
    }
    return calls;
  }

  long long shop_id_ = 0;
};

TEST_F(AppStoreBackfillTest, PastOrdersAreInvitedOnceWithinTheRateLimit) {
  AddOrders();
  absl::StatusOr<opinus::v1::OrderBackfillPreview> preview = Preview(30);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(preview->order_count(), kQualifying);

  absl::StatusOr<opinus::v1::OrderBackfill> started = Start(30);
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_EQ(started->expected_orders(), kQualifying);
  // One at a time: a second start while it runs is refused.
  EXPECT_EQ(Start(30).status().code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(WaitFor([&] { return Done(started->id()); })) << server_->Log();

  const opinus::v1::OrderBackfill done = Latest();
  EXPECT_EQ(done.pages(), 7);
  EXPECT_EQ(done.pages_read(), 7);
  EXPECT_EQ(done.scheduled(), kQualifying);
  EXPECT_EQ(done.duplicates(), 0);
  EXPECT_EQ(done.other(), 0);
  EXPECT_EQ(done.error(), "");
  EXPECT_EQ(Invitations(), kQualifying);
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(DISTINCT order_id) FROM invitations WHERE state = 'scheduled' AND "
                "shop_id = ",
                shop_id_)),
            kQualifying);
  // Each invitation of a past order is due now or later, never back then.
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations WHERE send_at < created_at - "
                                "INTERVAL 1 SECOND"),
            0);

  // The same days again: every order is a duplicate, nothing is added.
  absl::StatusOr<opinus::v1::OrderBackfill> again = Start(30);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(WaitFor([&] { return Done(again->id()); })) << server_->Log();
  EXPECT_EQ(Latest().scheduled(), 0);
  EXPECT_EQ(Latest().duplicates(), kQualifying);
  EXPECT_EQ(Invitations(), kQualifying);

  // 3 counts (a refused start asks nothing) and 14 pages: the stand-in's
  // 429s, if any, were each honoured.
  EXPECT_EQ(OrderCalls(), 3 + 14);
  const int throttled = ExpectEvery429Honoured();
  RecordProperty("throttled", throttled);
  ExpectNoSecretInLogs({"fake-access-1", "fake-refresh-1"});
}

TEST_F(AppStoreBackfillTest, A429IsHonouredForItsRetryAfter) {
  AddOrders();
  shoper_->RefuseNext(1, 2);
  absl::StatusOr<opinus::v1::OrderBackfillPreview> preview = Preview(30);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(preview->order_count(), kQualifying);
  const std::vector<FakeShoperServer::Call> calls = shoper_->calls();
  ASSERT_GE(calls.size(), 2u);
  const FakeShoperServer::Call& refused = calls[calls.size() - 2];
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(calls.back().status, 200);
  EXPECT_GE(calls.back().time - refused.time, absl::Seconds(2));
  EXPECT_EQ(ExpectEvery429Honoured(), 1);
}

// A token Shoper revokes mid-backfill: the page answered 401 refreshes the
// tokens once and is read again at once; the backfill ends without a failed
// attempt. Its orders are no deliveries: the dashboard counts no webhook.
TEST_F(AppStoreBackfillTest, ATokenRevokedMidBackfillIsRefreshedOnceAndTheBackfillCompletes) {
  AddOrders();
  shoper_->RevokeAccessTokensAfterOrdersPage(3);
  absl::StatusOr<opinus::v1::OrderBackfill> started = Start(30);
  ASSERT_TRUE(started.ok()) << started.status();
  ASSERT_TRUE(WaitFor([&] { return Done(started->id()); })) << server_->Log();

  const opinus::v1::OrderBackfill done = Latest();
  EXPECT_EQ(done.scheduled(), kQualifying);
  EXPECT_EQ(done.attempts(), 0);
  EXPECT_EQ(done.error(), "");
  EXPECT_EQ(Invitations(), kQualifying);
  // One refresh: the install's tokens, then the refreshed ones.
  EXPECT_EQ(shoper_->access_tokens().size(), 2u);
  EXPECT_EQ(shoper_->refresh_tokens().size(), 2u);
  int unauthorized = 0;
  for (const FakeShoperServer::Call& call : shoper_->calls()) {
    unauthorized += call.path == "/webapi/rest/orders" && call.status == 401 ? 1 : 0;
  }
  EXPECT_EQ(unauthorized, 1);
  // 1 count, 7 pages, page 4 read twice (401, then its page).
  EXPECT_EQ(OrderCalls(), 1 + 7);
  // The new refresh token is the installation's, for the connector's next
  // refresh.
  EXPECT_EQ(database_->QueryStrings("SELECT refresh_token FROM app_installations"),
            std::vector<std::string>{shoper_->refresh_tokens().back()});

  EXPECT_EQ(
      database_->QueryInt(absl::StrCat(
          "SELECT COUNT(*) FROM order_events WHERE source = 'fetched' AND shop_id = ", shop_id_)),
      kQualifying);
  opinus::v1::GetShopDashboardRequest dashboard_request;
  dashboard_request.set_shop_id(shop_id_);
  absl::StatusOr<opinus::v1::ShopDashboard> dashboard =
      Client(GetTestTokens().operator_token).GetShopDashboard(dashboard_request);
  ASSERT_TRUE(dashboard.ok()) << dashboard.status();
  EXPECT_EQ(dashboard->webhooks_last_7_days(), 0);
  EXPECT_FALSE(dashboard->has_last_webhook_time());
  ExpectNoSecretInLogs({"fake-access-1", "fake-refresh-1", "fake-access-2", "fake-refresh-2"});
}

// SignUp makes an owner through the API and returns their session cookie
// and CSRF token.
std::pair<std::string, std::string> SignUp(int port, const std::string& email) {
  absl::StatusOr<HttpResponse> response = SendHttpRequest(
      static_cast<uint16_t>(port), "POST", "/v1/accounts", {{"Content-Type", "application/json"}},
      absl::StrCat(R"({"email": ")", email, R"(", "password": "correct horse battery staple"})"));
  EXPECT_TRUE(response.ok() && response->status == 200);
  if (!response.ok()) return {};
  const std::string cookie = response->headers["set-cookie"];
  const std::string body = response->body;
  const size_t at = body.find("\"csrf_token\":\"");
  const size_t start = at == std::string::npos ? 0 : at + 14;
  return {cookie.substr(0, cookie.find(';')),
          at == std::string::npos ? "" : body.substr(start, body.find('"', start) - start)};
}

TEST_F(AppStoreBackfillTest, ThePanelCountsConfirmsAndShowsProgress) {
  AddOrders();
  const std::pair<std::string, std::string> session = SignUp(http_port_, "wlasciciel@example.com");
  const std::string& cookie = session.first;
  const std::string& csrf = session.second;
  // Attaching the shop to its owner is the claim link's work (elsewhere).
  database_->Execute("UPDATE shops SET owner_id = (SELECT MIN(id) FROM owners)");
  const std::string page = absl::StrCat("/panel/shops/", shop_id_, "/backfill");
  auto get = [&](const std::string& path) {
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(static_cast<uint16_t>(http_port_), "GET", path, {{"Cookie", cookie}}, "");
    return response.ok() ? *response : HttpResponse{};
  };
  // The core's shop cache learns of the owner within seconds.
  HttpResponse counted;
  ASSERT_TRUE(WaitFor([&] {
    counted = get(absl::StrCat(page, "?days=30"));
    return counted.status == 200;
  })) << counted.status
      << counted.body;
  EXPECT_NE(counted.body.find(absl::StrCat("id=\"backfill-count\">", kQualifying, "<")),
            std::string::npos)
      << counted.body;
  EXPECT_NE(counted.body.find("id=\"confirm-backfill\""), std::string::npos);

  absl::StatusOr<HttpResponse> started =
      SendHttpRequest(static_cast<uint16_t>(http_port_), "POST", page,
                      {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                      FormEncode({{"csrf", csrf}, {"days", "30"}}));
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_EQ(started->status, 303) << started->body;
  EXPECT_EQ(started->headers["location"], absl::StrCat(page, "?started=1"));
  ASSERT_TRUE(WaitFor([&] { return Invitations() == kQualifying; })) << server_->Log();
  ASSERT_TRUE(WaitFor([&] {
    return get(page).body.find(absl::StrCat("id=\"backfill-scheduled\">", kQualifying, "<")) !=
           std::string::npos;
  })) << get(page).body;

  // Without its form's token the start is refused and nothing runs.
  absl::StatusOr<HttpResponse> forged = SendHttpRequest(
      static_cast<uint16_t>(http_port_), "POST", page,
      {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}}, "days=30");
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(forged->status, 403);
}

// The owner's way in a real browser (tests/browser/backfill_flow.mjs): the
// link, the count, the confirmation, the progress.
TEST_F(AppStoreBackfillTest, TheOwnerConfirmsInARealBrowser) {
  AddOrders();
  const std::string cookie = SignUp(http_port_, "przegladarka@example.com").first;
  database_->Execute("UPDATE shops SET owner_id = (SELECT MIN(id) FROM owners)");
  // The core's shop cache learns of the owner within seconds.
  ASSERT_TRUE(WaitFor([&] {
    absl::StatusOr<HttpResponse> page = SendHttpRequest(
        static_cast<uint16_t>(http_port_), "GET",
        absl::StrCat("/panel/shops/", shop_id_, "/backfill"), {{"Cookie", cookie}}, "");
    return page.ok() && page->status == 200;
  }));
  const fs::path screenshots = fs::path(OPINUS_ARTIFACT_DIR) / "browser";
  fs::create_directories(screenshots);
  CommandResult browser =
      RunCommand({"/usr/bin/env", "node", absl::StrCat(OPINUS_BROWSER_DIR, "/backfill_flow.mjs"),
                  absl::StrCat("http://127.0.0.1:", http_port_), "przegladarka@example.com",
                  "correct horse battery staple", absl::StrCat(shop_id_), absl::StrCat(kQualifying),
                  screenshots.string()},
                 absl::Seconds(120));
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err << gateway_->Log();
  EXPECT_NE(browser.out.find("all checks held"), std::string::npos) << browser.out;
  EXPECT_TRUE(fs::exists(screenshots / "backfill-2-count.png"));
  EXPECT_EQ(Invitations(), kQualifying);
}

TEST_F(AppStoreBackfillTest, DaysOutOfBoundsAreRefused) {
  EXPECT_EQ(Preview(0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Preview(91).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Start(91).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace opinus::testing
