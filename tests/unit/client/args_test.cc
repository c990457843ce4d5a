// Tests of the `opinus` command-line parsing and flag value helpers.
#include "client/cli/args.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::client::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(ParseArgsTest, SplitsWordsAndFlagsInAnyPosition) {
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs({"--json", "shop", "--server", "h:1", "get", "--shop=42", "--timeout-ms", "10"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->words, ElementsAre("shop", "get"));
  EXPECT_THAT(parsed->flags, ElementsAre(Pair("json", ""), Pair("server", "h:1"),
                                         Pair("shop", "42"), Pair("timeout-ms", "10")));
  EXPECT_TRUE(parsed->Has("json"));
  ASSERT_NE(parsed->Get("shop"), nullptr);
  EXPECT_EQ(*parsed->Get("shop"), "42");
  EXPECT_EQ(parsed->Get("state"), nullptr);
}

TEST(ParseArgsTest, AcceptsEmptyValuesAndValuesWithEquals) {
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs({"settings", "set", "--trigger-status-ids", "", "--reason=a=b", "--time-zone="});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->flags, ElementsAre(Pair("trigger-status-ids", ""), Pair("reason", "a=b"),
                                         Pair("time-zone", "")));
}

TEST(ParseArgsTest, HelpSpellings) {
  for (const char* help : {"--help", "-h"}) {
    absl::StatusOr<ParsedArgs> parsed = ParseArgs({"shop", help, "get"});
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_TRUE(parsed->Has("help"));
    EXPECT_THAT(parsed->words, ElementsAre("shop", "get"));
  }
}

TEST(ParseArgsTest, WordsAfterDoubleDash) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"shop", "--", "--json"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->words, ElementsAre("shop", "--json"));
  EXPECT_TRUE(parsed->flags.empty());
}

// Each bad command line and the one error it gives.
TEST(ParseArgsTest, RejectsBadCommandLinesNamingTheFlag) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"shop", "get", "--shop"}, "--shop: missing value"},
      {{"invitations", "cancel", "--reason", "--json"}, "--reason: missing value"},
      {{"shop", "list", "--json=true"}, "--json: takes no value"},
      {{"shop", "get", "--shop", "1", "--shop=2"}, "--shop: given more than once"},
      {{"shop", "get", "-s", "1"}, "-s: unknown flag"},
      {{"shop", "get", "--=1"}, "--=1: not a flag"},
  };
  for (const auto& [args, message] : cases) {
    absl::StatusOr<ParsedArgs> parsed = ParseArgs(args);
    ASSERT_FALSE(parsed.ok()) << message;
    EXPECT_EQ(parsed.status().message(), message);
    EXPECT_TRUE(IsUsageError(parsed.status())) << message;
  }
}

TEST(ParseArgsIntoTest, KeepsWhatCameBeforeTheError) {
  ParsedArgs parsed;
  absl::Status status = ParseArgsInto({"shop", "--json", "get", "--shop"}, &parsed);
  EXPECT_EQ(status.message(), "--shop: missing value");
  EXPECT_THAT(parsed.words, ElementsAre("shop", "get"));
  EXPECT_THAT(parsed.flags, ElementsAre(Pair("json", "")));
}

