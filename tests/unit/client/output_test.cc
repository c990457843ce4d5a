// Tests of the `opinus` CLI's tables, "key: value" lines and JSON.
#include "client/cli/output.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::client::cli {
namespace {

namespace v1 = ::opinus::v1;

constexpr int64_t k20240515_071205 = 1715757125;  // 2024-05-15 07:12:05 UTC
constexpr int64_t k20240508_071205 = 1715152325;  // 2024-05-08 07:12:05 UTC

v1::Invitation SampleInvitation() {
  v1::Invitation invitation;
  invitation.set_id(17);
  invitation.set_shop_id(3);
  invitation.set_order_id("1043");
  invitation.set_customer_email("jan@example.pl");
  invitation.set_customer_first_name("Jan");
  invitation.set_state(v1::INVITATION_STATE_SCHEDULED);
  invitation.mutable_status_time()->set_seconds(k20240508_071205);
  invitation.mutable_send_time()->set_seconds(k20240515_071205);
  return invitation;
}

TEST(FormatInvitationTableTest, AlignsColumnsAndDashesEmptyCells) {
  v1::Invitation cancelled = SampleInvitation();
  cancelled.set_id(5);
  cancelled.set_order_id("998");
  cancelled.set_customer_email("anna.nowak@example.com");
  cancelled.set_state(v1::INVITATION_STATE_CANCELLED);
  cancelled.set_state_reason("order cancelled (status 8)");

  EXPECT_EQ(FormatInvitationTable({SampleInvitation(), cancelled}),
            "ID  ORDER  EMAIL                   STATE      SEND_AT(UTC)         REASON\n"
            "17  1043   jan@example.pl          scheduled  2024-05-15 07:12:05  -\n"
            "5   998    anna.nowak@example.com  cancelled  2024-05-15 07:12:05  "
            "order cancelled (status 8)\n");
}

TEST(FormatInvitationTableTest, EmptyListIsTheHeaderAlone) {
  EXPECT_EQ(FormatInvitationTable({}), "ID  ORDER  EMAIL  STATE  SEND_AT(UTC)  REASON\n");
}

TEST(FormatTableTest, CountsCharactersNotBytes) {
  EXPECT_EQ(FormatTable({"NAME", "X"}, {{"Łódź", "1"}, {"ab", "2"}}),
            "NAME  X\n"
            "Łódź  1\n"
            "ab    2\n");
}

// A shop's order id or status text can hold terminal escapes: printed raw,
// "\x1b]0;owned\x07" retitles the operator's window and CSI sequences move the
// cursor or hide what follows.
TEST(ForTerminalTest, EscapesEveryControlCharacterAndKeepsText) {
  EXPECT_EQ(ForTerminal("Zażółć gęślą"), "Zażółć gęślą");
  EXPECT_EQ(ForTerminal("a\x1b]0;owned\x07"
                        "b"),
            "a\\x1b]0;owned\\x07b");
  EXPECT_EQ(ForTerminal("\r\n\t\x7f"), "\\x0d\\x0a\\x09\\x7f");
  EXPECT_EQ(ForTerminal("\xc2\x9b"
                        "31m"),
            "\\u009b31m");
  EXPECT_EQ(ForTerminal("\xff"), "\xef\xbf\xbd");
  for (int byte = 0; byte < 256; ++byte) {
    const std::string escaped = ForTerminal(std::string(1, static_cast<char>(byte)));
    for (char c : escaped) {
      const auto b = static_cast<unsigned char>(c);
      EXPECT_FALSE(b < 0x20 || b == 0x7f) << byte;
    }
  }
}

TEST(FormatEventTableTest, EscapesControlCharactersFromWebhookData) {
  v1::OrderEventRecord event;
  event.set_order_id("1\x1b[2J");
  event.set_reason("bad\x1b[31m");
  const std::string table = FormatEventTable({event});
  EXPECT_EQ(table.find('\x1b'), std::string::npos) << table;
  EXPECT_THAT(table, ::testing::HasSubstr("1\\x1b[2J"));
}

TEST(FormatTimeTest, UtcOrEmpty) {
  google::protobuf::Timestamp time;
  EXPECT_EQ(FormatTime(time), "");
  time.set_seconds(k20240515_071205);
  time.set_nanos(999999999);
  EXPECT_EQ(FormatTime(time), "2024-05-15 07:12:05");
}

TEST(FormatEventTableTest, ShowsStatusAndOutcome) {
  v1::OrderEventRecord event;
  event.set_id(9);
  event.mutable_receive_time()->set_seconds(k20240508_071205);
  event.set_event_name("order.status");
  event.set_order_id("1043");
  event.mutable_status()->set_status_id(7);
  event.mutable_status()->set_type(v1::ORDER_STATUS_TYPE_CLOSED);
  event.set_outcome(v1::ORDER_EVENT_OUTCOME_SCHEDULED);
  event.set_key_used(v1::WEBHOOK_KEY_USED_CURRENT);
  EXPECT_EQ(FormatEventTable({event}),
            "ID  RECEIVED(UTC)        EVENT         ORDER  STATUS    OUTCOME    KEY      REASON\n"
            "9   2024-05-08 07:12:05  order.status  1043   7/closed  scheduled  current  -\n");
  // In the shop's zone, named in the header.
  absl::TimeZone warsaw;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
  EXPECT_EQ(
      FormatEventTable({event}, {warsaw, "Europe/Warsaw"}),
      "ID  RECEIVED(Europe/Warsaw)  EVENT         ORDER  STATUS    OUTCOME    KEY      REASON\n"
      "9   2024-05-08 09:12:05      order.status  1043   7/closed  scheduled  current  -\n");
}

TEST(FormatEventTableTest, AnOrderABackfillReadCameWithNoKey) {
  v1::OrderEventRecord event;
  event.set_id(9);
  event.mutable_receive_time()->set_seconds(k20240508_071205);
  event.set_event_name("order.status");
  event.set_order_id("1043");
  event.mutable_status()->set_status_id(7);
  event.mutable_status()->set_type(v1::ORDER_STATUS_TYPE_CLOSED);
  event.set_outcome(v1::ORDER_EVENT_OUTCOME_SCHEDULED);
  event.set_source(v1::ORDER_EVENT_SOURCE_FETCHED);
  EXPECT_EQ(FormatEventTable({event}),
            "ID  RECEIVED(UTC)        EVENT         ORDER  STATUS    OUTCOME    KEY      REASON\n"
            "9   2024-05-08 07:12:05  order.status  1043   7/closed  scheduled  fetched  -\n");
}

TEST(FormatOpinionTableTest, TimesAreInTheShopsZoneNamedInTheHeader) {
  v1::Opinion opinion;
  opinion.set_id(4);
  opinion.set_rating(5);
  opinion.set_status(v1::OPINION_STATUS_PUBLISHED);
  opinion.mutable_create_time()->set_seconds(k20240508_071205);
  opinion.set_display_name("Jan K.");
  opinion.set_comment("Dobrze");
  absl::TimeZone warsaw;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
  EXPECT_EQ(FormatOpinionTable({opinion}, {warsaw, "Europe/Warsaw"}),
            "ID  RATING  STATUS     REPORTED  CREATED(Europe/Warsaw)  NAME    COMMENT\n"
            "4   5       published  no        2024-05-08 09:12:05     Jan K.  Dobrze\n");
}

TEST(FormatShopTest, ShowsTheKeyTheWebhookPathAndTheSettings) {
  v1::Shop shop;
  shop.set_id(3);
  shop.set_name("Ceramika Kowalski");
  shop.set_domain("sklep123456.shoparena.pl");
  shop.set_owner_email("jan@kowalski.pl");
  shop.set_webhook_key("abcdefghij0123456789");
  shop.mutable_create_time()->set_seconds(k20240508_071205);
  v1::ShopSettings& settings = *shop.mutable_settings();
  settings.set_invitation_delay_days(7);
  settings.mutable_trigger()->add_status_ids(7);
  settings.mutable_trigger()->add_status_ids(12);
  settings.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_CLOSED);
  settings.set_time_zone("Europe/Warsaw");
  settings.set_sending_enabled(true);
  settings.set_sender_name("Ceramika K.");
  settings.set_language("pl");
  settings.mutable_sending_hours()->set_start_hour(8);
  settings.mutable_sending_hours()->set_end_hour(20);
  settings.set_webhook_secret_set(true);
  EXPECT_EQ(FormatShop(shop, absl::FromUnixSeconds(k20240508_071205)),
            "id: 3\n"
            "name: Ceramika Kowalski\n"
            "domain: sklep123456.shoparena.pl\n"
            "owner_email: jan@kowalski.pl\n"
            "webhook_key: abcdefghij0123456789\n"
            "webhook_url: /api/abcdefghij0123456789\n"
            "created: 2024-05-08 07:12:05\n"
            "approved: no (daily cap until `opinus shop approve`)\n"
            "invitation_delay_days: 7\n"
            "trigger_status_ids: 7,12\n"
            "trigger_status_type: closed\n"
            "trigger_parcel_dispatch: off\n"
            "time_zone: Europe/Warsaw\n"
            "sending_enabled: on\n"
            "sender_name: Ceramika K.\n"
            "language: pl\n"
            "sending_hours: 8-20\n"
            "webhook_secret: set\n"
            "reminder_days: off\n");
}

