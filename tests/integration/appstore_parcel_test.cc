// The parcel trigger through real processes: a shop connected through the
// App Store to the stand-in Shoper (its zone Asia/Tokyo, from
// application-config) chooses "after the parcel is dispatched"; the stand-in
// sends the signed order.status and parcel.dispatch webhooks it registered
// for; the gateway translates them, the core records them on MariaDB.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/integration/appstore_fixture.h"
#include "tests/integration/loopback_ports.h"

namespace opinus::testing {
namespace {

// The sample order 1043's parcel, sent at 10:30 in Tokyo: 01:30 UTC.
constexpr char kParcel[] = R"({"parcel_id":"311","order_id":"1043","shipping_id":"4","sent":"1",)"
                           R"("send_date":"2024-05-09 10:30:00","delivery_date":null})";

class AppStoreParcelTest : public AppStoreConnectTest {
 protected:
  // The core registers the gateway's own URL, so the stand-in's webhooks
  // reach it.
  void SetUp() override {
    const int http_port = FreePort();
    public_url_ = absl::StrCat("http://127.0.0.1:", http_port);
    gateway_flags_ = {absl::StrCat("--listen=127.0.0.1:", http_port)};
    StartConnecting({});
  }

  // ConnectWithParcelTrigger installs the stand-in's shop and, once it is
  // connected, sets its trigger to the parcel's dispatch with 3 days' delay.
  void ConnectWithParcelTrigger() {
    shoper_->SetTimeZone("Asia/Tokyo");
    Install(kAuthCode);
    ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
    ASSERT_EQ(shoper_->webhooks().size(), 1u);
    ASSERT_EQ(Shops("time_zone"), "Asia/Tokyo");

    opinus::v1::UpdateShopSettingsRequest request;
    request.set_shop_id(std::stoll(Shops("id")));
    request.mutable_settings()->set_invitation_delay_days(3);
    request.mutable_settings()->mutable_trigger()->set_parcel_dispatch(true);
    request.mutable_settings()->mutable_trigger()->set_status_type(
        opinus::v1::ORDER_STATUS_TYPE_CLOSED);
    request.mutable_update_mask()->add_paths("invitation_delay_days");
    request.mutable_update_mask()->add_paths("trigger");
    absl::StatusOr<opinus::v1::ShopSettings> settings =
        Client(GetTestTokens().operator_token).UpdateShopSettings(request);
    ASSERT_TRUE(settings.ok()) << settings.status();
    ASSERT_TRUE(settings->trigger().parcel_dispatch());
    ASSERT_EQ(Shops("trigger_parcel_dispatch"), "1");
  }

  std::string Order() {
    return ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"));
  }

  // Outcomes returns each logged event's name, outcome and reason code, oldest first.
  std::vector<std::string> Outcomes() {
    return database_->QueryStrings(
        "SELECT CONCAT(event_name, ' ', outcome, ' ', reason_code) FROM order_events ORDER BY id");
  }

  std::vector<std::string> Invitations() {
    return database_->QueryStrings(
        "SELECT CONCAT(order_id, ' ', customer_email, ' ', state, ' ', "
        "DATE_FORMAT(status_time, '%Y-%m-%d %H:%i:%s'), ' ', "
        "DATE_FORMAT(send_at, '%Y-%m-%d %H:%i:%s')) FROM invitations ORDER BY id");
  }
};

TEST_F(AppStoreParcelTest, AnOrderThenItsParcelScheduleFromTheSendDateInTheShopsZone) {
  ConnectWithParcelTrigger();
  EXPECT_EQ(shoper_->SendOrder(Order(), "40123"), std::vector<int>{200});
  EXPECT_TRUE(Invitations().empty());

  EXPECT_EQ(shoper_->SendParcel(kParcel, "40123"), std::vector<int>{200});
  EXPECT_EQ(Invitations(), std::vector<std::string>{"1043 jan.kowalski@example.com scheduled "
                                                    "2024-05-09 01:30:00 2024-05-12 01:30:00"});
  // The same parcel again, or the order's status again: duplicates.
  EXPECT_EQ(shoper_->SendParcel(kParcel, "40123"), std::vector<int>{200});
  EXPECT_EQ(shoper_->SendOrder(Order(), "40123"), std::vector<int>{200});
  EXPECT_EQ(Outcomes(), (std::vector<std::string>{
                            "order.status ignored awaiting_parcel",
                            "parcel.dispatch scheduled invitation_due",
                            "parcel.dispatch duplicate order_has_invitation",
                            "order.status duplicate status_already_received",
                        }));
  EXPECT_EQ(Invitations().size(), 1u);
  // The buyer waited with the order only until the invitation took them.
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM orders WHERE waiting_customer_email <> ''"),
            0);
}

TEST_F(AppStoreParcelTest, AParcelBeforeItsOrderIsKeptForTheOrder) {
  ConnectWithParcelTrigger();
  EXPECT_EQ(shoper_->SendParcel(absl::StrCat("[", kParcel, "]"), "40123"), std::vector<int>{200});
  EXPECT_TRUE(Invitations().empty());
  EXPECT_EQ(shoper_->SendOrder(Order(), "40123"), std::vector<int>{200});
  EXPECT_EQ(Invitations(), std::vector<std::string>{"1043 jan.kowalski@example.com scheduled "
                                                    "2024-05-09 01:30:00 2024-05-12 01:30:00"});
  EXPECT_EQ(Outcomes(), (std::vector<std::string>{"parcel.dispatch ignored awaiting_order",
                                                  "order.status scheduled invitation_due"}));
}

}  // namespace
}  // namespace opinus::testing
