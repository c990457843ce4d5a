// Tests of how `opinus settings set` flags become an UpdateShopSettingsRequest.
#include <string>
#include <vector>

#include "client/cli/args.h"
#include "client/cli/settings_commands.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::client::cli {
namespace {

namespace v1 = ::opinus::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

absl::StatusOr<SettingsUpdate> Parse(const std::vector<std::string>& args) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args);
  if (!parsed.ok()) return parsed.status();
  return ParseSettingsUpdate(*parsed);
}

TEST(ParseSettingsUpdateTest, MaskListsOnlyTheFieldsGiven) {
  absl::StatusOr<SettingsUpdate> update = Parse({"--shop", "3", "--delay-days", "14"});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(update->request.shop_id(), 3);
  EXPECT_THAT(update->request.update_mask().paths(), ElementsAre("invitation_delay_days"));
  EXPECT_EQ(update->request.settings().invitation_delay_days(), 14);
  EXPECT_FALSE(update->NeedsCurrentTrigger());
}

TEST(ParseSettingsUpdateTest, EveryField) {
  absl::StatusOr<SettingsUpdate> update =
      Parse({"--shop=3", "--sending", "off", "--time-zone", "Europe/Berlin", "--delay-days=0",
             "--trigger-status-ids", "7,12", "--trigger-status-type", "in-progress",
             "--trigger-parcel-dispatch", "on"});
  ASSERT_TRUE(update.ok()) << update.status();
  const v1::UpdateShopSettingsRequest& request = update->request;
  EXPECT_THAT(request.update_mask().paths(),
              ElementsAre("invitation_delay_days", "trigger", "time_zone", "sending_enabled"));
  EXPECT_EQ(request.settings().invitation_delay_days(), 0);
  EXPECT_THAT(request.settings().trigger().status_ids(), ElementsAre(7, 12));
  EXPECT_EQ(request.settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_IN_PROGRESS);
  EXPECT_TRUE(request.settings().trigger().parcel_dispatch());
  EXPECT_EQ(request.settings().time_zone(), "Europe/Berlin");
  EXPECT_FALSE(request.settings().sending_enabled());
  EXPECT_FALSE(update->NeedsCurrentTrigger());
}

TEST(ParseSettingsUpdateTest, SendingHoursSenderNameAndLanguage) {
  absl::StatusOr<SettingsUpdate> update =
      Parse({"--shop", "3", "--sending-hours", "0-24", "--sender-name", "Ceramika K.", "--language",
             "en"});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_THAT(update->request.update_mask().paths(),
              ElementsAre("sending_hours", "sender_name", "language"));
  EXPECT_EQ(update->request.settings().sending_hours().start_hour(), 0);
  EXPECT_EQ(update->request.settings().sending_hours().end_hour(), 24);
  EXPECT_EQ(update->request.settings().sender_name(), "Ceramika K.");
  EXPECT_EQ(update->request.settings().language(), "en");
}

TEST(ParseSettingsUpdateTest, BadSendingHoursAndLanguage) {
  EXPECT_FALSE(Parse({"--shop", "3", "--sending-hours", "8"}).ok());
  EXPECT_FALSE(Parse({"--shop", "3", "--sending-hours", "8-x"}).ok());
  EXPECT_FALSE(Parse({"--shop", "3", "--language", "de"}).ok());
}

TEST(ParseSettingsUpdateTest, SendingOn) {
  absl::StatusOr<SettingsUpdate> update = Parse({"--shop", "3", "--sending", "on"});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_THAT(update->request.update_mask().paths(), ElementsAre("sending_enabled"));
  EXPECT_TRUE(update->request.settings().sending_enabled());
}

TEST(ParseSettingsUpdateTest, EmptyIdListClearsTheListAndUsesTheType) {
  absl::StatusOr<SettingsUpdate> update =
      Parse({"--shop", "3", "--trigger-status-ids", "", "--trigger-status-type", "closed"});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_THAT(update->request.update_mask().paths(), ElementsAre("trigger"));
  EXPECT_THAT(update->request.settings().trigger().status_ids(), IsEmpty());
  EXPECT_EQ(update->request.settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_CLOSED);
  // The third part, the parcel's dispatch, is read and kept.
  EXPECT_TRUE(update->NeedsCurrentTrigger());
}

TEST(ParseSettingsUpdateTest, OnlyIdsKeepsTheCurrentType) {
  absl::StatusOr<SettingsUpdate> update = Parse({"--shop", "3", "--trigger-status-ids", "7,12"});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_THAT(update->request.update_mask().paths(), ElementsAre("trigger"));
  ASSERT_TRUE(update->NeedsCurrentTrigger());

  v1::ShopSettings current;
  current.mutable_trigger()->add_status_ids(99);
  current.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_NEW);
  KeepCurrentTrigger(current, &*update);
  EXPECT_THAT(update->request.settings().trigger().status_ids(), ElementsAre(7, 12));
  EXPECT_EQ(update->request.settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_NEW);
}

