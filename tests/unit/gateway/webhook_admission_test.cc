// Tests of WebhookAdmission: each limit's answer, code and Retry-After, the
// unknown-key budget, and the unknown-key floor, at times the test chooses.
#include "gateway/webhook/webhook_admission.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "absl/time/time.h"

namespace opinus::gateway {
namespace {

using ::testing::HasSubstr;

const absl::Time kStart = absl::FromUnixSeconds(1715000000);
constexpr char kKey[] = "abcdefghij0123456789";
constexpr char kOtherKey[] = "ABCDEFGHIJ0123456789";

// Limits that stay out of the way unless a test sets one.
WebhookLimits Loose() {
  WebhookLimits limits;
  limits.max_url_bytes = 100;
  limits.max_header_bytes = 1000;
  limits.per_address = {0, 1};
  limits.per_key = {0, 1};
  limits.max_in_flight_per_key = 0;
  limits.unknown_keys_per_address = {0, 1};
  limits.unknown_key_floor = absl::Milliseconds(40);
  return limits;
}

WebhookRequestShape Shape(const char* key = kKey, const char* address = "192.0.2.1") {
  WebhookRequestShape shape;
  shape.address = address;
  shape.key = key;
  shape.url_bytes = 25;
  shape.header_bytes = 200;
  return shape;
}

HttpReply UnknownKey() {
  HttpReply reply;
  reply.status = 404;
  reply.outcome = "unknown_key";
  return reply;
}

// Admitted returns whether `shape` is admitted at `now` (the slot is dropped).
bool Admitted(WebhookAdmission& admission, const WebhookRequestShape& shape, absl::Time now) {
  WebhookSlots slot;
  return !admission.Admit(shape, now, &slot).has_value();
}

TEST(WebhookAdmissionTest, ALongUrlGets414AndLargeHeaders431) {
  WebhookAdmission admission(Loose());
  WebhookSlots slot;
  WebhookRequestShape long_url = Shape();
  long_url.url_bytes = 101;
  std::optional<HttpReply> url = admission.Admit(long_url, kStart, &slot);
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->status, 414);
  EXPECT_THAT(url->body, HasSubstr("url"));

  WebhookRequestShape big_headers = Shape();
  big_headers.header_bytes = 1001;
  std::optional<HttpReply> headers = admission.Admit(big_headers, kStart, &slot);
  ASSERT_TRUE(headers.has_value());
  EXPECT_EQ(headers->status, 431);
  EXPECT_THAT(headers->body, HasSubstr("headers"));

  WebhookRequestShape at_limits = Shape();
  at_limits.url_bytes = 100;
  at_limits.header_bytes = 1000;
  EXPECT_TRUE(Admitted(admission, at_limits, kStart));
}

TEST(WebhookAdmissionTest, AnAddressOverItsRateGets429WithRetryAfter) {
  WebhookLimits limits = Loose();
  limits.per_address = {0.25, 2};
  WebhookAdmission admission(limits);
  EXPECT_TRUE(Admitted(admission, Shape(kKey), kStart));
  EXPECT_TRUE(Admitted(admission, Shape(kOtherKey), kStart));
  WebhookSlots slot;
  std::optional<HttpReply> refused = admission.Admit(Shape(kKey), kStart, &slot);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->retry_after_seconds, 4);
  EXPECT_EQ(refused->outcome, "rate_limited_address");
  EXPECT_THAT(refused->body, HasSubstr("too many requests"));
  // Another address is not affected; this one is again after 4 s.
  EXPECT_TRUE(Admitted(admission, Shape(kKey, "192.0.2.2"), kStart));
  EXPECT_TRUE(Admitted(admission, Shape(kKey), kStart + absl::Seconds(4)));
}

TEST(WebhookAdmissionTest, AKeyOverItsRateGets429FromAnyAddress) {
  WebhookLimits limits = Loose();
  limits.per_key = {2, 1};
  WebhookAdmission admission(limits);
  EXPECT_TRUE(Admitted(admission, Shape(kKey, "192.0.2.1"), kStart));
  WebhookSlots slot;
  std::optional<HttpReply> refused = admission.Admit(Shape(kKey, "192.0.2.2"), kStart, &slot);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 429);
  // Half a second, rounded up: Retry-After counts whole seconds.
  EXPECT_EQ(refused->retry_after_seconds, 1);
  EXPECT_EQ(refused->outcome, "rate_limited_key");
  EXPECT_TRUE(Admitted(admission, Shape(kOtherKey), kStart));
}

