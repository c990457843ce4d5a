// Tests of PrivacyRequestManager over InMemoryStorage with a fake clock and a
// recording mailer; PrivacyRequestTest (tests/integration/dispatch_test.cc)
// runs the same through the gateway, MariaDB and an SMTP sink.
#include "server/managers/privacy_request_manager.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/support/test_address_hasher.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"
#include "tests/unit/server/test_sources.h"

namespace opinus::server {
namespace {

using ::opinus::testing::StatusIs;
using ::opinus::testing::TestAddressHasher;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// RecordingPrivacyMailer keeps what it was asked to send, and fails while
// told to. Not thread-safe.
class RecordingPrivacyMailer final : public PrivacyMailer {
 public:
  struct Sent {
    std::string email;
    // The link's token, or the export's JSON.
    std::string content;
  };

  absl::Status SendRequestConfirmation(absl::string_view email, PrivacyAction,
                                       absl::string_view token) override {
    if (!failure_.ok()) return failure_;
    links_.push_back({std::string(email), std::string(token)});
    return absl::OkStatus();
  }
  absl::Status SendExport(absl::string_view email, absl::string_view json) override {
    if (!failure_.ok()) return failure_;
    exports_.push_back({std::string(email), std::string(json)});
    return absl::OkStatus();
  }
  void FailWith(absl::Status failure) { failure_ = std::move(failure); }

  std::vector<Sent> links_;
  std::vector<Sent> exports_;

 private:
  absl::Status failure_;
};

// ExportedEmail stands in for the JSON: the address it is about.
absl::StatusOr<std::string> ExportedEmail(const PersonalData& data) {
  return absl::StrCat(data.email, " ", data.records.size());
}

class PrivacyRequestManagerTest : public ::testing::Test {
 protected:
  PrivacyRequestManagerTest()
      : clock_(Utc(2024, 5, 9, 12, 0, 0)),
        shops_(&storage_, &keys_, &clock_),
        recorder_(&storage_, &storage_, &clock_),
        privacy_(&storage_, &TestAddressHasher(), &clock_),
        requests_(&storage_, &privacy_, &mailer_, &tokens_, &TestAddressHasher(), &clock_,
                  ExportedEmail) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(const Shop shop,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "owner@example.com"));
    OrderEvent event = Realised("1001", "2024-05-08 09:00:00");
    event.customer_email = "Jan@Example.com";
    ASSERT_OK_AND_ASSIGN(const EventRecord record, recorder_.Record(shop.webhook_key, event));
    invitation_ = record.invitation_id;
  }

  std::string CustomerEmail() {
    absl::StatusOr<Invitation> invitation = storage_.GetInvitation(invitation_);
    return invitation.ok() ? invitation->customer_email : "?";
  }

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  SequenceTokens tokens_;
  FakeClock clock_;
  RecordingPrivacyMailer mailer_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  PrivacyManager privacy_;
  PrivacyRequestManager requests_;
  InvitationId invitation_ = 0;
};

