// Tests of the checks made before a webhook body is parsed.
#include "gateway/webhook/webhook_checks.h"

#include <gtest/gtest.h>

#include "common/webhook_key.h"

namespace opinus::gateway {
namespace {

TEST(IsWellFormedWebhookKeyTest, TwentyAsciiLettersAndDigits) {
  EXPECT_TRUE(IsWellFormedWebhookKey("abcdefghij0123456789"));
  EXPECT_TRUE(IsWellFormedWebhookKey("ABCDEFGHIJKLMNOPQRST"));
  EXPECT_TRUE(IsWellFormedWebhookKey("00000000000000000000"));
}

TEST(IsWellFormedWebhookKeyTest, RejectsOtherShapes) {
  EXPECT_FALSE(IsWellFormedWebhookKey(""));
  EXPECT_FALSE(IsWellFormedWebhookKey("abcdefghij012345678"));    // 19
  EXPECT_FALSE(IsWellFormedWebhookKey("abcdefghij0123456789a"));  // 21
  EXPECT_FALSE(IsWellFormedWebhookKey("abcdefghij-123456789"));
  EXPECT_FALSE(IsWellFormedWebhookKey("abcdefghij 123456789"));
  EXPECT_FALSE(IsWellFormedWebhookKey("abcdefghij%20cdefghi"));
  EXPECT_FALSE(IsWellFormedWebhookKey("abcdefghij01234567\xC4\x85"));  // "ą": 20 bytes
  EXPECT_FALSE(IsWellFormedWebhookKey(absl::string_view("abcdefghij012345678\0", 20)));
}

TEST(IsJsonContentTypeTest, JsonWithAnyParametersAndCase) {
  EXPECT_TRUE(IsJsonContentType("application/json"));
  EXPECT_TRUE(IsJsonContentType("application/json; charset=utf-8"));
  EXPECT_TRUE(IsJsonContentType("Application/JSON;charset=UTF-8"));
  EXPECT_TRUE(IsJsonContentType("  application/json  ; charset=\"utf-8\""));
}

TEST(IsJsonContentTypeTest, RejectsOtherTypes) {
  EXPECT_FALSE(IsJsonContentType("text/xml"));
  EXPECT_FALSE(IsJsonContentType("application/xml; charset=utf-8"));
  EXPECT_FALSE(IsJsonContentType("application/x-www-form-urlencoded"));
  EXPECT_FALSE(IsJsonContentType("text/plain"));
  EXPECT_FALSE(IsJsonContentType("application/jsonx"));
  EXPECT_FALSE(IsJsonContentType(""));
}

TEST(IsXmlDeliveryTest, XmlTypesOrABodyThatBeginsWithATag) {
  EXPECT_TRUE(IsXmlDelivery("text/xml", "{}"));
  EXPECT_TRUE(IsXmlDelivery("TEXT/XML; charset=utf-8", ""));
  EXPECT_TRUE(IsXmlDelivery(" application/xml ", ""));
  EXPECT_TRUE(IsXmlDelivery(std::nullopt, "<?xml version=\"1.0\"?><order/>"));
  EXPECT_TRUE(IsXmlDelivery("application/json", "<order/>"));
  EXPECT_TRUE(IsXmlDelivery(std::nullopt, "\xEF\xBB\xBF\r\n\t <order/>"));
}

TEST(IsXmlDeliveryTest, JsonAndOtherBodiesAreNot) {
  EXPECT_FALSE(IsXmlDelivery("application/json", R"({"order_id":"<1>"})"));
  EXPECT_FALSE(IsXmlDelivery(std::nullopt, "[]"));
  EXPECT_FALSE(IsXmlDelivery(std::nullopt, ""));
  EXPECT_FALSE(IsXmlDelivery("text/plain", "order"));
  EXPECT_FALSE(IsXmlDelivery("application/xhtml+xml", "x"));
}

}  // namespace
}  // namespace opinus::gateway
