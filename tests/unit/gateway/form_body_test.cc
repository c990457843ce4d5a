#include "gateway/http/form_body.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace opinus::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(FormBodyTest, DecodesPlusAndEscapes) {
  EXPECT_THAT(ParseFormBody("comment=Szybko%2C+polecam%21&rating=5"),
              ElementsAre(Pair("comment", "Szybko, polecam!"), Pair("rating", "5")));
}

TEST(FormBodyTest, KeepsTheFirstValueAndMalformedEscapes) {
  EXPECT_THAT(ParseFormBody("a=1&a=2&b=%zz%4&&c"),
              ElementsAre(Pair("a", "1"), Pair("b", "%zz%4"), Pair("c", "")));
}

TEST(FormBodyTest, DecodesUtf8Escapes) {
  EXPECT_THAT(ParseFormBody("name=Dzi%C4%99kuj%C4%99"), ElementsAre(Pair("name", "Dziękuję")));
}

// Found by form_body_fuzzer: an escape that decodes to bytes that are not
// UTF-8 made the core unable to parse the call (a proto3 string must be
// UTF-8), so a form with comment=%FF got a 500. Browsers decode forms so.
TEST(FormBodyTest, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  EXPECT_THAT(ParseFormBody("comment=a%FFb&%C5=x&raw=\xE9t\xE9"),
              ElementsAre(Pair("comment",
                               "a\xEF\xBF\xBD"
                               "b"),
                          Pair("raw", "\xEF\xBF\xBDt\xEF\xBF\xBD"), Pair("\xEF\xBF\xBD", "x")));
}

}  // namespace
}  // namespace opinus::gateway
