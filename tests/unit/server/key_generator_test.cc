// Tests of webhook keys: RandomKeyGenerator and IsWellFormedKey.
#include "server/domain/key_generator.h"

#include <map>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"

namespace opinus::server {
namespace {

TEST(RandomKeyGeneratorTest, MakesTwentyLettersAndDigits) {
  RandomKeyGenerator keys;
  for (int i = 0; i < 100; ++i) {
    const std::string key = keys.NewKey();
    ASSERT_EQ(key.size(), 20u) << key;
    for (char c : key) {
      ASSERT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(c))) << key;
    }
    EXPECT_TRUE(IsWellFormedKey(key)) << key;
  }
}

TEST(RandomKeyGeneratorTest, NeverRepeatsAKeyInAThousand) {
  RandomKeyGenerator keys;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(keys.NewKey());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomKeyGeneratorTest, SpreadsOverAllSixtyTwoCharacters) {
  RandomKeyGenerator keys;
  std::map<char, int> counts;
  for (int i = 0; i < 1000; ++i) {
    for (char c : keys.NewKey()) ++counts[c];
  }
  // 20000 characters over 62: about 323 each, standard deviation about 18.
  // The bounds are more than 6 deviations away, so a fair generator passes;
  // one that skips letters, digits or a case, or favours some, does not.
  EXPECT_EQ(counts.size(), 62u);
  for (const auto& [c, count] : counts) {
    EXPECT_GT(count, 200) << "'" << c << "'";
    EXPECT_LT(count, 450) << "'" << c << "'";
  }
}

TEST(IsWellFormedKeyTest, AcceptsOnlyTwentyAsciiLettersAndDigits) {
  EXPECT_TRUE(IsWellFormedKey("abcDEF0123456789wxYZ"));
  EXPECT_FALSE(IsWellFormedKey(""));
  EXPECT_FALSE(IsWellFormedKey("abcDEF0123456789wxY"));
  EXPECT_FALSE(IsWellFormedKey("abcDEF0123456789wxYZ0"));
  EXPECT_FALSE(IsWellFormedKey("abcDEF0123456789wx-Z"));
  EXPECT_FALSE(IsWellFormedKey("abcDEF0123456789wx Z"));
  EXPECT_FALSE(IsWellFormedKey("abcDEF0123456789wx\nZ"));
  EXPECT_FALSE(IsWellFormedKey("abcDEF0123456789wżZ"));  // 'ż' is two bytes
}

}  // namespace
}  // namespace opinus::server