TEST(WebhookAdmissionTest, MalformedKeysGetNoBucketOfTheirOwn) {
  WebhookLimits limits = Loose();
  limits.per_key = {1, 1};
  WebhookAdmission admission(limits);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Admitted(admission, Shape("short"), kStart));
}

TEST(WebhookAdmissionTest, AKeyWithTooManyRequestsInFlightGets429UntilOneEnds) {
  WebhookLimits limits = Loose();
  limits.max_in_flight_per_key = 2;
  WebhookAdmission admission(limits);
  WebhookSlots first;
  WebhookSlots second;
  WebhookSlots third;
  EXPECT_FALSE(admission.Admit(Shape(), kStart, &first).has_value());
  EXPECT_FALSE(admission.Admit(Shape(), kStart, &second).has_value());
  std::optional<HttpReply> refused = admission.Admit(Shape(), kStart, &third);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->retry_after_seconds, 1);
  EXPECT_EQ(refused->outcome, "too_many_in_flight");
  EXPECT_FALSE(admission.Admit(Shape(kOtherKey), kStart, &third).has_value());
  first = WebhookSlots();
  EXPECT_FALSE(admission.Admit(Shape(), kStart, &first).has_value());
}

TEST(WebhookAdmissionTest, AtTheLimitOfAllRequestsInFlightEveryKeyGets503UntilOneEnds) {
  WebhookLimits limits = Loose();
  limits.max_in_flight = 2;
  WebhookAdmission admission(limits);
  WebhookSlots first;
  WebhookSlots second;
  WebhookSlots third;
  EXPECT_FALSE(admission.Admit(Shape(kKey), kStart, &first).has_value());
  EXPECT_FALSE(admission.Admit(Shape(kOtherKey), kStart, &second).has_value());
  std::optional<HttpReply> refused = admission.Admit(Shape("zzzzzzzzzz0123456789"), kStart, &third);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->retry_after_seconds, 1);
  EXPECT_EQ(refused->outcome, "saturated");
  // The refused request gave its key's place back.
  EXPECT_FALSE(third.key.held());
  // A malformed key is answered without the core, so it needs no place.
  EXPECT_TRUE(Admitted(admission, Shape("short"), kStart));
  second = WebhookSlots();
  EXPECT_FALSE(admission.Admit(Shape(kKey), kStart, &second).has_value());
}

TEST(WebhookAdmissionTest, AnAddressThatSpentItsUnknownKeyBudgetGets429ForEveryKey) {
  WebhookLimits limits = Loose();
  limits.unknown_keys_per_address = {0.1, 3};
  WebhookAdmission admission(limits);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Admitted(admission, Shape(kOtherKey), kStart)) << i;
    admission.Finished("192.0.2.1", UnknownKey(), absl::Milliseconds(1), kStart);
  }
  WebhookSlots slot;
  // Known key or not: the prober learns nothing more for now.
  std::optional<HttpReply> refused = admission.Admit(Shape(kKey), kStart, &slot);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->outcome, "probing");
  EXPECT_EQ(refused->retry_after_seconds, 10);
  EXPECT_TRUE(Admitted(admission, Shape(kKey, "192.0.2.9"), kStart));
  EXPECT_TRUE(Admitted(admission, Shape(kKey), kStart + absl::Seconds(10)));
}

TEST(WebhookAdmissionTest, UnknownKeyAnswersAreHeldToTheFloorAndOthersNot) {
  WebhookAdmission admission(Loose());
  EXPECT_EQ(admission.Finished("192.0.2.1", UnknownKey(), absl::Milliseconds(3), kStart),
            absl::Milliseconds(37));
  EXPECT_EQ(admission.Finished("192.0.2.1", UnknownKey(), absl::Milliseconds(90), kStart),
            absl::ZeroDuration());
  HttpReply scheduled;
  scheduled.outcome = "scheduled";
  EXPECT_EQ(admission.Finished("192.0.2.1", scheduled, absl::Milliseconds(3), kStart),
            absl::ZeroDuration());
}

}  // namespace
}  // namespace opinus::gateway
