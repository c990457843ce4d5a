// Tests of RandomKeyGenerator (the key shape itself: webhook_checks_test).
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
    EXPECT_TRUE(IsWellFormedWebhookKey(key)) << key;
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

}  // namespace
}  // namespace opinus::server
