#include "common/utf8.h"

#include <gtest/gtest.h>

namespace opinus {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII, NUL too: \0"));
  EXPECT_TRUE(IsValidUtf8("Zażółć gęślą jaźń"));
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBD"));      // U+FFFD
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8Test, RefusesWhatProtobufWouldRefuse) {
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\x80"));              // a lone continuation byte
  EXPECT_FALSE(IsValidUtf8("\xC5"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Utf8Test, ValidUtf8ReplacesEachBadSubpartOnce) {
  EXPECT_EQ(ValidUtf8("Łódź"), "Łódź");
  EXPECT_EQ(ValidUtf8("a\xFF"
                      "b"),
            "a\xEF\xBF\xBD"
            "b");
  // A truncated sequence is one subpart: one replacement, as browsers show it.
  EXPECT_EQ(ValidUtf8("\xF0\x9F\x98"
                      "x"),
            "\xEF\xBF\xBD"
            "x");
  // A surrogate's bytes are three subparts.
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(ValidUtf8("\xC0\xAF\xE0\x80\xF4\x90\xC5")));
}

}  // namespace
}  // namespace opinus
