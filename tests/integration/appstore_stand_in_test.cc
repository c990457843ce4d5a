// What scripts/dev does with the stand-in Shoper, through real processes: the
// opinus_fake_shoper program serving one shop, the app installed into it by
// scripts/lib/shoper_install.py (a signed install callback to the gateway),
// the core connecting it, and the stand-in sending Shoper's sample order,
// signed, to the webhook registered with it: the order reaches `scheduled`;
// and the app's page opened as scripts/lib/shoper_app_page.py signs it.
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/integration/child_process.h"
#include "tests/integration/loopback_ports.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

constexpr char kAppId[] = "stand-in-app";
constexpr char kAppSecret[] = "stand-in-app-secret-7Yq";
constexpr char kAppStoreSecret[] = "stand-in-appstore-secret-Kw3";
constexpr char kAuthCode[] = "stand-in-auth-code-Pz1";

TEST(AppStoreStandInTest, TheInstalledStandInSendsAnOrderThatIsScheduled) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("standin");
  ASSERT_TRUE(database.ok()) << database.status();
  const std::string prefix = absl::StrCat(::testing::TempDir(), "/standin-", getpid());
  const std::string appstore_secret_file = prefix + "-appstore-secret";
  std::ofstream(appstore_secret_file) << kAppStoreSecret << "\n";

  const int shoper_port = FreePort();
  absl::StatusOr<ChildProcess> shoper = ChildProcess::Start(
      {BinaryPath("opinus_fake_shoper"), absl::StrCat("--port=", shoper_port),
       absl::StrCat("--app_id=", kAppId), absl::StrCat("--app_secret=", kAppSecret),
       absl::StrCat("--auth_code=", kAuthCode), "--licence=dev-shop-1",
       absl::StrCat("--order_file=", OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json")},
      prefix + "-shoper.log");
  ASSERT_TRUE(shoper.ok()) << shoper.status();

  // The core registers <public_url>/api/<key>, so the gateway listens there.
  const int http_port = FreePort();
  const std::string gateway_url = absl::StrCat("http://127.0.0.1:", http_port);
  absl::StatusOr<RunningService> core = StartCoreServer(
      (*database)->connect_string(), prefix + "-server.log",
      {absl::StrCat("--shoper_app_id=", kAppId), absl::StrCat("--shoper_app_secret=", kAppSecret),
       absl::StrCat("--shoper_appstore_secret_file=", appstore_secret_file),
       "--shoper_insecure_http", absl::StrCat("--public_url=", gateway_url),
       "--appstore_connect_retry=1s", "--dispatch=false"});
  ASSERT_TRUE(core.ok()) << core.status();
  absl::StatusOr<RunningService> gateway = StartGateway(
      core->port, prefix + "-gateway.log", {absl::StrCat("--listen=127.0.0.1:", http_port)});
  ASSERT_TRUE(gateway.ok()) << gateway.status();

  const CommandResult installed = RunCommand(
      {"/usr/bin/python3", absl::StrCat(OPINUS_SOURCE_DIR, "/scripts/lib/shoper_install.py"),
       gateway_url, absl::StrCat("http://127.0.0.1:", shoper_port), "dev-shop-1", kAuthCode,
       appstore_secret_file},
      absl::Seconds(60));
  ASSERT_EQ(installed.exit_code, 0) << installed.out << installed.err << core->process->Log();
  const std::string key = (*database)->QueryStrings("SELECT webhook_key FROM shops").front();
  EXPECT_EQ(installed.out, absl::StrCat(gateway_url, "/api/", key, "\n"));
  // The webhook is listed once registered; its secret is the shop's a moment later.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while ((*database)->QueryInt("SELECT COUNT(*) FROM app_installations WHERE connect_state = "
                               "'connected'") != 1) {
    ASSERT_LT(absl::Now(), give_up) << core->process->Log();
    absl::SleepFor(absl::Milliseconds(100));
  }

  absl::StatusOr<HttpResponse> sent =
      SendHttpRequest(static_cast<uint16_t>(shoper_port), "POST", "/stand-in/orders", {}, "");
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(sent->status, 200);
  EXPECT_EQ(sent->body, R"({"sent":[200]})") << gateway->process->Log();
  EXPECT_EQ((*database)->QueryInt("SELECT COUNT(*) FROM invitations WHERE state = 'scheduled'"), 1);
  EXPECT_EQ((*database)->QueryInt("SELECT COUNT(*) FROM order_events"), 1);

  // The app's page as scripts/dev says to open it: signed, it shows the
  // shop's one-time claim link.
  const CommandResult page_url = RunCommand(
      {"/usr/bin/python3", absl::StrCat(OPINUS_SOURCE_DIR, "/scripts/lib/shoper_app_page.py"),
       gateway_url, "dev-shop-1", appstore_secret_file},
      absl::Seconds(30));
  ASSERT_EQ(page_url.exit_code, 0) << page_url.err;
  ASSERT_TRUE(absl::StartsWith(page_url.out, gateway_url + "/shoper/app?")) << page_url.out;
  const std::string path(
      absl::StripTrailingAsciiWhitespace(page_url.out.substr(gateway_url.size())));
  absl::StatusOr<HttpResponse> page =
      SendHttpRequest(static_cast<uint16_t>(http_port), "GET", path, {}, "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->status, 200) << page->body;
  EXPECT_TRUE(absl::StrContains(page->body, "/panel/claim/")) << page->body;
}

}  // namespace
}  // namespace opinus::testing
