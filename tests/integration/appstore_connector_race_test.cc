// The App Store connector on two cores of one MariaDB, against the stand-in
// Shoper, every part on: key rotations on one core while the other connects
// a re-install leave one webhook, pointed at the shop's current key; an
// uninstall racing rotations leaves the shop disconnected, the key Shoper
// holds refused, and no webhook made again.
#include <atomic>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/integration/appstore_two_cores.h"

namespace opinus::testing {
namespace {

namespace v1 = ::opinus::v1;

// At most this many rotations a race, however long the other side takes.
constexpr int kMaxRotations = 200;

class AppStoreConnectorRaceTest : public AppStoreTwoCoresTest {
 protected:
  void SetUp() override {
    AppStoreTwoCoresTest::SetUp();
    if (HasFatalFailure()) return;
    Install(kAuthCode);
    ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
    shop_id_ = std::stoll(Shops("id"));
  }

  // RotateUntil rotates the shop's key on core 1 until `done` (or
  // kMaxRotations), counting in `rotations` those that succeeded.
  void RotateUntil(const std::function<bool()>& done, std::atomic<int>& rotations) const {
    client::Client core = Core(1, GetTestTokens().operator_token);
    v1::RotateShopKeyRequest request;
    request.set_shop_id(shop_id_);
    for (int i = 0; i < kMaxRotations && !done(); ++i) {
      absl::StatusOr<v1::Shop> rotated = core.RotateShopKey(request);
      EXPECT_TRUE(rotated.ok()) << rotated.status();
      if (rotated.ok()) ++rotations;
    }
  }

  // WebhookKey returns the key in the URL of the stand-in's one webhook.
  std::string WebhookKey() {
    const std::vector<FakeShoperServer::Webhook> webhooks = shoper_->webhooks();
    const std::string prefix = absl::StrCat(kPublicUrl, "/api/");
    if (webhooks.size() != 1 || webhooks[0].url.rfind(prefix, 0) != 0) return "";
    return webhooks[0].url.substr(prefix.size());
  }

  long long Installations(const std::string& where) const {
    return database_->QueryInt(
        absl::StrCat("SELECT COUNT(*) FROM app_installations WHERE ", where));
  }

