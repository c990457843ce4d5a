// A key rotation of a shop connected through the App Store points our
// webhook in the Shoper shop at the new key (PUT /webapi/rest/webhooks/<id>,
// its secret kept), through real processes, MariaDB and the fake Shoper API;
// with Shoper down the rotation still succeeds and the update waits for it.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/integration/appstore_fixture.h"

namespace opinus::testing {
namespace {

class AppStoreRotationTest : public AppStoreConnectTest {
 protected:
  // Connect installs the fake shop and returns once it is connected.
  void Connect() {
    Install(kAuthCode);
    ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
    ASSERT_EQ(shoper_->webhooks().size(), 1u);
  }

  // Rotate rotates the shop's key as an operator and returns the new key.
  std::string Rotate() {
    opinus::v1::RotateShopKeyRequest request;
    request.set_shop_id(std::stoll(Shops("id")));
    absl::StatusOr<opinus::v1::Shop> shop =
        Client(GetTestTokens().operator_token).RotateShopKey(request);
    EXPECT_TRUE(shop.ok()) << shop.status();
    return shop.ok() ? shop->webhook_key() : "";
  }

  // WebhookAt returns whether the fake's one webhook points at `key`.
  bool WebhookAt(const std::string& key) {
    const std::vector<FakeShoperServer::Webhook> webhooks = shoper_->webhooks();
    return webhooks.size() == 1 && webhooks[0].url == absl::StrCat(kPublicUrl, "/api/", key);
  }
};

TEST_F(AppStoreRotationTest, ARotationPointsTheWebhookAtTheNewKeyKeepingItsSecret) {
  Connect();
  const std::string secret = shoper_->webhooks()[0].secret;
  const std::string old_key = Shops("webhook_key");
  const std::string new_key = Rotate();
  ASSERT_FALSE(new_key.empty());
  ASSERT_NE(new_key, old_key);
  ASSERT_TRUE(WaitFor([&] { return WebhookAt(new_key); })) << server_->Log();
  EXPECT_EQ(CallsMade().back(), "PUT /webapi/rest/webhooks/1 200");
  EXPECT_EQ(shoper_->webhooks()[0].secret, secret);
  EXPECT_EQ(Shops("webhook_secret"), secret);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_installations WHERE "
                                "webhook_update_at IS NULL AND webhook_rotations = 1 AND "
                                "webhook_rotations_sent = 1"),
            1);
  EXPECT_EQ(Deliver(new_key, secret), 200);
  ExpectNoSecretInLogs({secret, new_key, kClientSecret});
}

TEST_F(AppStoreRotationTest, WhileShoperIsDownTheRotationSucceedsAndTheUpdateWaits) {
  Connect();
  shoper_->SetDown(true);
  const std::string new_key = Rotate();
  ASSERT_FALSE(new_key.empty());
  EXPECT_EQ(Shops("webhook_key"), new_key);
  ASSERT_TRUE(WaitFor([&] {
    return database_->QueryInt(
               "SELECT COUNT(*) FROM app_installations WHERE webhook_update_attempts >= 2 AND "
               "webhook_update_error LIKE '%HTTP 503%'") == 1;
  })) << server_->Log();
  EXPECT_FALSE(WebhookAt(new_key));

  shoper_->SetDown(false);
  ASSERT_TRUE(WaitFor([&] { return WebhookAt(new_key); })) << server_->Log();
  EXPECT_EQ(CallsMade().back(), "PUT /webapi/rest/webhooks/1 200");
  EXPECT_EQ(shoper_->webhooks().size(), 1u);
}

}  // namespace
}  // namespace opinus::testing
