#include "gateway/http/same_origin.h"

#include <gtest/gtest.h>

namespace opinus::gateway {
namespace {

TEST(SameOriginTest, NoOriginIsAllowed) {
  EXPECT_TRUE(IsSameOrigin("", "opinus.example", "https://opinus.example"));
}

TEST(SameOriginTest, OurOwnPagesAreAllowed) {
  EXPECT_TRUE(IsSameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080", ""));
  // Behind the TLS proxy the Host may be the gateway's own; the public URL counts.
  EXPECT_TRUE(IsSameOrigin("https://opinus.example", "127.0.0.1:8080", "https://opinus.example/"));
  // An origin without a port has its scheme's.
  EXPECT_TRUE(IsSameOrigin("https://Opinus.Example", "opinus.example:443", ""));
  EXPECT_TRUE(IsSameOrigin("http://localhost", "localhost:80", ""));
  EXPECT_TRUE(IsSameOrigin("http://[::1]:8080", "[::1]:8080", ""));
}

TEST(SameOriginTest, AnotherSiteIsRefused) {
  EXPECT_FALSE(
      IsSameOrigin("https://evil.example", "opinus.example:443", "https://opinus.example"));
  // Same host, another port: another origin.
  EXPECT_FALSE(IsSameOrigin("http://127.0.0.1:9999", "127.0.0.1:8080", ""));
  // A look-alike that only begins with our name.
  EXPECT_FALSE(IsSameOrigin("https://opinus.example.evil.test", "opinus.example:443",
                            "https://opinus.example"));
  EXPECT_FALSE(IsSameOrigin("http://localhost", "localhost:8080", ""));
}

TEST(SameOriginTest, NullAndOddOriginsAreRefused) {
  EXPECT_FALSE(IsSameOrigin("null", "opinus.example:443", "https://opinus.example"));
  EXPECT_FALSE(IsSameOrigin("ftp://opinus.example", "opinus.example:21", ""));
  EXPECT_FALSE(IsSameOrigin("http://opinus.example", "", ""));
}

}  // namespace
}  // namespace opinus::gateway
