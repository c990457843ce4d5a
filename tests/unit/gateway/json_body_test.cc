// Tests of the JSON bodies the gateway answers with.
#include "gateway/http/json_body.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client/outcome_name.h"

namespace opinus::gateway {
namespace {

using ::opinus::client::OutcomeName;

namespace v1 = ::opinus::v1;

TEST(OutcomeJsonTest, AllFields) {
  v1::RecordOrderEventResponse response;
  response.set_outcome(v1::ORDER_EVENT_OUTCOME_SCHEDULED);
  response.set_reason("status 7 is a trigger");
  response.set_invitation_id(17);
  response.set_event_id(9000000000);
  EXPECT_EQ(OutcomeJson(response), R"({"outcome":"scheduled","reason":"status 7 is a trigger",)"
                                   R"("invitation_id":"17","event_id":"9000000000"})");
}

TEST(OutcomeJsonTest, EmptyFieldsAreLeftOut) {
  v1::RecordOrderEventResponse response;
  response.set_outcome(v1::ORDER_EVENT_OUTCOME_IGNORED);
  EXPECT_EQ(OutcomeJson(response), R"({"outcome":"ignored"})");
}

TEST(OutcomeNameTest, LowerCaseNames) {
  EXPECT_EQ(OutcomeName(v1::ORDER_EVENT_OUTCOME_SCHEDULED), "scheduled");
  EXPECT_EQ(OutcomeName(v1::ORDER_EVENT_OUTCOME_DUPLICATE), "duplicate");
  EXPECT_EQ(OutcomeName(v1::ORDER_EVENT_OUTCOME_IGNORED), "ignored");
  EXPECT_EQ(OutcomeName(v1::ORDER_EVENT_OUTCOME_CANCELLED), "cancelled");
  EXPECT_EQ(OutcomeName(v1::ORDER_EVENT_OUTCOME_REJECTED), "rejected");
  EXPECT_EQ(OutcomeName(v1::ORDER_EVENT_OUTCOME_UNSPECIFIED), "unspecified");
}

TEST(ErrorJsonTest, EscapesTheMessage) {
  EXPECT_EQ(ErrorJson("order_id: missing"), R"({"error":"order_id: missing"})");
  const std::string body = ErrorJson("say \"hi\"\n\\ to Zażółć");
  EXPECT_EQ(nlohmann::json::parse(body).at("error"), "say \"hi\"\n\\ to Zażółć");
}

TEST(ErrorJsonTest, InvalidUtf8DoesNotThrow) {
  const std::string body = ErrorJson("bad \xff byte");
  EXPECT_TRUE(nlohmann::json::accept(body)) << body;
}

}  // namespace
}  // namespace opinus::gateway
