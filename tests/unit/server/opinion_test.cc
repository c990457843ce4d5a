// The opinion rules (validation, display names, the form's states, rating
// arithmetic) and OpinionManager over InMemoryStorage with a fake clock.
#include "server/domain/opinion.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/digest.h"
#include "server/managers/opinion_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

OpinionInput Good() {
  OpinionInput input;
  input.rating = 4;
  input.comment = "Szybka wysyłka, zażółć gęślą jaźń.";
  input.consent = true;
  return input;
}

std::vector<std::string> Fields(const std::vector<FieldViolation>& violations) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : violations) fields.push_back(violation.field);
  return fields;
}

TEST(ValidateOpinionInputTest, AGoodOpinionPasses) {
  EXPECT_THAT(ValidateOpinionInput(Good(), false), IsEmpty());
}

TEST(ValidateOpinionInputTest, EveryBadFieldIsNamed) {
  OpinionInput input;
  input.rating = 6;
  input.delivery_rating = -1;
  input.product_rating = 5;
  input.service_rating = 9;
  input.comment = std::string(5001, 'a');
  input.display_name = "Jan\r\nBcc: x";
  input.consent = false;
  EXPECT_THAT(Fields(ValidateOpinionInput(input, false)),
              ElementsAre("rating", "delivery_rating", "service_rating", "comment", "display_name",
                          "consent"));
}

TEST(ValidateOpinionInputTest, CommentLengthCountsCharactersNotBytes) {
  OpinionInput input = Good();
  input.comment.clear();
  for (int i = 0; i < 5000; ++i) input.comment += "ż";  // 10,000 bytes.
  EXPECT_THAT(ValidateOpinionInput(input, false), IsEmpty());
  input.comment += "ż";
  const std::vector<FieldViolation> violations = ValidateOpinionInput(input, true);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].description, "At most 5000 characters (now 5001).");
}

TEST(ValidateOpinionInputTest, LineBreaksAreFineOtherControlsAndBadUtf8AreNot) {
  OpinionInput input = Good();
  input.comment = "Linia 1\r\nLinia 2\tz tabem";
  EXPECT_THAT(ValidateOpinionInput(input, false), IsEmpty());
  input.comment = std::string("NUL\0here", 8);
  EXPECT_THAT(Fields(ValidateOpinionInput(input, false)), ElementsAre("comment"));
  input.comment = "\xC3\x28";
  EXPECT_THAT(Fields(ValidateOpinionInput(input, false)), ElementsAre("comment"));
  EXPECT_FALSE(IsAcceptableComment("\xE2\x82"));
}

TEST(DefaultDisplayNameTest, FirstNameAndTheSurnamesInitial) {
  EXPECT_EQ(DefaultDisplayName("Jan", "Kowalski"), "Jan K.");
  EXPECT_EQ(DefaultDisplayName(" Łucja ", "Żak"), "Łucja Ż.");
  EXPECT_EQ(DefaultDisplayName("Ewa", ""), "Ewa");
  EXPECT_EQ(DefaultDisplayName("", "Nowak"), "N.");
  EXPECT_EQ(DefaultDisplayName("", ""), "Klient");
}

TEST(RoundedAverageTest, OneDecimalRoundedHalfUp) {
  EXPECT_EQ(RoundedAverage(17, 4), 4.3);  // 4.25
  EXPECT_EQ(RoundedAverage(13, 3), 4.3);  // 4.333
  EXPECT_EQ(RoundedAverage(424, 100), 4.2);
  EXPECT_EQ(RoundedAverage(5, 1), 5.0);
  EXPECT_EQ(RoundedAverage(0, 0), 0.0);
}

TEST(RatingSummaryTest, AddingAndTakingAwayAShareIsExact) {
  RatingSummary summary;
  OpinionInput a = Good();
  a.delivery_rating = 5;
  OpinionInput b = Good();
  b.rating = 2;
  summary.Add(a, 1);
  summary.Add(b, 1);
  EXPECT_EQ(summary.count, 2);
  EXPECT_EQ(summary.rating_sum, 6);
  EXPECT_EQ(summary.count_by_rating[3], 1);
  EXPECT_EQ(summary.count_by_rating[1], 1);
  EXPECT_EQ(summary.delivery_count, 1);
  summary.Add(b, -1);
  RatingSummary only_a;
  only_a.Add(a, 1);
  EXPECT_EQ(summary, only_a);
}

