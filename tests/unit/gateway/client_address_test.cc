#include "gateway/http/client_address.h"

#include <gtest/gtest.h>

namespace opinus::gateway {
namespace {

TEST(ClientAddressTest, ThePeerWhenForwardedForIsNotTrusted) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", false), "127.0.0.1");
  EXPECT_EQ(ClientAddress("198.51.100.2", std::nullopt, false), "198.51.100.2");
}

TEST(ClientAddressTest, TheLastForwardedAddressFromALoopbackProxy) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", true), "203.0.113.7");
  // The client may send its own X-Forwarded-For; only the proxy's entry counts.
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.9.9.9, 203.0.113.7", true), "203.0.113.7");
  EXPECT_EQ(ClientAddress("::1", "2001:db8::5", true), "2001:db8::5");
}

TEST(ClientAddressTest, ANonLoopbackPeerIsNeverBelieved) {
  // Someone who reaches the gateway directly could name any address.
  EXPECT_EQ(ClientAddress("198.51.100.2", "203.0.113.7", true), "198.51.100.2");
}

TEST(ClientAddressTest, ThePeerWhenTheProxysEntryIsMissingOrNoAddress) {
  EXPECT_EQ(ClientAddress("127.0.0.1", std::nullopt, true), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "", true), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7, unknown", true), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7,", true), "127.0.0.1");
}

// One host commonly holds a whole IPv6 /64: its budgets are the /64's.
TEST(BudgetKeyTest, IPv6SharesItsSlash64AndIPv4StandsAlone) {
  EXPECT_EQ(BudgetKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(BudgetKey("2001:db8:1:2::1"), BudgetKey("2001:db8:1:2:ffff::9"));
  EXPECT_NE(BudgetKey("2001:db8:1:2::1"), BudgetKey("2001:db8:1:3::1"));
  EXPECT_EQ(BudgetKey("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(BudgetKey("not an address"), "not an address");
}

}  // namespace
}  // namespace opinus::gateway
