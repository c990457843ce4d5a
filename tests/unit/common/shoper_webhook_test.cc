// Tests of TranslateShoperWebhook against the shared sample, our own bodies in
// tests/testdata, and bodies built here.
#include "common/shoper/shoper_webhook.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tests/support/files.h"

namespace opinus::shoper {
namespace {

using ::opinus::testing::ReadFile;

namespace v1 = ::opinus::v1;

std::string SampleBody() {
  return ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"));
}

std::string TestdataBody(const std::string& name) {
  return ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/", name));
}

// ExpectSampleOrder checks the fields that the shared sample (order 1043 of
// Jan Kowalski, shipped) translates to.
void ExpectSampleOrder(const v1::OrderEvent& event) {
  EXPECT_EQ(event.event_name(), "order.status");
  EXPECT_EQ(event.kind(), v1::ORDER_EVENT_KIND_STATUS_CHANGED);
  EXPECT_EQ(event.order_id(), "1043");
  EXPECT_EQ(event.customer_email(), "jan.kowalski@example.com");
  EXPECT_EQ(event.customer_first_name(), "Jan");
  EXPECT_EQ(event.customer_last_name(), "Kowalski");
  ASSERT_TRUE(event.has_status());
  EXPECT_EQ(event.status().status_id(), 7);
  EXPECT_EQ(event.status().type(), v1::ORDER_STATUS_TYPE_CLOSED);
  EXPECT_EQ(event.status().name(), "przesyłka wysłana");
  EXPECT_EQ(event.status_local_time(), "2024-05-08 09:12:05");
  EXPECT_EQ(event.order_local_time(), "2024-05-06 14:21:37");
  EXPECT_EQ(event.language_id(), "1");
}

void ExpectInvalid(const absl::StatusOr<v1::OrderEvent>& event, const std::string& message) {
  ASSERT_FALSE(event.ok()) << "translated to: " << event->ShortDebugString();
  EXPECT_EQ(event.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(event.status().message(), message);
}

TEST(TranslateShoperWebhookTest, SharedSampleTranslatesEveryField) {
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook("order.status", SampleBody());
  ASSERT_TRUE(event.ok()) << event.status();
  ExpectSampleOrder(*event);
}

TEST(TranslateShoperWebhookTest, AbsentEventNameMeansOrderStatus) {
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook("", SampleBody());
  ASSERT_TRUE(event.ok()) << event.status();
  ExpectSampleOrder(*event);
}

TEST(TranslateShoperWebhookTest, CancelledOrderHasNotRealisedStatus) {
  absl::StatusOr<v1::OrderEvent> event =
      TranslateShoperWebhook("order.status", TestdataBody("shoper-order-cancelled.json"));
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->order_id(), "1044");
  EXPECT_EQ(event->customer_email(), "anna.nowak@example.com");
  EXPECT_EQ(event->customer_first_name(), "Anna");
  EXPECT_EQ(event->customer_last_name(), "Nowak");
  EXPECT_EQ(event->status().status_id(), 8);
  EXPECT_EQ(event->status().type(), v1::ORDER_STATUS_TYPE_NOT_REALISED);
  EXPECT_EQ(event->status().name(), "anulowane");
  EXPECT_EQ(event->status_local_time(), "2024-05-07 11:02:45");
}

TEST(TranslateShoperWebhookTest, SnakeCaseAddressesAndDeliveryNameFallback) {
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(
      "order.status", TestdataBody("shoper-order-snake-case-addresses.json"));
  ASSERT_TRUE(event.ok()) << event.status();
  // The billing address is a company's, without names: the delivery one counts.
  EXPECT_EQ(event->customer_first_name(), "Anna");
  EXPECT_EQ(event->customer_last_name(), "Kowalska");
  EXPECT_EQ(event->order_id(), "1043");
  EXPECT_EQ(event->status().status_id(), 7);
}

TEST(TranslateShoperWebhookTest, NumbersInsteadOfStrings) {
  absl::StatusOr<v1::OrderEvent> event =
      TranslateShoperWebhook("order.status", TestdataBody("shoper-order-numbers.json"));
  ASSERT_TRUE(event.ok()) << event.status();
  ExpectSampleOrder(*event);
}

TEST(TranslateShoperWebhookTest, MissingEmailIsNamed) {
  ExpectInvalid(
      TranslateShoperWebhook("order.status", TestdataBody("shoper-order-missing-email.json")),
      "email: missing");
}

TEST(TranslateShoperWebhookTest, ABlankOrNullEmailIsPassedOnEmptyForTheCoreToReject) {
  for (const char* body : {R"({"order_id":"1","email":"  ","status_id":"7"})",
                           R"({"order_id":"1","email":null,"status_id":"7"})"}) {
    SCOPED_TRACE(body);
    absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook("order.status", body);
    ASSERT_TRUE(event.ok()) << event.status();
    EXPECT_EQ(event->customer_email(), "");
  }
}

TEST(TranslateShoperWebhookTest, DeleteNeedsNeitherEmailNorStatus) {
  absl::StatusOr<v1::OrderEvent> event =
      TranslateShoperWebhook("order.delete", TestdataBody("shoper-order-missing-email.json"));
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->kind(), v1::ORDER_EVENT_KIND_DELETED);
  EXPECT_EQ(event->order_id(), "1043");
  EXPECT_EQ(event->customer_email(), "");
  EXPECT_EQ(event->status().status_id(), 7);