TEST(UsageErrorTest, TellsUsageErrorsFromOtherInvalidArguments) {
  EXPECT_TRUE(IsUsageError(UsageError("--x: bad")));
  EXPECT_EQ(UsageError("--x: bad").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(IsUsageError(absl::InvalidArgumentError("time_zone: unknown")));
  EXPECT_FALSE(IsUsageError(absl::OkStatus()));
}

TEST(CheckFlagsTest, UnknownAndMissingFlags) {
  const std::vector<FlagSpec> allowed = {{"shop", "ID", true, ""}, {"state", "S", false, ""}};
  absl::StatusOr<ParsedArgs> ok = ParseArgs({"--shop", "1", "--state", "sent"});
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(CheckFlags(*ok, allowed).ok());

  absl::StatusOr<ParsedArgs> unknown = ParseArgs({"--shop", "1", "--colour", "red"});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(CheckFlags(*unknown, allowed).message(), "--colour: unknown flag");
  EXPECT_TRUE(IsUsageError(CheckFlags(*unknown, allowed)));

  absl::StatusOr<ParsedArgs> missing = ParseArgs({"--state", "sent"});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(CheckFlags(*missing, allowed).message(), "--shop: missing");
}

TEST(ParseIdTest, PositiveNumbersOnly) {
  EXPECT_EQ(ParseId("shop", "42").value(), 42);
  EXPECT_EQ(ParseId("shop", "abc").status().message(), "--shop: not a number");
  EXPECT_EQ(ParseId("shop", "4x").status().message(), "--shop: not a number");
  EXPECT_EQ(ParseId("shop", "").status().message(), "--shop: not a number");
  EXPECT_EQ(ParseId("shop", "99999999999999999999").status().message(), "--shop: not a number");
  EXPECT_EQ(ParseId("shop", "0").status().message(), "--shop: must be positive");
  EXPECT_EQ(ParseId("shop", "-3").status().message(), "--shop: must be positive");
}

TEST(ParseInt32Test, Numbers) {
  EXPECT_EQ(ParseInt32("delay-days", "7").value(), 7);
  EXPECT_EQ(ParseInt32("delay-days", "0").value(), 0);
  EXPECT_EQ(ParseInt32("delay-days", "-1").value(), -1);
  EXPECT_EQ(ParseInt32("delay-days", "seven").status().message(), "--delay-days: not a number");
  EXPECT_EQ(ParseInt32("delay-days", "3000000000").status().message(),
            "--delay-days: not a number");
  EXPECT_TRUE(IsUsageError(ParseInt32("delay-days", "1.5").status()));
}

TEST(ParseIdListTest, ListsAndTheEmptyList) {
  EXPECT_THAT(ParseIdList("trigger-status-ids", "7,12").value(), ElementsAre(7, 12));
  EXPECT_THAT(ParseIdList("trigger-status-ids", "7").value(), ElementsAre(7));
  EXPECT_THAT(ParseIdList("trigger-status-ids", " 7 , 12 ").value(), ElementsAre(7, 12));
  EXPECT_TRUE(ParseIdList("trigger-status-ids", "").value().empty());
  for (const char* bad : {"7,,12", "7,", "a,b", "7;12", "0", "-7"}) {
    EXPECT_EQ(ParseIdList("trigger-status-ids", bad).status().message(),
              "--trigger-status-ids: not a list of numbers")
        << bad;
  }
}

TEST(ParseOnOffTest, OnAndOffOnly) {
  EXPECT_TRUE(ParseOnOff("sending", "on").value());
  EXPECT_FALSE(ParseOnOff("sending", "off").value());
  EXPECT_EQ(ParseOnOff("sending", "yes").status().message(), "--sending: want on or off");
  EXPECT_EQ(ParseOnOff("sending", "").status().message(), "--sending: want on or off");
}

TEST(ParseChoiceTest, ListsTheChoices) {
  const std::vector<std::pair<std::string, int>> choices = {{"scheduled", 1}, {"sent", 3}};
  EXPECT_EQ(ParseChoice("state", "sent", choices).value(), 3);
  EXPECT_EQ(ParseChoice("state", "SENT", choices).status().message(),
            "--state: want one of scheduled, sent");
}

TEST(GetRequiredTest, MissingAndPresent) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"--shop", "5", "--name", "Kowalski"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(GetRequiredId(*parsed, "shop").value(), 5);
  EXPECT_EQ(GetRequiredValue(*parsed, "name").value(), "Kowalski");
  EXPECT_EQ(GetRequiredId(*parsed, "invitation").status().message(), "--invitation: missing");
  EXPECT_EQ(GetRequiredValue(*parsed, "domain").status().message(), "--domain: missing");
}

}  // namespace
}  // namespace opinus::client::cli