  long long shop_id_ = 0;
};

// Each round a re-install (a new auth code) is connected while core 1 keeps
// rotating the shop's key: its connect reads the shop's key and registers
// the webhook with it while the key changes under it. The rotations stop as
// soon as the connection is seen, so the last one may fall just before it.
TEST_F(AppStoreConnectorRaceTest, RotationsDuringAReinstallLeaveOneWebhookAtTheCurrentKey) {
  constexpr int kRounds = 3;
  std::atomic<int> rotations{0};
  for (int round = 0; round < kRounds; ++round) {
    std::thread rotate([&] { RotateUntil([&] { return Connected(round + 2); }, rotations); });
    Install(absl::StrCat("reinstall-code-", round));
    const bool connected = WaitFor([&] { return Connected(round + 2); });
    rotate.join();
    ASSERT_TRUE(connected) << server_->Log();

    // Settled: no update due, and Shoper's one webhook at the current key.
    const bool settled = WaitFor([&] {
      return Installations("webhook_update_at IS NULL") == 1 &&
             WebhookKey() == Shops("webhook_key");
    });
    EXPECT_TRUE(settled) << "round " << round << ": the webhook points at " << WebhookKey()
                         << ", the shop's key is " << Shops("webhook_key") << "\n"
                         << absl::StrJoin(CallsMade(), "\n");
    ASSERT_EQ(shoper_->webhooks().size(), 1u);
    EXPECT_EQ(shoper_->webhooks()[0].secret, Shops("webhook_secret"));
    EXPECT_EQ(Deliver(Shops("webhook_key"), Shops("webhook_secret")), 200);
  }
  std::cout << "[race] re-installs racing rotations: " << kRounds << " rounds, " << rotations.load()
            << " rotations\n";
  const std::vector<std::string> failures = FailuresInCoreLogs();
  EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");
}

// An uninstall arrives while core 1 rotates the key: the shop ends
// disconnected, and whichever key Shoper's webhook holds is refused.
TEST_F(AppStoreConnectorRaceTest, AnUninstallRacingRotationsLeavesTheShopDisconnected) {
  const std::string first_key = Shops("webhook_key");
  const std::string secret = Shops("webhook_secret");
  std::atomic<bool> stop{false};
  std::atomic<int> rotated{0};
  std::thread rotate([&] { RotateUntil([&] { return stop.load(); }, rotated); });
  // Some rotations before the uninstall, so that webhook URL updates are
  // under way, and some after it.
  const bool rotating = WaitFor([&] { return rotated.load() >= 3; });
  EXPECT_EQ(Post(Signed(Callback("uninstall", absl::Now(), shoper_->url()))).status, 200);
  const int at_uninstall = rotated.load();
  const bool rotated_after = WaitFor([&] { return rotated.load() >= at_uninstall + 5; });
  stop = true;
  rotate.join();
  ASSERT_TRUE(rotating && rotated_after) << rotated.load();

  EXPECT_EQ(Installations("connect_state = 'disconnected' AND installed = 0 AND access_token IS "
                          "NULL AND refresh_token IS NULL"),
            1);
  EXPECT_EQ(shoper_->webhooks().size(), 1u);
  const std::string held = WebhookKey();
  ASSERT_FALSE(held.empty());
  EXPECT_EQ(Deliver(held, secret), 404) << "Shoper's webhook still delivers";
  EXPECT_EQ(Deliver(first_key, secret), 404);
  std::cout << "[race] uninstall racing rotations: " << rotated.load() << " rotations, "
            << at_uninstall << " before the uninstall\n";
}

// A re-install arrives while the other core refreshes the installation's
// tokens: the refresh is held by a 429 (Retry-After 2 s) at the stand-in,
// and the re-install is sent meanwhile. Whichever way it goes, the shop ends
// connected, with the latest tokens the stand-in issued, and one webhook.
// (The held refresh, sent again with a refresh token the re-install's code
// replaced, gets invalid_grant and logs appstore_refresh_failed; its save is
// refused as older than the callback, so it records nothing.)
TEST_F(AppStoreConnectorRaceTest, AReinstallRacingARefreshKeepsTheLatestTokens) {
  constexpr int kRounds = 2;
  // A day and 3 s: each new token is refreshed 3 s after it is issued.
  shoper_->SetTokenLifetimes(std::vector<int>(2 * kRounds, 86400 + 3));
  for (int round = 0; round < kRounds; ++round) {
    Install(absl::StrCat("refresh-race-code-", round));
    ASSERT_TRUE(WaitFor([&] { return Connected(2 + 2 * round); })) << server_->Log();
    const size_t calls = shoper_->calls().size();
    shoper_->RefuseNext(1, 2);
    // The refresh is held: its token call was refused.
    ASSERT_TRUE(WaitFor([&] {
      const std::vector<FakeShoperServer::Call> all = shoper_->calls();
      for (size_t i = calls; i < all.size(); ++i) {
        if (all[i].status == 429) return true;
      }
      return false;
    })) << absl::StrJoin(CallsMade(), "\n");
    Install(absl::StrCat("refresh-race-code-", round, "-again"));
    ASSERT_TRUE(WaitFor([&] { return Connected(3 + 2 * round); })) << server_->Log();
  }
  // Settled: the tokens in the database are the stand-in's latest.
  const bool latest = WaitFor([&] {
    const std::vector<std::string> issued = shoper_->refresh_tokens();
    return !issued.empty() &&
           Installations(absl::StrCat("connect_state = 'connected' AND refresh_token = '",
                                      issued.back(), "'")) == 1;
  });
  EXPECT_TRUE(latest) << "the stand-in's latest refresh token is not the one kept\n"
                      << absl::StrJoin(CallsMade(), "\n");
  EXPECT_EQ(shoper_->webhooks().size(), 1u);
  EXPECT_EQ(WebhookKey(), Shops("webhook_key"));
}

}  // namespace
}  // namespace opinus::testing
