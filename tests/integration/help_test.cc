// Both services' --help lists their own flags: every flag the README's table
// names for a binary appears in that binary's --help, with its default.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/integration/child_process.h"
#include "tests/support/files.h"

namespace opinus::testing {
namespace {

// ReadmeFlags returns the flags the README's table gives `binary`, as
// abseil spells them (underscores).
std::vector<std::string> ReadmeFlags(const std::string& binary) {
  std::vector<std::string> flags;
  for (absl::string_view line : absl::StrSplit(ReadFile(OPINUS_README), '\n')) {
    const std::vector<absl::string_view> cells = absl::StrSplit(line, '|');
    if (cells.size() < 4 || absl::StripAsciiWhitespace(cells[1]) != binary) continue;
    // "`--tls-cert`, `--tls-key`": each flag between backquotes.
    for (absl::string_view part : absl::StrSplit(cells[2], '`')) {
      if (absl::ConsumePrefix(&part, "--")) {
        flags.push_back(absl::StrReplaceAll(part, {{"-", "_"}}));
      }
    }
  }
  return flags;
}

class HelpTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HelpTest, HelpListsEveryFlagTheReadmeNames) {
  const std::vector<std::string> flags = ReadmeFlags(GetParam());
  ASSERT_GE(flags.size(), 10u) << "the README's table of " << GetParam() << " was not found";
  CommandResult help = RunCommand({BinaryPath(GetParam()), "--help"});
  const std::string text = help.out + help.err;
  EXPECT_FALSE(absl::StrContains(text, "No flags matched")) << text;
  EXPECT_TRUE(absl::StrContains(text, "--helpfull")) << text;
  for (const std::string& flag : flags) {
    EXPECT_TRUE(absl::StrContains(text, "--" + flag + " ")) << flag << " missing from\n" << text;
  }
}

INSTANTIATE_TEST_SUITE_P(Services, HelpTest, ::testing::Values("opinus-server", "opinus-gateway"),
                         [](const auto& info) {
                           return absl::StrReplaceAll(info.param, {{"-", "_"}});
                         });

}  // namespace
}  // namespace opinus::testing
