#include "server/auth/token_file.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::server::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kGatewayToken[] = "gw-0123456789abcdef";
constexpr char kOperatorToken[] = "op-0123456789abcdef";

TEST(ParseTokenFileTest, ReadsRolesAndTokensSkippingCommentsAndBlankLines) {
  absl::StatusOr<std::vector<TokenEntry>> entries = ParseTokenFile(
      "# tokens of the dev setup\n"
      "\n"
      "gateway gw-0123456789abcdef\n"
      "  operator\top-0123456789abcdef  \r\n"
      "readonly   ro-0123456789abcdef");
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].role, Role::kGateway);
  EXPECT_EQ((*entries)[0].token, kGatewayToken);
  EXPECT_EQ((*entries)[1].role, Role::kOperator);
  EXPECT_EQ((*entries)[1].token, kOperatorToken);
  EXPECT_EQ((*entries)[2].role, Role::kReadonly);
  EXPECT_EQ((*entries)[2].token, "ro-0123456789abcdef");
}

// Each bad line is named by its number, and its content never shows up: the
// token could be anywhere on it.
TEST(ParseTokenFileTest, BadLinesAreNamedWithoutTheirContent) {
  struct Case {
    std::string content;
    std::string message;
    std::string secret;
  };
  const Case cases[] = {
      {"gateway gw-0123456789abcdef\nop-secret-0123456789\n", "line 2: want ROLE TOKEN",
       "op-secret"},
      {"# c\nop-secret-0123456789 operator\n", "line 2: unknown role", "op-secret"},
      {"admin op-secret-0123456789\n", "line 1: unknown role", "op-secret"},
      {"operator op-secret-0123456789 extra\n", "line 1: want ROLE TOKEN", "op-secret"},
      {"Operator op-secret-0123456789\n", "line 1: unknown role", "op-secret"},
      {"\n\n\noperator op-secret\n", "line 4: the token is shorter than 16", "op-secret"},
      {"operator op-secret-01234567\xC3\xA9\n", "line 1: the token holds characters", "op-secret"},
      {"operator op-secret-0123456789\ngateway op-secret-0123456789\n",
       "line 2: the same token as line 1", "op-secret"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.content);
    absl::StatusOr<std::vector<TokenEntry>> entries = ParseTokenFile(test.content);
    ASSERT_FALSE(entries.ok());
    EXPECT_EQ(entries.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(entries.status().message(), HasSubstr(test.message));
    EXPECT_THAT(entries.status().message(), Not(HasSubstr(test.secret)));
  }
}

TEST(ParseTokenFileTest, AFileWithoutTokensIsRefused) {
  for (const std::string content : {"", "\n", "# only a comment\n\n"}) {
    absl::StatusOr<std::vector<TokenEntry>> entries = ParseTokenFile(content);
    ASSERT_FALSE(entries.ok());
    EXPECT_EQ(entries.status().message(), "no tokens");
  }
}

TEST(ReadTokenFileTest, NamesTheFileItCannotRead) {
  absl::StatusOr<std::vector<TokenEntry>> entries = ReadTokenFile("/nonexistent/tokens");
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(entries.status().message(), HasSubstr("/nonexistent/tokens"));
}

TEST(RoleTest, ParsesItsOwnNamesOnly) {
  for (Role role : {Role::kReadonly, Role::kGateway, Role::kOperator}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(ParseRole("OPERATOR"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
}

}  // namespace
}  // namespace opinus::server::auth