TEST(FormatShopTest, ShowsThePreviousKeyAndTheTimeItHasLeft) {
  v1::Shop shop;
  shop.set_id(3);
  shop.set_webhook_key("abcdefghij0123456789");
  shop.set_previous_webhook_key("zyxwvutsrq9876543210");
  shop.mutable_previous_webhook_key_expire_time()->set_seconds(k20240508_071205 + 3600 * 23 + 61);
  EXPECT_EQ(FormatShop(shop, absl::FromUnixSeconds(k20240508_071205)),
            "id: 3\n"
            "name:\n"
            "domain:\n"
            "owner_email:\n"
            "webhook_key: abcdefghij0123456789\n"
            "webhook_url: /api/abcdefghij0123456789\n"
            "created:\n"
            "approved: no (daily cap until `opinus shop approve`)\n"
            "previous_webhook_key: zyxwvutsrq9876543210\n"
            "previous_webhook_url: /api/zyxwvutsrq9876543210\n"
            "previous_key_expires: 2024-05-09 06:13:06\n"
            "previous_key_time_left: 23h1m1s\n");
}

TEST(FormatSettingsTest, EmptyIdListSendingOffAndTheParcelTrigger) {
  v1::ShopSettings settings;
  settings.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_NOT_REALISED);
  settings.mutable_trigger()->set_parcel_dispatch(true);
  EXPECT_EQ(FormatSettings(settings),
            "invitation_delay_days: 0\n"
            "trigger_status_ids:\n"
            "trigger_status_type: not-realised\n"
            "trigger_parcel_dispatch: on\n"
            "time_zone:\n"
            "sending_enabled: off\n"
            "sender_name:\n"
            "language:\n"
            "sending_hours: 0-0\n"
            "webhook_secret: none\n"
            "reminder_days: off\n");
}

