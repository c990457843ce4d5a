// Tests of the parcel.dispatch translation (ReadShoperParcel, through
// TranslateShoperWebhook as the gateway calls it): our sample in
// tests/testdata and the forms the reference allows for an uncertain shape.
#include "common/shoper/shoper_parcel.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/field_violation.h"
#include "common/shoper/shoper_webhook.h"
#include "tests/support/files.h"

namespace opinus::shoper {
namespace {

namespace v1 = ::opinus::v1;

absl::StatusOr<v1::OrderEvent> Translate(const std::string& body) {
  return TranslateShoperWebhook("parcel.dispatch", body);
}

TEST(ShoperParcelTest, TheSampleTranslatesEveryField) {
  const absl::StatusOr<v1::OrderEvent> event = Translate(::opinus::testing::ReadFile(
      absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-parcel-dispatch.json")));
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->event_name(), "parcel.dispatch");
  EXPECT_EQ(event->kind(), v1::ORDER_EVENT_KIND_PARCEL_DISPATCHED);
  EXPECT_EQ(event->order_id(), "1043");
  EXPECT_EQ(event->parcel().parcel_id(), "311");
  EXPECT_EQ(event->parcel().send_local_time(), "2024-05-09 10:30:00");
  EXPECT_TRUE(event->parcel().sent());
  // A parcel carries no buyer and no status.
  EXPECT_EQ(event->customer_email(), "");
  EXPECT_FALSE(event->has_status());
}

TEST(ShoperParcelTest, AnArrayOfOneNumbersAndABooleanAreRead) {
  const absl::StatusOr<v1::OrderEvent> event = Translate(
      R"([{"parcel_id": 311, "order_id": 1043, "sent": true, "send_date": "2024-05-09 10:30:00"}])");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->order_id(), "1043");
  EXPECT_EQ(event->parcel().parcel_id(), "311");
  EXPECT_TRUE(event->parcel().sent());
}

TEST(ShoperParcelTest, EachFormOfTheSentFlag) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {R"("sent": "1")", true},      {R"("sent": 1)", true},    {R"("sent": true)", true},
      {R"("sent": "true")", true},   {R"("sent": null)", true}, {R"("other": 0)", true},
      {R"("sent": "0")", false},     {R"("sent": 0)", false},   {R"("sent": false)", false},
      {R"("sent": "false")", false},
  };
  for (const auto& [member, sent] : cases) {
    const absl::StatusOr<v1::OrderEvent> event = Translate(
        absl::StrCat(R"({"order_id": "7", "send_date": "2024-05-09 10:30:00", )", member, "}"));
    ASSERT_TRUE(event.ok()) << member << ": " << event.status();
    EXPECT_EQ(event->parcel().sent(), sent) << member;
  }
}

TEST(ShoperParcelTest, EventNamesAreComparedWithoutCase) {
  EXPECT_EQ(ShoperEventKind("Parcel.Dispatch"), v1::ORDER_EVENT_KIND_PARCEL_DISPATCHED);
  EXPECT_EQ(ShoperEventKind("parcel.create"), v1::ORDER_EVENT_KIND_OTHER);
}

TEST(ShoperParcelTest, WhatCannotBeReadNamesItsField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "body: not valid JSON"},
      {"[]", "body: not a parcel object"},
      {R"([{"order_id": "1"}, {"order_id": "2"}])", "body: not a parcel object"},
      {R"("1043")", "body: not a parcel object"},
      {R"({"send_date": "2024-05-09 10:30:00"})", "order_id: missing"},
      {R"({"order_id": " ", "send_date": "2024-05-09 10:30:00"})", "order_id: missing"},
      {R"({"order_id": "1043"})", "send_date: missing"},
      {R"({"order_id": {"id": 1}, "send_date": "2024-05-09 10:30:00"})",
       "order_id: not a string or number"},
      {R"({"order_id": "1", "send_date": ["2024-05-09"]})", "send_date: not a string or number"},
      {R"({"order_id": "1", "send_date": "2024-05-09 10:30:00", "parcel_id": true})",
       "parcel_id: not a string or number"},
      {R"({"order_id": "1", "send_date": "2024-05-09 10:30:00", "sent": "yes"})",
       "sent: not a flag"},
      {R"({"order_id": "1", "send_date": "2024-05-09 10:30:00", "sent": 2})", "sent: not a flag"},
  };
  for (const auto& [body, message] : cases) {
    v1::OrderEvent event;
    const absl::Status read = ReadShoperParcel(body, &event);
    EXPECT_EQ(read.code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_EQ(read.message(), message) << body;
    EXPECT_EQ(absl::StrCat(ViolatedField(read), ": ", ViolationDescription(read)), message);
    EXPECT_EQ(event.ByteSizeLong(), 0u) << body;
  }
}

// The gateway cannot know whether the shop uses parcels, and a shop that
// does not must answer 2xx: the problem goes to the core with the event.
TEST(ShoperParcelTest, AnUnreadableParcelTravelsWithItsProblem) {
  const absl::StatusOr<v1::OrderEvent> event = Translate(R"({"order_id": "1043"})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->kind(), v1::ORDER_EVENT_KIND_PARCEL_DISPATCHED);
  EXPECT_EQ(event->order_id(), "");
  EXPECT_EQ(event->parcel().unreadable_field(), "send_date");
  EXPECT_EQ(event->parcel().unreadable_problem(), "missing");
  EXPECT_EQ(event->parcel().send_local_time(), "");
}

}  // namespace
}  // namespace opinus::shoper
