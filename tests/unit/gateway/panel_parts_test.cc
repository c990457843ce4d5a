// Tests of the pure parts of the owners' panel and API: cookies, the
// settings form, the escaping of list views, and the JSON helpers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/time/time.h"
#include "common/field_violation.h"
#include "gateway/api/api_json.h"
#include "gateway/http/core_message.h"
#include "gateway/owner/session_cookie.h"
#include "gateway/panel/appstore_app_page.h"
#include "gateway/panel/claim_page.h"
#include "gateway/panel/panel_views.h"
#include "gateway/panel/settings_form.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(FrameAncestorTest, IsTheShopUrlsOriginOrNothing) {
  EXPECT_EQ(FrameAncestor("https://sklep.shoparena.pl/"), "https://sklep.shoparena.pl");
  EXPECT_EQ(FrameAncestor("https://Sklep.Example:8443/admin?x=1"), "https://sklep.example:8443");
  EXPECT_EQ(FrameAncestor("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
  // Anything that could add a source or a directive gives none.
  EXPECT_EQ(FrameAncestor("https://a.example; script-src *"), "");
  EXPECT_EQ(FrameAncestor("https://a.example b.example/"), "");
  EXPECT_EQ(FrameAncestor("https://*.example/"), "");
  EXPECT_EQ(FrameAncestor("javascript:alert(1)"), "");
  EXPECT_EQ(FrameAncestor("https:///"), "");
  EXPECT_EQ(FrameAncestor(""), "");
}

TEST(ClaimTokenTest, OnlyBase64UrlTokensAreCarried) {
  EXPECT_TRUE(IsClaimToken("AbC-_09xyzAbC-_09xyzAbC-_09xyzAb"));
  EXPECT_FALSE(IsClaimToken(""));
  EXPECT_FALSE(IsClaimToken("a/b"));
  EXPECT_FALSE(IsClaimToken("a?next=//evil.example"));
  EXPECT_FALSE(IsClaimToken(std::string(65, 'a')));
}

TEST(SessionCookieTest, KeepsTheTokenUntilItExpiresForScriptsOfNoSite) {
  const absl::Time now = absl::FromUnixSeconds(1000000);
  EXPECT_EQ(SessionCookie("tok", now + absl::Hours(2), now, false),
            "opinus_session=tok; Path=/; Max-Age=7200; HttpOnly; SameSite=Lax");
  EXPECT_EQ(SessionCookie("tok", now + absl::Hours(2), now, true),
            "opinus_session=tok; Path=/; Max-Age=7200; HttpOnly; SameSite=Lax; Secure");
  // An expiry already past removes the cookie rather than keeping it forever.
  EXPECT_THAT(SessionCookie("tok", now - absl::Hours(1), now, false), HasSubstr("Max-Age=0;"));
}

TEST(SessionCookieTest, ClearingAndLanguageKeepTheSameAttributes) {
  EXPECT_EQ(ClearedSessionCookie(true),
            "opinus_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
  EXPECT_THAT(LanguageCookie("en", false), HasSubstr("opinus_lang=en; Path=/;"));
  // Anything but "en" is Polish: no header injection through the path.
  EXPECT_THAT(LanguageCookie("en\r\nX: y", false), HasSubstr("opinus_lang=pl;"));
}

TEST(SettingsFormTest, TheFormBecomesAnUpdateOfEveryFieldButTheSecret) {
  const absl::StatusOr<v1::UpdateShopSettingsRequest> update =
      SettingsUpdate(7, {{"invitation_delay_days", " 3 "},
                         {"trigger", "type"},
                         {"sending_enabled", "1"},
                         {"sender_name", "Kowalski"},
                         {"language", "pl"},
                         {"reminder_days", "0"},
                         {"webhook_secret", ""}});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(update->shop_id(), 7);
  EXPECT_EQ(update->settings().invitation_delay_days(), 3);
  EXPECT_EQ(update->settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_CLOSED);
  EXPECT_TRUE(update->settings().sending_enabled());
  EXPECT_THAT(update->update_mask().paths(),
              ElementsAre("invitation_delay_days", "trigger", "sending_enabled", "sender_name",
                          "language", "reminder_days"));
}

TEST(SettingsFormTest, ChosenStatusIdsAndANewSecret) {
  const absl::StatusOr<v1::UpdateShopSettingsRequest> update =
      SettingsUpdate(7, {{"invitation_delay_days", "5"},
                         {"trigger", "ids"},
                         {"status_ids", "7, 12,13"},
                         {"reminder_days", "0"},
                         {"webhook_secret", "klucz"}});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_THAT(update->settings().trigger().status_ids(), ElementsAre(7, 12, 13));
  EXPECT_FALSE(update->settings().sending_enabled());
  EXPECT_EQ(update->settings().webhook_secret(), "klucz");
  EXPECT_EQ(update->update_mask().paths().size(), 7);
}

TEST(SettingsFormTest, WhatDoesNotParseNamesItsField) {
  absl::StatusOr<v1::UpdateShopSettingsRequest> update =
      SettingsUpdate(7, {{"invitation_delay_days", "three"}, {"reminder_days", "0"}});
  EXPECT_EQ(update.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ViolatedField(update.status()), "invitation_delay_days");
  update = SettingsUpdate(7, {{"invitation_delay_days", "3"},
                              {"trigger", "ids"},
                              {"status_ids", "7, x"},
                              {"reminder_days", "0"}});
  EXPECT_EQ(SettingsErrorSlot(ViolatedField(update.status())), "trigger");
}

TEST(SettingsFormTest, StoredSettingsFillTheForm) {
  v1::ShopSettings settings;
  settings.set_invitation_delay_days(4);
  settings.mutable_trigger()->add_status_ids(7);
  settings.set_language("en");
  const std::map<std::string, std::string> values =
      SettingsTemplateValues(SettingsFields(settings));
  EXPECT_EQ(values.at("invitation_delay_days"), "4");
  EXPECT_EQ(values.at("trigger_ids_checked"), " checked");
  EXPECT_EQ(values.at("status_ids"), "7");
  EXPECT_EQ(values.at("sending_checked"), "");
  EXPECT_EQ(values.at("language_en_selected"), " selected");
}

TEST(SettingsFormTest, TheParcelTriggerKeepsTheStatusesForLater) {
  absl::StatusOr<v1::UpdateShopSettingsRequest> update = SettingsUpdate(
      7, {{"invitation_delay_days", "3"}, {"trigger", "parcel"}, {"reminder_days", "0"}});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_TRUE(update->settings().trigger().parcel_dispatch());
  EXPECT_EQ(update->settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_CLOSED);
  update = SettingsUpdate(7, {{"invitation_delay_days", "3"},
                              {"trigger", "parcel"},
                              {"status_ids", "7, 12"},
                              {"reminder_days", "0"}});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_TRUE(update->settings().trigger().parcel_dispatch());
  EXPECT_THAT(update->settings().trigger().status_ids(), ElementsAre(7, 12));

  v1::ShopSettings settings;
  settings.mutable_trigger()->add_status_ids(7);
  settings.mutable_trigger()->set_parcel_dispatch(true);
  const std::map<std::string, std::string> values =
      SettingsTemplateValues(SettingsFields(settings));
  EXPECT_EQ(values.at("trigger_parcel_checked"), " checked");
  EXPECT_EQ(values.at("trigger_ids_checked"), "");
  EXPECT_EQ(values.at("trigger_type_checked"), "");
  EXPECT_EQ(values.at("status_ids"), "7");
}

TEST(PanelViewsTest, ListsEscapeWhatShopsAndCustomersWrote) {
  google::protobuf::RepeatedPtrField<v1::Shop> shops;
  shops.Add()->set_name("<img src=x onerror=alert(1)>");
  EXPECT_THAT(ShopRows(shops, {}, "pl"), HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_THAT(ShopRows(shops, {}, "pl"), Not(HasSubstr("<img")));

  google::protobuf::RepeatedPtrField<v1::Opinion> opinions;
  v1::Opinion* opinion = opinions.Add();
  opinion->set_comment("</textarea><script>x</script>");
  opinion->set_reply("\"quoted\" & <b>");
  const std::string html = OpinionItems(opinions, 7, "csrf\"><x", "pl", absl::UTCTimeZone());
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("&quot;quoted&quot; &amp; &lt;b&gt;"));
  EXPECT_THAT(html, HasSubstr("value=\"csrf&quot;&gt;&lt;x\""));

  google::protobuf::RepeatedPtrField<v1::Invitation> invitations;
  v1::Invitation* invitation = invitations.Add();
  invitation->set_customer_email("<a@b.pl>");
  invitation->set_state(v1::INVITATION_STATE_SCHEDULED);
  EXPECT_THAT(InvitationRows(invitations, 7, "c", "pl", absl::UTCTimeZone()),
              HasSubstr("&lt;a@b.pl&gt;"));
  EXPECT_THAT(InvitationRows(invitations, 7, "c", "pl", absl::UTCTimeZone()), HasSubstr("/cancel"));
}

TEST(PanelViewsTest, DeliveriesShowThePlannedSendTimeOfTheirInvitation) {
  google::protobuf::RepeatedPtrField<v1::OrderEventRecord> events;
  v1::OrderEventRecord* event = events.Add();
  event->set_event_name("order.status");
  event->set_order_id("1043");
  event->set_outcome(v1::ORDER_EVENT_OUTCOME_SCHEDULED);
  event->set_invitation_id(3);
  google::protobuf::Timestamp planned;
  planned.set_seconds(1715411525);  // 2024-05-11 07:12:05 UTC, 09:12:05 in Warsaw
  const PageTimeZone warsaw = PanelTimeZone("Europe/Warsaw");
  const std::string html = DeliveryRows(events, {{3, planned}}, "pl", warsaw.zone);
  EXPECT_THAT(html, HasSubstr("data-outcome=\"scheduled\""));
  EXPECT_THAT(html, HasSubstr("11.05.2024 09:12"));
  EXPECT_THAT(DeliveryRows(events, {{3, planned}}, "en", warsaw.zone),
              HasSubstr("2024-05-11 09:12"));
  EXPECT_THAT(DeliveryRows(events, {{3, planned}}, "en", absl::UTCTimeZone()),
              HasSubstr("2024-05-11 07:12"));
}

TEST(PanelViewsTest, TimesAreInTheShopsZoneOrWarsawsForAZoneNotKnown) {
  google::protobuf::Timestamp winter;
  winter.set_seconds(1704067200);  // 2024-01-01 00:00 UTC
  EXPECT_EQ(PanelTimeZone("Europe/Warsaw").name, "Europe/Warsaw");
  EXPECT_EQ(FormatDateTime(winter, "pl", PanelTimeZone("Europe/Warsaw").zone), "01.01.2024 01:00");
  EXPECT_EQ(PanelTimeZone("America/New_York").name, "America/New_York");
  EXPECT_EQ(FormatDateTime(winter, "en", PanelTimeZone("America/New_York").zone),
            "2023-12-31 19:00");
  for (const char* unknown :
       {"", "Mars/Olympus", "../../etc/passwd", "/dev/null", "Europe/../UTC"}) {
    EXPECT_EQ(PanelTimeZone(unknown).name, "Europe/Warsaw") << unknown;
  }
  EXPECT_EQ(FormatDateTime(google::protobuf::Timestamp(), "pl", absl::UTCTimeZone()),
            "\xE2\x80\x94");
}

// The field is data: a message that merely looks like "field: ..." names none.
TEST(ApiJsonTest, TheFieldIsTheViolationsNotTheMessagesFirstWord) {
  const absl::Status violation = InvalidFieldError("trigger.status_ids", "at most 50");
  EXPECT_EQ(violation.message(), "trigger.status_ids: at most 50");
  EXPECT_EQ(ViolatedField(violation), "trigger.status_ids");
  EXPECT_EQ(ViolationDescription(violation), "at most 50");
  EXPECT_EQ(ViolatedField(absl::InvalidArgumentError("domain: not a host name")), "");
  EXPECT_EQ(ViolationDescription(absl::InvalidArgumentError("domain: x")), "domain: x");
}

TEST(ApiJsonTest, RetryAfterReadsTheWaitTheCoreStates) {
  EXPECT_EQ(RetryAfterSeconds("too many attempts, try again in 42 s"), 42);
  EXPECT_EQ(RetryAfterSeconds("try again in 5 minutes"), 300);
  EXPECT_EQ(RetryAfterSeconds("try again in 1.5 seconds"), 2);
  EXPECT_EQ(RetryAfterSeconds("10 attempts for account 3, try again in 30s"), 30);
  EXPECT_EQ(RetryAfterSeconds("too many attempts"), 0);
}

TEST(ApiJsonTest, ErrorRepliesNameTheFieldAndHideInternals) {
  HttpReply reply = ApiErrorReply(InvalidFieldError("domain", "not a host name"));
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body, R"({"error":"domain: not a host name","field":"domain"})");
  reply = ApiErrorReply(absl::InvalidArgumentError("domain: not a host name"));
  EXPECT_EQ(reply.body, R"({"error":"domain: not a host name"})");
  reply = ApiErrorReply(absl::InternalError("mysql: table x is broken"));
  EXPECT_EQ(reply.status, 500);
  EXPECT_THAT(reply.body, Not(HasSubstr("mysql")));
  reply = ApiErrorReply(absl::ResourceExhaustedError("try again in 9 s"));
  EXPECT_EQ(reply.status, 429);
  EXPECT_EQ(reply.retry_after_seconds, 9);
}

TEST(ApiJsonTest, AFieldMaskNamesTheFieldsOfThePatchBody) {
  const absl::StatusOr<google::protobuf::FieldMask> mask =
      FieldMaskOf(R"({"invitation_delay_days": 3, "senderName": "x"})", v1::ShopSettings());
  ASSERT_TRUE(mask.ok());
  EXPECT_THAT(mask->paths(), ElementsAre("invitation_delay_days", "sender_name"));
  EXPECT_FALSE(FieldMaskOf("[1]", v1::ShopSettings()).ok());
}

}  // namespace
}  // namespace opinus::gateway