TEST(ParseSettingsUpdateTest, OnlyTypeKeepsTheCurrentIds) {
  absl::StatusOr<SettingsUpdate> update =
      Parse({"--shop", "3", "--trigger-status-type", "not-realised"});
  ASSERT_TRUE(update.ok()) << update.status();
  ASSERT_TRUE(update->NeedsCurrentTrigger());

  v1::ShopSettings current;
  current.mutable_trigger()->add_status_ids(7);
  current.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_CLOSED);
  KeepCurrentTrigger(current, &*update);
  EXPECT_THAT(update->request.settings().trigger().status_ids(), ElementsAre(7));
  EXPECT_EQ(update->request.settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_NOT_REALISED);
}

TEST(ParseSettingsUpdateTest, KeepCurrentTriggerKeepsOnlyThePartsNotGiven) {
  absl::StatusOr<SettingsUpdate> update =
      Parse({"--shop", "3", "--trigger-status-ids", "5", "--trigger-status-type", "new"});
  ASSERT_TRUE(update.ok()) << update.status();
  v1::ShopSettings current;
  current.mutable_trigger()->add_status_ids(7);
  current.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_CLOSED);
  current.mutable_trigger()->set_parcel_dispatch(true);
  KeepCurrentTrigger(current, &*update);
  EXPECT_THAT(update->request.settings().trigger().status_ids(), ElementsAre(5));
  EXPECT_EQ(update->request.settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_NEW);
  EXPECT_TRUE(update->request.settings().trigger().parcel_dispatch());
}

TEST(ParseSettingsUpdateTest, ParcelDispatchKeepsTheCurrentStatuses) {
  absl::StatusOr<SettingsUpdate> update = Parse({"--shop", "3", "--trigger-parcel-dispatch", "on"});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_THAT(update->request.update_mask().paths(), ElementsAre("trigger"));
  ASSERT_TRUE(update->NeedsCurrentTrigger());
  v1::ShopSettings current;
  current.mutable_trigger()->add_status_ids(7);
  current.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_CLOSED);
  KeepCurrentTrigger(current, &*update);
  EXPECT_TRUE(update->request.settings().trigger().parcel_dispatch());
  EXPECT_THAT(update->request.settings().trigger().status_ids(), ElementsAre(7));
  EXPECT_EQ(update->request.settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_CLOSED);
}

TEST(ParseSettingsUpdateTest, AllThreePartsNeedNothingCurrent) {
  absl::StatusOr<SettingsUpdate> update =
      Parse({"--shop", "3", "--trigger-status-ids", "", "--trigger-status-type", "closed",
             "--trigger-parcel-dispatch", "off"});
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_FALSE(update->NeedsCurrentTrigger());
  EXPECT_FALSE(update->request.settings().trigger().parcel_dispatch());
}

TEST(ParseSettingsUpdateTest, BadValuesAreUsageErrorsNamingTheFlag) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--shop", "3", "--delay-days", "week"}, "--delay-days: not a number"},
      {{"--shop", "3", "--trigger-status-ids", "7,x"},
       "--trigger-status-ids: not a list of numbers"},
      {{"--shop", "3", "--trigger-status-type", "done"},
       "--trigger-status-type: want one of closed, new, in-progress, not-realised"},
      {{"--shop", "3", "--sending", "true"}, "--sending: want on or off"},
      {{"--shop", "3", "--trigger-parcel-dispatch", "yes"},
       "--trigger-parcel-dispatch: want on or off"},
      {{"--delay-days", "3"}, "--shop: missing"},
      {{"--shop", "x", "--delay-days", "3"}, "--shop: not a number"},
  };
  for (const auto& [args, message] : cases) {
    absl::StatusOr<SettingsUpdate> update = Parse(args);
    ASSERT_FALSE(update.ok()) << message;
    EXPECT_EQ(update.status().message(), message);
    EXPECT_TRUE(IsUsageError(update.status()));
  }
}

// An empty mask means "all fields" to the server: never send one.
TEST(ParseSettingsUpdateTest, NothingToChangeIsAUsageError) {
  absl::StatusOr<SettingsUpdate> update = Parse({"--shop", "3"});
  ASSERT_FALSE(update.ok());
  EXPECT_TRUE(IsUsageError(update.status()));
  EXPECT_THAT(std::string(update.status().message()), ::testing::StartsWith("nothing to change"));
}

}  // namespace
}  // namespace opinus::client::cli
