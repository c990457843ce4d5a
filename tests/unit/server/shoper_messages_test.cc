// Tests of the Shoper REST API's bodies and answers: the token exchange's
// form, every field of its answer missing or wrong named, the webhook's
// JSON and id, and each refusal's status code.
#include "server/domain/shoper_messages.h"

#include <nlohmann/json.hpp>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const absl::Time kNow = absl::FromUnixSeconds(1780000000);

nlohmann::json GoodAnswer() {
  return {{"access_token", "access-0123456789"},
          {"refresh_token", "refresh-0123456789"},
          {"expires_in", 2592000},
          {"token_type", "bearer"},
          {"scope", "orders,webhooks"}};
}

TEST(TokenRequestFormTest, PercentEncodesTheCode) {
  EXPECT_EQ(TokenRequestForm("a1-b_c.d~"), "grant_type=authorization_code&code=a1-b_c.d~");
  EXPECT_EQ(TokenRequestForm("a+b/c=&d"), "grant_type=authorization_code&code=a%2Bb%2Fc%3D%26d");
}

TEST(ParseTokenResponseTest, ReadsEveryField) {
  absl::StatusOr<ShoperTokens> tokens = ParseTokenResponse(GoodAnswer().dump(), kNow);
  ASSERT_THAT(tokens, IsOk());
  EXPECT_EQ(tokens->access_token, "access-0123456789");
  EXPECT_EQ(tokens->refresh_token, "refresh-0123456789");
  EXPECT_EQ(tokens->expire_time, kNow + absl::Hours(24 * 30));
  EXPECT_EQ(tokens->scope, "orders,webhooks");
}

TEST(ParseTokenResponseTest, TakesNumbersAsStringsAndAnyCaseOfBearer) {
  nlohmann::json answer = GoodAnswer();
  answer["expires_in"] = "3600";
  answer["token_type"] = "Bearer";
  answer.erase("scope");
  absl::StatusOr<ShoperTokens> tokens = ParseTokenResponse(answer.dump(), kNow);
  ASSERT_THAT(tokens, IsOk());
  EXPECT_EQ(tokens->expire_time, kNow + absl::Hours(1));
  EXPECT_EQ(tokens->scope, "");
}

TEST(ParseTokenResponseTest, EveryMissingOrWrongFieldIsNamed) {
  const struct {
    const char* field;
    nlohmann::json value;  // null: left out
    const char* message;
  } cases[] = {
      {"access_token", nullptr, "access_token: missing"},
      {"access_token", "", "access_token: not a non-empty string"},
      {"access_token", 12, "access_token: not a non-empty string"},
      {"refresh_token", nullptr, "refresh_token: missing"},
      {"refresh_token", nlohmann::json::array(), "refresh_token: not a non-empty string"},
      {"expires_in", nullptr, "expires_in: missing"},
      {"expires_in", 0, "expires_in: not positive seconds"},
      {"expires_in", -5, "expires_in: not positive seconds"},
      {"expires_in", "soon", "expires_in: not positive seconds"},
      {"expires_in", 1.5, "expires_in: not positive seconds"},
      {"token_type", "mac", "token_type: not bearer"},
      {"token_type", 1, "token_type: not bearer"},
      {"scope", 7, "scope: not a string"},
  };
  for (const auto& wrong : cases) {
    nlohmann::json answer = GoodAnswer();
    if (wrong.value.is_null()) {
      answer.erase(wrong.field);
    } else {
      answer[wrong.field] = wrong.value;
    }
    const absl::StatusOr<ShoperTokens> tokens = ParseTokenResponse(answer.dump(), kNow);
    EXPECT_THAT(tokens, StatusIs(absl::StatusCode::kInternal,
                                 AllOf(HasSubstr(wrong.message), Not(HasSubstr("access-0")),
                                       Not(HasSubstr("refresh-0")))))
        << wrong.field << " = " << wrong.value.dump();
  }
}

TEST(ParseTokenResponseTest, AnAnswerThatIsNoJsonObjectIsRefused) {
  for (const char* body : {"", "<html>", "[]", "\"token\"", "{\"access_token\":"}) {
    EXPECT_THAT(ParseTokenResponse(body, kNow),
                StatusIs(absl::StatusCode::kInternal, HasSubstr("not a JSON object")))
        << body;
  }
}

TEST(WebhookJsonTest, AsksForAnActiveJsonWebhook) {
  const nlohmann::json body = nlohmann::json::parse(WebhookJson(
      {"https://opinus.example/api/KEY", "s3cret", {"order.status", "parcel.dispatch"}}));
  EXPECT_EQ(body, (nlohmann::json{{"url", "https://opinus.example/api/KEY"},
                                  {"format", 0},
                                  {"active", 1},
                                  {"secret", "s3cret"},
                                  {"events", {"order.status", "parcel.dispatch"}}}));
}

