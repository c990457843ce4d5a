// Tests of page sizes and page tokens, and of the names of states and
// outcomes the store and the log use.
#include "server/domain/paging.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/model.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::StatusIs;

struct Item {
  int64_t id = 0;
};

TEST(MakePageRequestTest, UsesTheDefaultForNoSizeAndCapsAtTheMaximum) {
  EXPECT_EQ(MakePageRequest(0, 100, 1000, "").size, 100);
  EXPECT_EQ(MakePageRequest(-5, 100, 1000, "").size, 100);
  EXPECT_EQ(MakePageRequest(20, 100, 1000, "").size, 20);
  EXPECT_EQ(MakePageRequest(1000, 100, 1000, "").size, 1000);
  EXPECT_EQ(MakePageRequest(5000, 100, 1000, "").size, 1000);
  EXPECT_EQ(MakePageRequest(20, 100, 1000, "42").token, "42");
}

TEST(ParsePageTokenTest, ReadsTheTokensItMakes) {
  EXPECT_EQ(*ParsePageToken(""), 0);
  EXPECT_EQ(*ParsePageToken(PageTokenAfter(42)), 42);
}

TEST(ParsePageTokenTest, RejectsForeignTokens) {
  for (const char* token : {"abc", "0", "-3", "12x", "99999999999999999999999"}) {
    EXPECT_THAT(ParsePageToken(token),
                StatusIs(absl::StatusCode::kInvalidArgument, "page_token: invalid"))
        << token;
  }
}

TEST(PageFromTest, OneExtraItemMeansAnotherPage) {
  const Page<Item> page = PageFrom(std::vector<Item>{{5}, {6}, {7}}, 2);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, 5);
  EXPECT_EQ(page.items[1].id, 6);
  EXPECT_EQ(page.next_token, PageTokenAfter(6));
}

TEST(PageFromTest, NoExtraItemMeansTheLastPage) {
  EXPECT_EQ(PageFrom(std::vector<Item>{{5}, {6}}, 2).next_token, "");
  EXPECT_EQ(PageFrom(std::vector<Item>{}, 2).next_token, "");
}

TEST(NamesTest, InvitationStatesRoundTrip) {
  for (InvitationState state :
       {InvitationState::kScheduled, InvitationState::kCancelled, InvitationState::kSent}) {
    EXPECT_EQ(InvitationStateFromName(InvitationStateName(state)), state);
  }
  EXPECT_STREQ(InvitationStateName(InvitationState::kCancelled), "cancelled");
}

TEST(NamesTest, EventOutcomesRoundTrip) {
  for (EventOutcome outcome :
       {EventOutcome::kScheduled, EventOutcome::kDuplicate, EventOutcome::kIgnored,
        EventOutcome::kCancelled, EventOutcome::kRejected}) {
    EXPECT_EQ(EventOutcomeFromName(EventOutcomeName(outcome)), outcome);
  }
  EXPECT_STREQ(EventOutcomeName(EventOutcome::kRejected), "rejected");
}

}  // namespace
}  // namespace opinus::server
