// The opinion store against a real MariaDB: one opinion per invitation, the
// history of edits, the summary kept in step, filters and moderation.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/domain/digest.h"
#include "tests/integration/mysql_storage_fixture.h"

namespace opinus::server {
namespace {

class MysqlOpinionStoreTest : public MysqlStorageTest {
 protected:
  void SetUp() override {
    MysqlStorageTest::SetUp();
    shop_ = CreateShop();
  }

  // SentInvitation records a shipped order and sends its invitation.
  Invitation SentInvitation(const std::string& order_id) {
    absl::StatusOr<EventRecord> recorded = recorder_->Record(shop_.webhook_key, Shipped(order_id));
    EXPECT_TRUE(recorded.ok()) << recorded.status();
    absl::StatusOr<Invitation> invitation = invitations_->GetInvitation(recorded->invitation_id);
    const absl::Time now = invitation->send_time;
    absl::StatusOr<std::vector<Invitation>> claimed =
        dispatch_->ClaimDue({"c", now, now + absl::Minutes(5)}, 10);
    EXPECT_TRUE(claimed.ok() && claimed->size() == 1);
    const HeldMail held = HeldBy(claimed->at(0), "c");
    EXPECT_TRUE(dispatch_->KeepTokens(now, {{held, Sha256(order_id)}}).at(0).ok());
    EXPECT_TRUE(dispatch_->MarkSent(held, now, {"<m@x>", std::nullopt}).ok());
    return *invitations_->GetInvitation(invitation->id);
  }

  Opinion Create(const Invitation& invitation, int rating, int delivery) {
    Opinion opinion;
    opinion.shop_id = shop_.id;
    opinion.invitation_id = invitation.id;
    opinion.order_id = invitation.order_id;
    opinion.input.rating = rating;
    opinion.input.delivery_rating = delivery;
    opinion.input.comment = "Świetny sklep <script>alert(1)</script>";
    opinion.input.display_name = "Jan K.";
    opinion.input.consent = true;
    opinion.create_time = invitation.send_time + absl::Hours(1);
    opinion.update_time = opinion.create_time;
    absl::StatusOr<Opinion> stored = opinions_->CreateOpinion(opinion);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return *stored;
  }

  // StoredSummaryMatchesTheOpinions recomputes the summary by a scan, as a
  // check of the sums the store keeps.
  void ExpectSummaryMatchesAScan() {
    RatingSummary scanned;
    OpinionFilter published;
    absl::StatusOr<Page<Opinion>> page = opinions_->ListOpinions(shop_.id, published, {100, ""});
    ASSERT_TRUE(page.ok());
    for (const Opinion& opinion : page->items) scanned.Add(opinion.input, 1);
    EXPECT_EQ(*opinions_->GetRatingSummary(shop_.id), scanned);
  }

  Shop shop_;
};

TEST_F(MysqlOpinionStoreTest, OneOpinionPerInvitationWhichBecomesReviewed) {
  const Invitation invitation = SentInvitation("1");
  const Opinion opinion = Create(invitation, 4, 5);
  EXPECT_GT(opinion.id, 0);
  EXPECT_EQ(opinion.input.comment, "Świetny sklep <script>alert(1)</script>");
  EXPECT_EQ(invitations_->GetInvitation(invitation.id)->state, InvitationState::kReviewed);
  EXPECT_EQ(opinions_->FindOpinionByInvitation(invitation.id)->value().id, opinion.id);

  Opinion again = opinion;
  again.id = 0;
  EXPECT_TRUE(absl::IsAlreadyExists(opinions_->CreateOpinion(again).status()));
  ExpectSummaryMatchesAScan();
}

TEST_F(MysqlOpinionStoreTest, EditsKeepHistoryAndMoveTheSummary) {
  const Opinion opinion = Create(SentInvitation("1"), 2, 0);
  Create(SentInvitation("2"), 5, 4);
  OpinionInput better = opinion.input;
  better.rating = 4;
  better.product_rating = 3;
  absl::StatusOr<Opinion> edited =
      opinions_->EditOpinion(opinion.id, better, opinion.create_time + absl::Hours(2));
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_EQ(edited->edits, 1);
  EXPECT_EQ(opinions_->ListRevisions(opinion.id)->size(), 2u);
  const RatingSummary summary = *opinions_->GetRatingSummary(shop_.id);
  EXPECT_EQ(summary.count, 2);
  EXPECT_EQ(summary.rating_sum, 9);
  EXPECT_EQ(summary.count_by_rating[1], 0);
  EXPECT_EQ(summary.product_count, 1);
  ExpectSummaryMatchesAScan();
}

TEST_F(MysqlOpinionStoreTest, HiddenOpinionsLeaveTheSummaryAndThePublicList) {
  const Opinion low = Create(SentInvitation("1"), 1, 0);
  Create(SentInvitation("2"), 5, 0);
  ASSERT_TRUE(opinions_->Report(shop_.id, low.id, "fake", low.create_time).ok());
  EXPECT_TRUE(
      absl::IsNotFound(opinions_->Report(shop_.id + 1, low.id, "x", low.create_time).status()));
  ASSERT_TRUE(
      opinions_->SetStatus(low.id, OpinionStatus::kHidden, "confirmed", low.create_time).ok());
  EXPECT_EQ(opinions_->GetRatingSummary(shop_.id)->count, 1);
  ExpectSummaryMatchesAScan();
  OpinionFilter all;
  all.include_hidden = true;
  EXPECT_EQ(opinions_->ListOpinions(shop_.id, all, {100, ""})->items.size(), 2u);
  OpinionFilter low_only;
  low_only.include_hidden = true;
  low_only.max_rating = 2;
  ASSERT_EQ(opinions_->ListOpinions(shop_.id, low_only, {100, ""})->items.size(), 1u);
  ASSERT_TRUE(
      opinions_->SetStatus(low.id, OpinionStatus::kPublished, "appeal", low.create_time).ok());
  EXPECT_EQ(opinions_->GetRatingSummary(shop_.id)->count, 2);
  ExpectSummaryMatchesAScan();
}

TEST_F(MysqlOpinionStoreTest, PagesNewestFirstAndRepliesRoundTrip) {
  std::vector<OpinionId> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Create(SentInvitation(std::to_string(i)), 3, 0).id);
  absl::StatusOr<Page<Opinion>> first = opinions_->ListOpinions(shop_.id, {}, {2, ""});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].id, ids[4]);
  absl::StatusOr<Page<Opinion>> second =
      opinions_->ListOpinions(shop_.id, {}, {2, first->next_token});
  EXPECT_EQ(second->items[0].id, ids[2]);

  absl::StatusOr<Opinion> replied =
      opinions_->SetReply(shop_.id, ids[0], "Dziękujemy – zapraszamy ponownie!", absl::Now());
  ASSERT_TRUE(replied.ok()) << replied.status();
  EXPECT_EQ(opinions_->GetOpinion(ids[0])->reply, "Dziękujemy – zapraszamy ponownie!");
  EXPECT_TRUE(opinions_->GetOpinion(ids[0])->reply_time.has_value());
}

}  // namespace
}  // namespace opinus::server
