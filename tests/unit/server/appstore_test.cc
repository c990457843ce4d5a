// Tests of the App Store's callbacks: the signature (a vector made with
// Python's hmac), every way a callback is refused before anything is
// recorded, and what installs and uninstalls leave.
#include "server/domain/appstore.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/appstore_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kSecret[] = "appstore-secret";
constexpr int64_t kSentAt = 1780000000;

std::map<std::string, std::string> Install() {
  return {{"action", "install"},
          {"shop", "12345"},
          {"shop_url", "https://sklep.example.pl"},
          {"application_code", "opinus"},
          {"application_version", "1"},
          {"auth_code", "abc123"},
          {"timestamp", std::to_string(kSentAt)}};
}

std::map<std::string, std::string> Signed(std::map<std::string, std::string> fields) {
  fields["hash"] = AppStoreHash(fields, kSecret);
  return fields;
}

// python3: hmac.new(b"appstore-secret", "action=install&application_code=opinus&
// application_version=1&auth_code=abc123&shop=12345&shop_url=https://sklep.example.pl&
// timestamp=1780000000".encode(), hashlib.sha512).hexdigest()
TEST(AppStoreHashTest, SignsTheOtherFieldsSortedByNameAsPythonsHmacDoes) {
  std::map<std::string, std::string> fields = Install();
  fields["hash"] = "anything: the hash itself is not signed";
  EXPECT_EQ(AppStoreHash(fields, kSecret),
            "29b2463d64d18b90df583916f13fdfa642571aeb9957c4195c29851b43dba28f9f8bc5f5825adf0a17e56"
            "44e3d0ef454ca39b94b9cb1b07f77b87490dc1d526f");
}

class AppStoreCallbackTest : public ::testing::Test {
 protected:
  absl::StatusOr<AppStoreCallback> Read(const std::map<std::string, std::string>& fields) {
    return ReadAppStoreCallback(fields, kSecret, now_, absl::Minutes(10));
  }
  absl::Time now_ = absl::FromUnixSeconds(kSentAt) + absl::Minutes(3);
};

TEST_F(AppStoreCallbackTest, ASignedInstallIsRead) {
  ASSERT_OK_AND_ASSIGN(const AppStoreCallback callback, Read(Signed(Install())));
  EXPECT_EQ(callback.action, AppStoreAction::kInstall);
  EXPECT_EQ(callback.licence, "12345");
  EXPECT_EQ(callback.shop_url, "https://sklep.example.pl");
  EXPECT_EQ(callback.auth_code, "abc123");
  EXPECT_EQ(callback.sent_time, absl::FromUnixSeconds(kSentAt));
}

TEST_F(AppStoreCallbackTest, AnUpperCaseHashIsTheSameHash) {
  std::map<std::string, std::string> fields = Signed(Install());
  for (char& c : fields["hash"]) c = static_cast<char>(std::toupper(c));
  EXPECT_THAT(Read(fields), IsOk());
}

TEST_F(AppStoreCallbackTest, EveryChangedByteOfTheHashIsRefused) {
  const std::map<std::string, std::string> good = Signed(Install());
  for (size_t i = 0; i < good.at("hash").size(); ++i) {
    std::map<std::string, std::string> fields = good;
    fields["hash"][i] = fields["hash"][i] == '0' ? '1' : '0';
    EXPECT_THAT(Read(fields), StatusIs(absl::StatusCode::kUnauthenticated)) << i;
  }
}

TEST_F(AppStoreCallbackTest, AnyChangedFieldBreaksTheHash) {
  const std::map<std::string, std::string> good = Signed(Install());
  for (const auto& [name, value] : good) {
    if (name == "hash") continue;
    std::map<std::string, std::string> fields = good;
    fields[name] += "x";
    EXPECT_THAT(Read(fields), StatusIs(absl::StatusCode::kUnauthenticated)) << name;
  }
  std::map<std::string, std::string> added = good;
  added["extra"] = "1";
  EXPECT_THAT(Read(added), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AppStoreCallbackTest, AMissingHashOrAnotherSecretIsRefused) {
  EXPECT_THAT(Read(Install()), StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("hash")));
  std::map<std::string, std::string> other = Install();
  other["hash"] = AppStoreHash(other, "another-secret");
  EXPECT_THAT(Read(other), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AppStoreCallbackTest, ATimestampMoreThanTheMaxAgeAwayIsRefused) {
  for (absl::Duration away : {absl::Minutes(10) + absl::Seconds(1), -absl::Minutes(11)}) {
    std::map<std::string, std::string> fields = Install();
    fields["timestamp"] = std::to_string(absl::ToUnixSeconds(now_ - away));
    EXPECT_THAT(Read(Signed(fields)),
                StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("timestamp")));
  }
  std::map<std::string, std::string> edge = Install();
  edge["timestamp"] = std::to_string(absl::ToUnixSeconds(now_ - absl::Minutes(10)));
  EXPECT_THAT(Read(Signed(edge)), IsOk());
}