TEST(ParseWebhookIdTest, ReadsABareNumberOrANumericString) {
  EXPECT_EQ(ParseWebhookId("17").value_or(0), 17);
  EXPECT_EQ(ParseWebhookId("\"17\"").value_or(0), 17);
  for (const char* body : {"", "0", "-3", "1.5", "\"x\"", "{\"webhook_id\":1}", "true"}) {
    EXPECT_THAT(ParseWebhookId(body),
                StatusIs(absl::StatusCode::kInternal, HasSubstr("not a webhook id")))
        << body;
  }
}

TEST(ShoperErrorStatusTest, MapsTheHttpStatusAndQuotesShopersError) {
  const std::string body =
      R"({"error":"unauthorized_client","error_description":"The client credentials are invalid"})";
  EXPECT_THAT(ShoperErrorStatus("POST oauth/token", 401, body),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       "POST oauth/token: HTTP 401 unauthorized_client: The client credentials "
                       "are invalid"));
  EXPECT_THAT(ShoperErrorStatus("POST webhooks", 403, ""),
              StatusIs(absl::StatusCode::kPermissionDenied, "POST webhooks: HTTP 403"));
  EXPECT_THAT(ShoperErrorStatus("c", 404, "{}"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(ShoperErrorStatus("c", 429, "{}"), StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(ShoperErrorStatus("c", 503, "<html>"), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(ShoperErrorStatus("c", 400, "{}"), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(ShoperErrorStatus("c", 302, ""), StatusIs(absl::StatusCode::kFailedPrecondition));
  const std::string long_error = R"({"error":")" + std::string(1000, 'x') + R"("})";
  EXPECT_LT(ShoperErrorStatus("c", 400, long_error).message().size(), 250u);
}

TEST(RefreshRequestFormTest, PercentEncodesTheRefreshToken) {
  EXPECT_EQ(RefreshRequestForm("r1+/="), "grant_type=refresh_token&refresh_token=r1%2B%2F%3D");
}

TEST(ParseApplicationConfigTest, ReadsTheTimeZoneIfAny) {
  EXPECT_EQ(
      ParseApplicationConfig(
          R"({"locale_timezone":"Europe/Warsaw","shop_url":"https://x.pl","locale_default":"pl_PL"})")
          .value_or("?"),
      "Europe/Warsaw");
  EXPECT_EQ(ParseApplicationConfig("{}").value_or("?"), "");
  EXPECT_THAT(ParseApplicationConfig(R"({"locale_timezone":3})"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("locale_timezone")));
  EXPECT_THAT(ParseApplicationConfig("[]"), StatusIs(absl::StatusCode::kInternal));
}

TEST(ParseStatusPageTest, ReadsIdsAndTypesAsNumbersOrStrings) {
  absl::StatusOr<ShoperStatusPage> page = ParseStatusPage(
      R"({"count":"4","pages":"2","page":1,"list":[)"
      R"({"status_id":"1","type":"1","translations":{"pl_PL":{"name":"złożone"}}},)"
      R"({"status_id":5,"type":3},{"status_id":"6","type":"3"},{"status_id":9,"type":"7"}]})");
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->pages, 2);
  ASSERT_EQ(page->statuses.size(), 4u);
  EXPECT_EQ(page->statuses[0].id, 1);
  EXPECT_EQ(page->statuses[0].type, StatusType::kNew);
  EXPECT_EQ(page->statuses[1].type, StatusType::kClosed);
  EXPECT_EQ(page->statuses[2].id, 6);
  EXPECT_EQ(page->statuses[2].type, StatusType::kClosed);
  EXPECT_EQ(page->statuses[3].type, StatusType::kUnspecified) << "no such type";
  // No pages, or 0 of them for an empty list: one.
  EXPECT_EQ(ParseStatusPage(R"({"list":[]})").value_or(ShoperStatusPage{{}, 9}).pages, 1);
  EXPECT_EQ(ParseStatusPage(R"({"count":"0","pages":0,"list":[]})")
                .value_or(ShoperStatusPage{{}, 9})
                .pages,
            1);
}

TEST(ParseStatusPageTest, AnythingElseIsNamed) {
  for (const char* body :
       {"[]", R"({"count":"1"})", R"({"list":{}})", R"({"list":[1]})", R"({"list":[{"type":3}]})",
        R"({"list":[{"status_id":"x","type":3}]})"}) {
    EXPECT_THAT(ParseStatusPage(body), StatusIs(absl::StatusCode::kInternal, HasSubstr("statuses")))
        << body;
  }
}

}  // namespace
}  // namespace opinus::server