class OpinionManagerTest : public ::testing::Test {
 protected:
  OpinionManagerTest()
      : clock_(absl::FromCivil(absl::CivilSecond(2024, 5, 20, 10, 0, 0), absl::UTCTimeZone())),
        manager_(&storage_, &storage_, &storage_, &clock_) {}

  void SetUp() override {
    Shop shop;
    shop.name = "Ceramika";
    shop.domain = "sklep1.shoparena.pl";
    shop.owner_email = "owner@example.com";
    shop.webhook_key = "abcdefghij0123456789";
    ASSERT_OK_AND_ASSIGN(shop_, storage_.CreateShop(shop));
    invitation_ = SentInvitation("1043", "token-one-0123456789abcdef");
  }

  // SentInvitation adds an invitation mailed now with `token`.
  InvitationId SentInvitation(const std::string& order_id, const std::string& token) {
    EventRecord record;
    record.shop_id = shop_.id;
    record.order_id = order_id;
    record.receive_time = clock_.Now();
    absl::StatusOr<EventRecord> stored =
        storage_.ApplyOrderEvent(record, [&](const OrderSnapshot&) {
          EventDecision decision;
          decision.action = EventDecision::Action::kCreateInvitation;
          decision.invitation.shop_id = shop_.id;
          decision.invitation.order_id = order_id;
          decision.invitation.customer_email = "jan@example.com";
          decision.invitation.customer_first_name = "Jan";
          decision.invitation.customer_last_name = "Kowalski";
          decision.invitation.send_time = clock_.Now();
          return decision;
        });
    EXPECT_THAT(stored, IsOk());
    Claim claim{"test", clock_.Now(), clock_.Now() + absl::Minutes(5)};
    absl::StatusOr<std::vector<Invitation>> claimed = storage_.ClaimDue(claim, 10);
    EXPECT_THAT(claimed, IsOk());
    const HeldMail held = HeldBy(claimed->at(0), "test");
    EXPECT_THAT(storage_.KeepTokens(clock_.Now(), {{held, Sha256(token)}}),
                ::testing::ElementsAre(IsOk()));
    EXPECT_THAT(storage_.MarkSent(held, clock_.Now(), SentMail{"<m@x>", {}}), IsOk());
    return stored->invitation_id;
  }

  FakeClock clock_;
  InMemoryStorage storage_;
  OpinionManager manager_;
  Shop shop_;
  InvitationId invitation_ = 0;
};

TEST_F(OpinionManagerTest, AFirstOpinionIsStoredVerifiedAndTheInvitationIsReviewed) {
  ASSERT_OK_AND_ASSIGN(OpinionFormView form, manager_.GetForm("token-one-0123456789abcdef"));
  EXPECT_EQ(form.state, OpinionFormState::kOpen);
  EXPECT_EQ(form.default_display_name, "Jan K.");
  ASSERT_OK_AND_ASSIGN(SubmitResult result, manager_.Submit("token-one-0123456789abcdef", Good()));
  ASSERT_TRUE(result.opinion.has_value());
  EXPECT_THAT(result.violations, IsEmpty());
  EXPECT_EQ(result.opinion->order_id, "1043");
  EXPECT_EQ(result.opinion->input.display_name, "Jan K.");
  ASSERT_OK_AND_ASSIGN(Invitation invitation, storage_.GetInvitation(invitation_));
  EXPECT_EQ(invitation.state, InvitationState::kReviewed);
  ASSERT_OK_AND_ASSIGN(auto summary, manager_.GetRatingSummary(shop_.id));
  EXPECT_EQ(summary.second.count, 1);
  EXPECT_EQ(summary.second.rating_sum, 4);
}

