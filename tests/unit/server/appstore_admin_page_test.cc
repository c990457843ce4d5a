// Tests of the App Store admin page's query check: signed as the callbacks
// are (a vector made with Python's hmac), refused when any field changed,
// stale or without a licence.
#include "server/domain/appstore_admin_page.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/appstore.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;

constexpr char kSecret[] = "appstore-secret";
const absl::Time kSent = absl::FromUnixSeconds(1780000000);

// python3: hmac.new(b"appstore-secret",
// b"place=admin&shop=12345&timestamp=1780000000&translations=pl_PL",
// hashlib.sha512).hexdigest()
std::map<std::string, std::string> Query() {
  return {{"place", "admin"},
          {"shop", "12345"},
          {"timestamp", "1780000000"},
          {"translations", "pl_PL"},
          {"hash",
           "00895f93956a5028a299323bce978925044e26ae6db025bb9e3f5ce7b3e8437baaa8de398fbf4df6f6e"
           "8562e8c6c7bc31e53e0bf9a70b2c3dcae68a94d63ed9c"}};
}

absl::StatusOr<AdminPageRequest> Read(const std::map<std::string, std::string>& query,
                                      absl::Time now = kSent + absl::Minutes(1)) {
  return ReadAdminPageRequest(query, kSecret, now, absl::Minutes(10));
}

TEST(AdminPageRequestTest, AQuerySignedAsShoperSignsIsRead) {
  absl::StatusOr<AdminPageRequest> request = Read(Query());
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->licence, "12345");
  EXPECT_EQ(request->place, "admin");
  EXPECT_EQ(request->locale, "pl_PL");
  EXPECT_EQ(request->sent_time, kSent);
}

TEST(AdminPageRequestTest, AnyChangedOrAddedFieldOrAnotherSecretIsRefused) {
  for (const auto& [name, value] : Query()) {
    if (name == "hash") continue;
    std::map<std::string, std::string> changed = Query();
    changed[name] = value + "x";
    EXPECT_THAT(Read(changed), StatusIs(absl::StatusCode::kUnauthenticated)) << name;
  }
  std::map<std::string, std::string> added = Query();
  added["id"] = "7";
  EXPECT_THAT(Read(added), StatusIs(absl::StatusCode::kUnauthenticated));
  std::map<std::string, std::string> unsigned_query = Query();
  unsigned_query.erase("hash");
  EXPECT_THAT(Read(unsigned_query), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(ReadAdminPageRequest(Query(), "another-secret", kSent, absl::Minutes(10)),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(AdminPageRequestTest, AStaleQueryIsRefusedEitherWay) {
  EXPECT_THAT(Read(Query(), kSent + absl::Minutes(11)),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Read(Query(), kSent - absl::Minutes(11)),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(AdminPageRequestTest, AQueryWithoutALicenceIsNamed) {
  std::map<std::string, std::string> query = {{"place", "admin"}, {"timestamp", "1780000000"}};
  query["hash"] = AppStoreHash(query, kSecret);
  EXPECT_THAT(Read(query), StatusIs(absl::StatusCode::kInvalidArgument, "shop: missing"));
}

TEST(ClaimLinkStateTest, UsedThenOwnedThenExpired) {
  const absl::Time expires = kSent + kClaimLinkLifetime;
  EXPECT_EQ(ClaimLinkStateAt(std::nullopt, 0, expires, kSent), ClaimLinkState::kValid);
  EXPECT_EQ(ClaimLinkStateAt(std::nullopt, 0, expires, expires - absl::Seconds(1)),
            ClaimLinkState::kValid);
  EXPECT_EQ(ClaimLinkStateAt(std::nullopt, 0, expires, expires), ClaimLinkState::kExpired);
  EXPECT_EQ(ClaimLinkStateAt(std::nullopt, 7, expires, kSent), ClaimLinkState::kOwned);
  EXPECT_EQ(ClaimLinkStateAt(std::nullopt, 7, expires, expires), ClaimLinkState::kOwned);
  // Its owner may look at a used link again, expired or not.
  EXPECT_EQ(ClaimLinkStateAt(kSent, 7, expires, kSent), ClaimLinkState::kUsed);
  EXPECT_EQ(ClaimLinkStateAt(kSent, 7, expires, expires + absl::Hours(1)), ClaimLinkState::kUsed);
}

}  // namespace
}  // namespace opinus::server