  event = TranslateShoperWebhook("order.delete", R"({"order_id":"1043"})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->order_id(), "1043");
  EXPECT_FALSE(event->has_status());
}

TEST(TranslateShoperWebhookTest, UnicodeNamesKeptAsUtf8) {
  absl::StatusOr<v1::OrderEvent> event =
      TranslateShoperWebhook("order.status", TestdataBody("shoper-order-unicode-names.json"));
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->customer_first_name(), "Zażółć");
  EXPECT_EQ(event->customer_last_name(), "Gęślą Jaźń");
  EXPECT_EQ(event->customer_email(), "zazolc@przyklad.pl");
  // Escaped forms of the same characters decode to the same text.
  event = TranslateShoperWebhook(
      "order.status",
      R"({"order_id":"5","email":"a@b.pl","status_id":"7",)"
      R"("billingAddress":{"firstname":"Za\u017c\u00f3\u0142\u0107","lastname":"G\u0119\u015bl\u0105"}})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->customer_first_name(), "Zażółć");
  EXPECT_EQ(event->customer_last_name(), "Gęślą");
}

TEST(TranslateShoperWebhookTest, TwoHundredProducts) {
  nlohmann::json order = nlohmann::json::parse(SampleBody());
  const nlohmann::json product = order["products"][0];
  order["products"] = nlohmann::json::array();
  for (int i = 0; i < 200; ++i) {
    nlohmann::json line = product;
    line["id"] = std::to_string(3000 + i);
    line["product_id"] = std::to_string(100 + i);
    line["name"] = "Kubek ceramiczny nr " + std::to_string(i);
    order["products"].push_back(std::move(line));
  }
  const std::string body = order.dump();
  ASSERT_GT(body.size(), 50'000u);
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook("order.status", body);
  ASSERT_TRUE(event.ok()) << event.status();
  ExpectSampleOrder(*event);
}

TEST(TranslateShoperWebhookTest, EventNamesMapToKinds) {
  const struct {
    const char* name;
    v1::OrderEventKind kind;
  } kCases[] = {
      {"order.status", v1::ORDER_EVENT_KIND_STATUS_CHANGED},
      {"order.create", v1::ORDER_EVENT_KIND_CREATED},
      {"order.edit", v1::ORDER_EVENT_KIND_EDITED},
      {"order.paid", v1::ORDER_EVENT_KIND_PAID},
      {"order.delete", v1::ORDER_EVENT_KIND_DELETED},
      {"ORDER.Status", v1::ORDER_EVENT_KIND_STATUS_CHANGED},
      {"parcel.dispatch", v1::ORDER_EVENT_KIND_PARCEL_DISPATCHED},
      {"parcel.create", v1::ORDER_EVENT_KIND_OTHER},
      {"client.create", v1::ORDER_EVENT_KIND_OTHER},
      {"order_refund.create", v1::ORDER_EVENT_KIND_OTHER},
      {"order", v1::ORDER_EVENT_KIND_OTHER},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ShoperEventKind(c.name), c.kind) << c.name;
    absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(c.name, SampleBody());
    ASSERT_TRUE(event.ok()) << c.name << ": " << event.status();
    EXPECT_EQ(event->kind(), c.kind) << c.name;
    EXPECT_EQ(event->event_name(), c.name);
  }
}

TEST(TranslateShoperWebhookTest, OtherEventsNeedNoOrderBody) {
  for (const char* body : {"<xml/>", "", "[1,2]", R"({"client_id":"3"})"}) {
    absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(" client.create\r\n", body);
    ASSERT_TRUE(event.ok()) << body << ": " << event.status();
    EXPECT_EQ(event->event_name(), "client.create");
    EXPECT_EQ(event->kind(), v1::ORDER_EVENT_KIND_OTHER);
    EXPECT_EQ(event->order_id(), "");
    EXPECT_FALSE(event->has_status());
  }
}

// Found by shoper_webhook_fuzzer: the name went on to the core as a proto3
// string, which must be UTF-8, so the core could not parse the call (500).
TEST(TranslateShoperWebhookTest, AnEventNameThatIsNotUtf8IsRefused) {
  for (const char* name : {"order.\xFF", "\xC5", "client.\xED\xA0\x80"}) {
    ExpectInvalid(TranslateShoperWebhook(name, SampleBody()), "X-Webhook-Name: not UTF-8");
  }
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook("zam\xC3\xB3wienie", "");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->kind(), v1::ORDER_EVENT_KIND_OTHER);
}

TEST(TranslateShoperWebhookTest, BodyMustBeAJsonObject) {
  ExpectInvalid(TranslateShoperWebhook("order.status", "{\"order_id\":"), "body: not valid JSON");
  ExpectInvalid(TranslateShoperWebhook("order.status", ""), "body: not valid JSON");
  ExpectInvalid(TranslateShoperWebhook("order.status", "<order><id>1</id></order>"),
                "body: not valid JSON");
  ExpectInvalid(TranslateShoperWebhook("order.status", "{\"a\":\"\xff\"}"), "body: not valid JSON");
  ExpectInvalid(TranslateShoperWebhook("order.status", "[]"), "body: not a JSON object");
  ExpectInvalid(TranslateShoperWebhook("order.status", "\"1043\""), "body: not a JSON object");
}

TEST(TranslateShoperWebhookTest, OrderIdIsRequired) {
  ExpectInvalid(TranslateShoperWebhook("order.status", R"({"email":"a@b.pl","status_id":"7"})"),
                "order_id: missing");
  ExpectInvalid(TranslateShoperWebhook("order.delete", R"({"order_id":""})"), "order_id: missing");
  ExpectInvalid(TranslateShoperWebhook("order.status", R"({"order_id":null})"),
                "order_id: missing");
  ExpectInvalid(TranslateShoperWebhook("order.status", R"({"order_id":{"id":1}})"),
                "order_id: not a string or number");
  ExpectInvalid(TranslateShoperWebhook("order.paid", R"({"order_id":true})"),
                "order_id: not a string or number");
}

TEST(TranslateShoperWebhookTest, IntegralFloatOrderIdReadsAsInteger) {
  absl::StatusOr<v1::OrderEvent> event =
      TranslateShoperWebhook("order.paid", R"({"order_id":1043.0,"email":"a@b.pl","status_id":2})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->order_id(), "1043");
  EXPECT_EQ(event->kind(), v1::ORDER_EVENT_KIND_PAID);
}

TEST(TranslateShoperWebhookTest, StatusIdIsRequiredAndNumeric) {
  ExpectInvalid(TranslateShoperWebhook("order.status", R"({"order_id":"1","email":"a@b.pl"})"),
                "status: missing");
  ExpectInvalid(TranslateShoperWebhook(
                    "order.create", R"({"order_id":"1","email":"a@b.pl","status":{"type":"1"}})"),
                "status: missing");
  ExpectInvalid(TranslateShoperWebhook("order.status",
                                       R"({"order_id":"1","email":"a@b.pl","status_id":"siedem"})"),
                "status_id: not a number");
  ExpectInvalid(TranslateShoperWebhook("order.status",
                                       R"({"order_id":"1","email":"a@b.pl","status_id":7.5})"),
                "status_id: not a number");
  ExpectInvalid(
      TranslateShoperWebhook("order.status",
                             R"({"order_id":"1","email":"a@b.pl","status":{"status_id":"7a"}})"),
      "status_id: not a number");
}

TEST(TranslateShoperWebhookTest, StatusFromNestedObjectWhenNotAtTopLevel) {
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(
      "order.status",
      R"({"order_id":"1","email":"a@b.pl","status":{"status_id":" 12 ","type":2,"name":"w realizacji"}})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->status().status_id(), 12);
  EXPECT_EQ(event->status().type(), v1::ORDER_STATUS_TYPE_IN_PROGRESS);
  EXPECT_EQ(event->status().name(), "w realizacji");
}

TEST(TranslateShoperWebhookTest, TopLevelStatusIdWins) {
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(
      "order.status",
      R"({"order_id":"1","email":"a@b.pl","status_id":"7","status":{"status_id":"9","type":"1"}})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->status().status_id(), 7);
  EXPECT_EQ(event->status().type(), v1::ORDER_STATUS_TYPE_NEW);
}

TEST(TranslateShoperWebhookTest, UnknownOrMissingStatusTypeIsUnspecified) {
  for (const char* status : {R"({"status_id":"7","type":"9"})", R"({"status_id":"7","type":"x"})",
                             R"({"status_id":"7"})", R"({"status_id":"7","type":0})"}) {
    absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(
        "order.status", absl::StrCat(R"({"order_id":"1","email":"a@b.pl","status":)", status, "}"));
    ASSERT_TRUE(event.ok()) << status << ": " << event.status();
    EXPECT_EQ(event->status().status_id(), 7) << status;
    EXPECT_EQ(event->status().type(), v1::ORDER_STATUS_TYPE_UNSPECIFIED) << status;
  }
  for (int type = 1; type <= 4; ++type) {
    absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(
        "order.status",
        absl::StrCat(R"({"order_id":"1","email":"a@b.pl","status":{"status_id":"7","type":")", type,
                     R"("}})"));
    ASSERT_TRUE(event.ok()) << event.status();
    EXPECT_EQ(static_cast<int>(event->status().type()), type);
  }
}

TEST(TranslateShoperWebhookTest, EmailAndNamesAreTrimmed) {
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(
      "order.status",
      "{\"order_id\":\" 1043 \",\"email\":\" jan@example.com \\n\",\"status_id\":\"7\","
      "\"billingAddress\":{\"firstname\":\" Jan\",\"lastname\":\"Kowalski \"}}");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->order_id(), "1043");
  EXPECT_EQ(event->customer_email(), "jan@example.com");
  EXPECT_EQ(event->customer_first_name(), "Jan");
  EXPECT_EQ(event->customer_last_name(), "Kowalski");
}

TEST(TranslateShoperWebhookTest, EmptyPhpArrayAddressFallsBackToDelivery) {
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(
      "order.status", R"({"order_id":"1","email":"a@b.pl","status_id":"7","billingAddress":[],)"
                      R"("deliveryAddress":{"firstname":"Ola","lastname":"Wiśniewska"}})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->customer_first_name(), "Ola");
  EXPECT_EQ(event->customer_last_name(), "Wiśniewska");
}

TEST(TranslateShoperWebhookTest, NoAddressesLeaveNamesEmpty) {
  absl::StatusOr<v1::OrderEvent> event = TranslateShoperWebhook(
      "order.create",
      R"({"order_id":"1","email":"a@b.pl","status_id":1,"lang_id":2,"extra":{"x":[1]}})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->kind(), v1::ORDER_EVENT_KIND_CREATED);
  EXPECT_EQ(event->customer_first_name(), "");
  EXPECT_EQ(event->customer_last_name(), "");
  EXPECT_EQ(event->language_id(), "2");
  EXPECT_EQ(event->status_local_time(), "");
  EXPECT_EQ(event->order_local_time(), "");
}

TEST(TranslateShoperWebhookTest, ByteOrderMarkIsAccepted) {
  absl::StatusOr<v1::OrderEvent> event =
      TranslateShoperWebhook("order.status", absl::StrCat("\xEF\xBB\xBF", SampleBody()));
  ASSERT_TRUE(event.ok()) << event.status();
  ExpectSampleOrder(*event);
}

}  // namespace
}  // namespace opinus::shoper