TEST_F(OpinionManagerTest, BadAnswersStoreNothing) {
  OpinionInput input = Good();
  input.consent = false;
  ASSERT_OK_AND_ASSIGN(SubmitResult result, manager_.Submit("token-one-0123456789abcdef", input));
  EXPECT_FALSE(result.opinion.has_value());
  EXPECT_THAT(Fields(result.violations), ElementsAre("consent"));
  ASSERT_OK_AND_ASSIGN(Page<Opinion> page, manager_.ListOpinions(shop_.id, {}, {20, ""}));
  EXPECT_THAT(page.items, IsEmpty());
  EXPECT_EQ(storage_.GetInvitation(invitation_)->state, InvitationState::kSent);
}

TEST_F(OpinionManagerTest, EditableForSevenDaysWithItsHistoryKeptThenClosed) {
  ASSERT_OK_AND_ASSIGN(SubmitResult first, manager_.Submit("token-one-0123456789abcdef", Good()));
  clock_.Advance(absl::Hours(24 * 7) - absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(OpinionFormView form, manager_.GetForm("token-one-0123456789abcdef"));
  EXPECT_EQ(form.state, OpinionFormState::kEditable);
  OpinionInput better = Good();
  better.rating = 5;
  ASSERT_OK_AND_ASSIGN(SubmitResult edited, manager_.Submit("token-one-0123456789abcdef", better));
  EXPECT_EQ(edited.opinion->id, first.opinion->id);
  EXPECT_EQ(edited.opinion->edits, 1);
  ASSERT_OK_AND_ASSIGN(std::vector<OpinionInput> revisions,
                       storage_.ListRevisions(first.opinion->id));
  EXPECT_THAT(revisions,
              ElementsAre(Field(&OpinionInput::rating, 4), Field(&OpinionInput::rating, 5)));
  ASSERT_OK_AND_ASSIGN(auto summary, manager_.GetRatingSummary(shop_.id));
  EXPECT_EQ(summary.second.count, 1);
  EXPECT_EQ(summary.second.rating_sum, 5);

  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(manager_.GetForm("token-one-0123456789abcdef")->state, OpinionFormState::kClosed);
  EXPECT_THAT(manager_.Submit("token-one-0123456789abcdef", Good()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(OpinionManagerTest, ALinkExpiresAfterSixtyDaysWithoutAnOpinion) {
  clock_.Advance(absl::Hours(24 * 60) - absl::Seconds(1));
  EXPECT_EQ(manager_.GetForm("token-one-0123456789abcdef")->state, OpinionFormState::kOpen);
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(manager_.GetForm("token-one-0123456789abcdef")->state, OpinionFormState::kExpired);
  EXPECT_THAT(manager_.Submit("token-one-0123456789abcdef", Good()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(OpinionManagerTest, UnknownAndMalformedTokensAreTold) {
  EXPECT_THAT(manager_.GetForm("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(manager_.GetForm("../../etc/passwd"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(OpinionManagerTest, OnlyAnOperatorHidesAndTheSummaryFollows) {
  ASSERT_OK_AND_ASSIGN(SubmitResult low, manager_.Submit("token-one-0123456789abcdef", [] {
    OpinionInput input = Good();
    input.rating = 1;
    return input;
  }()));
  SentInvitation("1044", "token-two-0123456789abcdef");
  ASSERT_OK_AND_ASSIGN(SubmitResult high, manager_.Submit("token-two-0123456789abcdef", Good()));
  EXPECT_EQ(RoundedAverage(manager_.GetRatingSummary(shop_.id)->second.rating_sum, 2), 2.5);

  ASSERT_OK_AND_ASSIGN(Opinion reported,
                       manager_.Report(shop_.id, low.opinion->id, "not our customer"));
  EXPECT_TRUE(reported.reported);
  EXPECT_EQ(reported.status, OpinionStatus::kPublished);  // Still shown.
  EXPECT_THAT(manager_.Report(shop_.id + 1, low.opinion->id, "x"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(manager_.Hide(low.opinion->id, ""), StatusIs(absl::StatusCode::kInvalidArgument));

  ASSERT_OK_AND_ASSIGN(Opinion hidden, manager_.Hide(low.opinion->id, "fake order confirmed"));
  EXPECT_EQ(hidden.status, OpinionStatus::kHidden);
  auto summary = manager_.GetRatingSummary(shop_.id)->second;
  EXPECT_EQ(summary.count, 1);
  EXPECT_EQ(RoundedAverage(summary.rating_sum, summary.count), 4.0);
  EXPECT_EQ(manager_.ListOpinions(shop_.id, {}, {20, ""})->items.size(), 1u);
  OpinionFilter all;
  all.include_hidden = true;
  EXPECT_EQ(manager_.ListOpinions(shop_.id, all, {20, ""})->items.size(), 2u);

  ASSERT_THAT(manager_.Restore(low.opinion->id, "appeal accepted"), IsOk());
  EXPECT_EQ(manager_.GetRatingSummary(shop_.id)->second.count, 2);
  EXPECT_EQ(high.opinion->status, OpinionStatus::kPublished);
}

// Its author withdraws it through the link, in the edit window or after:
// out of the summary and the public list for good, its words gone.
TEST_F(OpinionManagerTest, AnAuthorWithdrawsTheirOpinionForGood) {
  EXPECT_THAT(manager_.Withdraw("token-one-0123456789abcdef"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  OpinionInput input = Good();
  input.comment = "Paczka szła dwa tygodnie.";
  ASSERT_OK_AND_ASSIGN(SubmitResult given, manager_.Submit("token-one-0123456789abcdef", input));
  ASSERT_THAT(manager_.Reply(shop_.id, given.opinion->id, "Przepraszamy."), IsOk());
  clock_.Advance(absl::Hours(24 * 8));
  EXPECT_EQ(manager_.GetForm("token-one-0123456789abcdef")->state, OpinionFormState::kClosed);

  ASSERT_OK_AND_ASSIGN(Opinion withdrawn, manager_.Withdraw("token-one-0123456789abcdef"));
  EXPECT_EQ(withdrawn.status, OpinionStatus::kWithdrawn);
  EXPECT_EQ(withdrawn.input.comment, "");
  EXPECT_EQ(withdrawn.input.display_name, "");
  EXPECT_EQ(withdrawn.reply, "");
  EXPECT_EQ(withdrawn.input.rating, 4);
  EXPECT_EQ(manager_.GetRatingSummary(shop_.id)->second.count, 0);
  EXPECT_THAT(manager_.ListOpinions(shop_.id, {}, {20, ""})->items, IsEmpty());
  EXPECT_THAT(storage_.ListRevisions(given.opinion->id).value(), IsEmpty());
  EXPECT_EQ(manager_.GetForm("token-one-0123456789abcdef")->state, OpinionFormState::kWithdrawn);
  EXPECT_THAT(manager_.Submit("token-one-0123456789abcdef", Good()),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  // Again: nothing changes; nobody brings it back or answers it.
  EXPECT_THAT(manager_.Withdraw("token-one-0123456789abcdef"), IsOk());
  EXPECT_EQ(manager_.GetRatingSummary(shop_.id)->second.count, 0);
  EXPECT_THAT(manager_.Restore(given.opinion->id, "appeal"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(manager_.Hide(given.opinion->id, "spam"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(manager_.Reply(shop_.id, given.opinion->id, "Halo?"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(OpinionManagerTest, TheShopsReplyIsOneAndEditable) {
  ASSERT_OK_AND_ASSIGN(SubmitResult result, manager_.Submit("token-one-0123456789abcdef", Good()));
  ASSERT_OK_AND_ASSIGN(Opinion replied,
                       manager_.Reply(shop_.id, result.opinion->id, "Dziękujemy!"));
  EXPECT_EQ(replied.reply, "Dziękujemy!");
  ASSERT_OK_AND_ASSIGN(replied, manager_.Reply(shop_.id, result.opinion->id, "Dziękujemy :)"));
  EXPECT_EQ(replied.reply, "Dziękujemy :)");
  EXPECT_THAT(manager_.Reply(shop_.id, result.opinion->id, std::string(5001, 'x')),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(replied, manager_.Reply(shop_.id, result.opinion->id, ""));
  EXPECT_FALSE(replied.reply_time.has_value());
}

}  // namespace
}  // namespace opinus::server
