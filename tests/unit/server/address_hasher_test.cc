#include "server/domain/address_hasher.h"

#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kKey[] = "0123456789abcdef0123456789abcdef";

TEST(AddressHasherTest, IsHmacSha256OfTheNormalisedAddress) {
  const AddressHasher hasher = *AddressHasher::FromKey(kKey);
  // `printf jan@example.com |
  // openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef`.
  EXPECT_EQ(absl::BytesToHexString(hasher.Hash("jan@example.com")),
            "8cb6fd9e06c619f708f447a638fa607ac747299d2265b3cfb55fe16bd4f64036");
  EXPECT_EQ(hasher.Hash("  Jan@Example.COM "), hasher.Hash("jan@example.com"));
  EXPECT_NE(hasher.Hash("ewa@example.com"), hasher.Hash("jan@example.com"));
  EXPECT_EQ(hasher.Hash("jan@example.com").size(), 32u);
}

TEST(AddressHasherTest, AnotherKeyGivesAnotherHash) {
  const AddressHasher one = *AddressHasher::FromKey(kKey);
  const AddressHasher other = *AddressHasher::FromKey("another key, 32 bytes or longer!");
  EXPECT_NE(one.Hash("jan@example.com"), other.Hash("jan@example.com"));
}

TEST(AddressHasherTest, AShortKeyIsRefusedWithoutBeingQuoted) {
  const absl::StatusOr<AddressHasher> short_key = AddressHasher::FromKey("secret-but-short");
  EXPECT_THAT(short_key.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(short_key.status().message(), HasSubstr("shorter than 32 bytes"));
  EXPECT_THAT(short_key.status().message(), Not(HasSubstr("secret-but-short")));
}

TEST(AddressHasherTest, TheKeyFileIsReadWithoutItsSurroundingWhitespace) {
  const std::string path = ::testing::TempDir() + "/address_hasher_test.key";
  std::ofstream(path, std::ios::trunc) << "  " << kKey << "\n";
  const absl::StatusOr<AddressHasher> from_file = AddressHasher::FromKeyFile(path);
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->Hash("jan@example.com"),
            AddressHasher::FromKey(kKey)->Hash("jan@example.com"));

  std::ofstream(path, std::ios::trunc) << "short\n";
  const absl::StatusOr<AddressHasher> too_short = AddressHasher::FromKeyFile(path);
  EXPECT_THAT(too_short.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(too_short.status().message(), HasSubstr(path));
  EXPECT_THAT(AddressHasher::FromKeyFile(path + ".missing").status(),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace opinus::server