TEST_F(AppStoreCallbackTest, AWrongOrMissingFieldIsNamed) {
  const struct {
    std::string field;
    std::string value;  // empty: removed
  } cases[] = {{"timestamp", "yesterday"},
               {"action", "steal"},
               {"action", ""},
               {"shop", ""},
               {"shop_url", ""},
               {"shop_url", "ftp://x"},
               {"auth_code", ""},
               {"shop", std::string(65, '1')}};
  for (const auto& bad : cases) {
    std::map<std::string, std::string> fields = Install();
    if (bad.value.empty()) {
      fields.erase(bad.field);
    } else {
      fields[bad.field] = bad.value;
    }
    EXPECT_THAT(Read(Signed(fields)),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(bad.field)))
        << bad.field << "=" << bad.value;
  }
}

TEST_F(AppStoreCallbackTest, AnUninstallNeedsNoAuthCodeAndABillingNoUrl) {
  std::map<std::string, std::string> uninstall = Install();
  uninstall["action"] = "uninstall";
  uninstall.erase("auth_code");
  EXPECT_THAT(Read(Signed(uninstall)), IsOk());
  const std::map<std::string, std::string> billing = {{"action", "billing_subscription"},
                                                      {"shop", "12345"},
                                                      {"subscription_end_time", "2027-01-01"},
                                                      {"timestamp", std::to_string(kSentAt)}};
  ASSERT_OK_AND_ASSIGN(const AppStoreCallback callback, Read(Signed(billing)));
  EXPECT_EQ(callback.subscription_end, "2027-01-01");
}

class AppStoreManagerTest : public ::testing::Test {
 protected:
  absl::StatusOr<AppInstallation> Handle(const std::string& action) {
    std::map<std::string, std::string> fields = Install();
    fields["action"] = action;
    fields["timestamp"] = std::to_string(absl::ToUnixSeconds(clock_.Now()));
    return manager_.HandleCallback(Signed(fields));
  }
  InMemoryStorage storage_;
  FakeClock clock_{absl::FromUnixSeconds(kSentAt)};
  SequenceKeyGenerator keys_;
  AppStoreManager manager_{&storage_, &keys_, &clock_, {kSecret, absl::Minutes(10)}};
};

TEST_F(AppStoreManagerTest, InstallUninstallAndInstallAgainKeepOneInstallation) {
  ASSERT_OK_AND_ASSIGN(const AppInstallation installed, Handle("install"));
  EXPECT_TRUE(installed.installed);
  EXPECT_EQ(installed.install_time, clock_.Now());
  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(const AppInstallation again, Handle("install"));
  EXPECT_EQ(again.id, installed.id);
  EXPECT_EQ(again.install_time, installed.install_time) << "a repeated install changes nothing";
  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(const AppInstallation removed, Handle("uninstall"));
  EXPECT_FALSE(removed.installed);
  EXPECT_EQ(removed.uninstall_time, clock_.Now());
  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(const AppInstallation back, Handle("install"));
  EXPECT_TRUE(back.installed);
  EXPECT_EQ(back.install_time, clock_.Now());
  EXPECT_FALSE(back.uninstall_time.has_value());
  EXPECT_EQ(back.callbacks, 4);
  ASSERT_OK_AND_ASSIGN(const std::vector<AppInstallation> all, manager_.ListInstallations());
  EXPECT_EQ(all.size(), 1u);
}

TEST_F(AppStoreManagerTest, WithoutASecretEveryCallbackIsRefused) {
  AppStoreManager unconnected(&storage_, &keys_, &clock_, {"", absl::Minutes(10)});
  std::map<std::string, std::string> fields = Install();
  fields["hash"] = AppStoreHash(fields, "");
  EXPECT_THAT(unconnected.HandleCallback(fields), StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(const std::vector<AppInstallation> all, manager_.ListInstallations());
  EXPECT_TRUE(all.empty());
}

}  // namespace
}  // namespace opinus::server