TEST(FormatInvitationTest, KeyValueLines) {
  const std::string text = FormatInvitation(SampleInvitation());
  EXPECT_THAT(text, ::testing::HasSubstr("id: 17\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("state: scheduled\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("send_time: 2024-05-15 07:12:05\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("state_reason:\n"));
}

TEST(ToJsonTest, LowerCamelCaseWithZeroFieldsAndRfc3339Times) {
  absl::StatusOr<std::string> json = ToJson(SampleInvitation());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json,
            "{\"id\":\"17\",\"shopId\":\"3\",\"orderId\":\"1043\","
            "\"customerEmail\":\"jan@example.pl\",\"customerFirstName\":\"Jan\","
            "\"customerLastName\":\"\",\"state\":\"INVITATION_STATE_SCHEDULED\","
            "\"stateReason\":\"\",\"attempts\":0,\"messageId\":\"\",\"lastError\":\"\","
            "\"statusTime\":\"2024-05-08T07:12:05Z\","
            "\"sendTime\":\"2024-05-15T07:12:05Z\"}\n");
}

TEST(ListToJsonTest, OneObjectWithTheRepeatedField) {
  v1::Shop shop;
  shop.set_id(1);
  absl::StatusOr<std::string> json = ListToJson("shops", std::vector<v1::Shop>{shop, shop});
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json,
            "{\"shops\":[{\"id\":\"1\",\"name\":\"\",\"domain\":\"\",\"ownerEmail\":\"\","
            "\"webhookKey\":\"\",\"previousWebhookKey\":\"\",\"slug\":\"\"},{\"id\":\"1\","
            "\"name\":\"\",\"domain\":\"\",\"ownerEmail\":\"\",\"webhookKey\":\"\","
            "\"previousWebhookKey\":\"\",\"slug\":\"\"}]}\n");
  EXPECT_EQ(ListToJson("events", std::vector<v1::OrderEventRecord>{}).value(), "{\"events\":[]}\n");
}

}  // namespace
}  // namespace opinus::client::cli