TEST_F(PrivacyRequestManagerTest, OnlyTheConfirmationOfTheMailedLinkErasesAndOnlyOnce) {
  ASSERT_OK_AND_ASSIGN(const PrivacyRequestView asked,
                       requests_.Request(" JAN@example.com", PrivacyAction::kErase, "192.0.2.1"));
  EXPECT_EQ(asked.email_hint, "");
  EXPECT_EQ(asked.expire_time, clock_.Now() + kPrivacyRequestLifetime);
  ASSERT_EQ(mailer_.links_.size(), 1u);
  EXPECT_EQ(mailer_.links_[0].email, "jan@example.com");
  const std::string token = mailer_.links_[0].content;

  ASSERT_OK_AND_ASSIGN(const PrivacyRequestView shown, requests_.Describe(token));
  EXPECT_EQ(shown.action, PrivacyAction::kErase);
  EXPECT_EQ(shown.email_hint, "j***@example.com");
  EXPECT_EQ(CustomerEmail(), "Jan@Example.com");
  EXPECT_THAT(storage_.erasures(), IsEmpty());

  EXPECT_THAT(requests_.Confirm(token), ::opinus::testing::IsOk());
  EXPECT_EQ(CustomerEmail(), "");
  ASSERT_EQ(storage_.erasures().size(), 1u);
  EXPECT_EQ(storage_.erasures()[0].reason, kPublicErasureReason);
  EXPECT_THAT(requests_.Confirm(token), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(requests_.Describe(token), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(storage_.erasures().size(), 1u);
}

TEST_F(PrivacyRequestManagerTest, AnUnknownAddressIsAnsweredAndMailedAlike) {
  ASSERT_OK_AND_ASSIGN(const PrivacyRequestView known,
                       requests_.Request("jan@example.com", PrivacyAction::kErase, "192.0.2.1"));
  ASSERT_OK_AND_ASSIGN(const PrivacyRequestView unknown,
                       requests_.Request("nikt@example.com", PrivacyAction::kErase, "192.0.2.1"));
  EXPECT_EQ(unknown.email_hint, known.email_hint);
  EXPECT_EQ(unknown.expire_time, known.expire_time);
  ASSERT_EQ(mailer_.links_.size(), 2u);
  EXPECT_EQ(mailer_.links_[1].email, "nikt@example.com");
}

TEST_F(PrivacyRequestManagerTest, TheLinkExpiresAfterADay) {
  ASSERT_THAT(requests_.Request("jan@example.com", PrivacyAction::kErase, "192.0.2.1").status(),
              ::opinus::testing::IsOk());
  const std::string token = mailer_.links_[0].content;
  clock_.Advance(kPrivacyRequestLifetime - absl::Seconds(1));
  EXPECT_THAT(requests_.Describe(token), ::opinus::testing::IsOk());
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(requests_.Describe(token), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(requests_.Confirm(token), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(CustomerEmail(), "Jan@Example.com");
}

TEST_F(PrivacyRequestManagerTest, RequestsAreLimitedPerAddressAndPerClientForADay) {
  for (int i = 0; i < kMaxPrivacyRequestsPerAddress; ++i) {
    ASSERT_THAT(requests_.Request("jan@example.com", PrivacyAction::kErase, "192.0.2.1").status(),
                ::opinus::testing::IsOk());
  }
  EXPECT_THAT(requests_.Request("JAN@example.com", PrivacyAction::kExport, "192.0.2.9"),
              StatusIs(absl::StatusCode::kResourceExhausted));
  for (int i = kMaxPrivacyRequestsPerAddress; i < kMaxPrivacyRequestsPerClient; ++i) {
    ASSERT_THAT(requests_.Request(absl::StrCat("inny", i, "@example.com"), PrivacyAction::kErase,
                                  "192.0.2.1"),
                ::opinus::testing::IsOk());
  }
  EXPECT_THAT(requests_.Request("ktos@example.com", PrivacyAction::kErase, "192.0.2.1"),
              StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(mailer_.links_.size(), static_cast<size_t>(kMaxPrivacyRequestsPerClient));
  // A day later the old requests are forgotten, and with them the limits.
  clock_.Advance(kPrivacyRequestWindow + absl::Seconds(1));
  EXPECT_THAT(requests_.Request("jan@example.com", PrivacyAction::kErase, "192.0.2.1"),
              ::opinus::testing::IsOk());
}

TEST_F(PrivacyRequestManagerTest, AMalformedAddressIsRefusedWithoutMail) {
  EXPECT_THAT(requests_.Request("not-an-address", PrivacyAction::kErase, "192.0.2.1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(mailer_.links_, IsEmpty());
}

TEST_F(PrivacyRequestManagerTest, AConfirmedExportMailsTheDataAndForgetsTheAddress) {
  ASSERT_THAT(requests_.Request("jan@example.com", PrivacyAction::kExport, "192.0.2.1").status(),
              ::opinus::testing::IsOk());
  const std::string token = mailer_.links_[0].content;
  // The mail server away: the link works again afterwards.
  mailer_.FailWith(absl::UnavailableError("smtp down"));
  EXPECT_THAT(requests_.Confirm(token), StatusIs(absl::StatusCode::kUnavailable));
  mailer_.FailWith(absl::OkStatus());
  ASSERT_OK_AND_ASSIGN(const PrivacyRequestView done, requests_.Confirm(token));
  EXPECT_EQ(done.action, PrivacyAction::kExport);
  ASSERT_EQ(mailer_.exports_.size(), 1u);
  EXPECT_EQ(mailer_.exports_[0].email, "jan@example.com");
  EXPECT_EQ(mailer_.exports_[0].content, "jan@example.com 1");
  EXPECT_EQ(CustomerEmail(), "Jan@Example.com");
  EXPECT_THAT(storage_.erasures(), IsEmpty());
  EXPECT_THAT(requests_.Confirm(token), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace opinus::server
