#include "common/request_id.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace opinus {
namespace {

TEST(RequestIdTest, ScopesNestAndEndWithTheirThread) {
  EXPECT_EQ(CurrentRequestId(), "");
  {
    ScopedRequestId outer("outer");
    EXPECT_EQ(CurrentRequestId(), "outer");
    {
      ScopedRequestId inner("inner");
      EXPECT_EQ(CurrentRequestId(), "inner");
      std::string seen_elsewhere = "unset";
      std::thread([&] { seen_elsewhere = std::string(CurrentRequestId()); }).join();
      EXPECT_EQ(seen_elsewhere, "");
    }
    EXPECT_EQ(CurrentRequestId(), "outer");
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

TEST(RequestIdTest, AcceptsOnlyShortPlainIds) {
  EXPECT_TRUE(IsValidRequestId("0123456789abcdef"));
  EXPECT_TRUE(IsValidRequestId("req_1-A"));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidRequestId("a b"));
  EXPECT_FALSE(IsValidRequestId("a\nlevel=error"));
}

}  // namespace
}  // namespace opinus
