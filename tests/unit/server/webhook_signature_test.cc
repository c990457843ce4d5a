// Tests of Shoper's webhook signature: the reference test vector, and the
// recorder refusing unsigned or wrongly signed deliveries once a shop has a
// secret.
#include "server/domain/webhook_signature.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "tests/support/files.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::ReadFile;
using ::opinus::testing::StatusIs;
using ::testing::HasSubstr;

// The reference vector: the sample body's exact bytes, X-Webhook-Id 12, Klucz
// test-klucz-123 (shoper-order-status-shipped.headers.json).
constexpr char kSecret[] = "test-klucz-123";
constexpr char kSignature[] = "9338689cbe7f92179bd060ec4c458a2f4bd51222";

WebhookSignature SampleSignature() {
  return WebhookSignature{
      "12", kSignature,
      ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"))};
}

TEST(ShoperSignatureTest, MatchesTheReferenceVector) {
  const WebhookSignature sample = SampleSignature();
  ASSERT_EQ(sample.body.size(), 2815u);
  EXPECT_EQ(ShoperSignature("12", kSecret, sample.body), kSignature);
}

TEST(IsValidShoperSignatureTest, AcceptsTheRightOneInAnyLetterCase) {
  WebhookSignature sample = SampleSignature();
  EXPECT_TRUE(IsValidShoperSignature(sample, kSecret));
  sample.sha1_hex = "9338689CBE7F92179BD060EC4C458A2F4BD51222";
  EXPECT_TRUE(IsValidShoperSignature(sample, kSecret));
}

TEST(IsValidShoperSignatureTest, RefusesAnythingElse) {
  const WebhookSignature sample = SampleSignature();
  EXPECT_FALSE(IsValidShoperSignature(sample, "other-secret"));
  WebhookSignature other_id = sample;
  other_id.webhook_id = "13";
  EXPECT_FALSE(IsValidShoperSignature(other_id, kSecret));
  WebhookSignature one_byte_more = sample;
  one_byte_more.body += "\n";
  EXPECT_FALSE(IsValidShoperSignature(one_byte_more, kSecret));
  WebhookSignature missing = sample;
  missing.sha1_hex.clear();
  EXPECT_FALSE(IsValidShoperSignature(missing, kSecret));
}

class SignedWebhookTest : public ::testing::Test {
 protected:
  SignedWebhookTest()
      : clock_(Utc(2024, 5, 9, 12, 0, 0)),
        shops_(&storage_, &keys_, &clock_),
        recorder_(&storage_, &storage_, &clock_) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(shop_,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "owner@example.com"));
  }

  void SetSecret(const std::string& secret) {
    SettingsUpdate update;
    update.webhook_secret = secret;
    ASSERT_THAT(shops_.UpdateSettings(shop_.id, update).status(), IsOk());
  }

  size_t LoggedEvents() {
    absl::StatusOr<Page<EventRecord>> page = storage_.ListEvents(shop_.id, PageRequest{100, ""});
    return page.ok() ? page->items.size() : 0;
  }

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  Shop shop_;
};

TEST_F(SignedWebhookTest, WithoutASecretTheKeyAloneAuthenticates) {
  EXPECT_THAT(recorder_.Record(shop_.webhook_key, Realised("1043", "2024-05-08 09:12:05")), IsOk());
}

TEST_F(SignedWebhookTest, WithASecretOnlyAValidSignatureGetsIn) {
  SetSecret(kSecret);
  EXPECT_THAT(recorder_.Record(shop_.webhook_key, Realised("1043", "2024-05-08 09:12:05")),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("X-Webhook-Sha1")));
  WebhookSignature wrong = SampleSignature();
  wrong.body += " ";
  EXPECT_THAT(recorder_.Record(shop_.webhook_key, Realised("1043", "2024-05-08 09:12:05"), wrong),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(LoggedEvents(), 0u);

  EXPECT_THAT(recorder_.Record(shop_.webhook_key, Realised("1043", "2024-05-08 09:12:05"),
                               SampleSignature()),
              IsOk());
  EXPECT_EQ(LoggedEvents(), 1u);
}

TEST_F(SignedWebhookTest, AnEmptySecretRemovesTheCheck) {
  SetSecret(kSecret);
  SetSecret("");
  EXPECT_THAT(recorder_.Record(shop_.webhook_key, Realised("1043", "2024-05-08 09:12:05")), IsOk());
}

TEST_F(SignedWebhookTest, SecretsWithControlCharactersAreRefused) {
  SettingsUpdate update;
  update.webhook_secret = "abc\r\n";
  EXPECT_THAT(shops_.UpdateSettings(shop_.id, update).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("webhook_secret")));
}

}  // namespace
}  // namespace opinus::server
