// The App Store's flags as operators spell them: the app's id and secret from
// a flag, the environment (OPINUS_SHOPER_APP_SECRET) or a file; a flag and
// its file together refused at start; and an http:// shop URL connected only
// with --shoper_insecure_http.
#include <stdlib.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/integration/appstore_fixture.h"
#include "tests/integration/child_process.h"

namespace opinus::testing {
namespace {

class AppStoreFlagsTest : public AppStoreConnectTest {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<FakeShoperServer>> shoper =
        FakeShoperServer::Start(kClientId, kClientSecret);
    ASSERT_TRUE(shoper.ok()) << shoper.status();
    shoper_ = *std::move(shoper);
  }
  void TearDown() override { unsetenv("OPINUS_SHOPER_APP_SECRET"); }
};

TEST_F(AppStoreFlagsTest, TheAppSecretMayComeFromTheEnvironment) {
  setenv("OPINUS_SHOPER_APP_SECRET", kClientSecret, 1);
  Start({absl::StrCat("--shoper_app_id=", kClientId), "--shoper_insecure_http",
         absl::StrCat("--public_url=", kPublicUrl), "--appstore_connect_retry=1s"});
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
  ExpectNoSecretInLogs({kClientSecret, kAuthCode});
}

TEST_F(AppStoreFlagsTest, WithoutInsecureHttpAnHttpShopIsNotCalled) {
  Start({absl::StrCat("--shoper_app_id=", kClientId),
         absl::StrCat("--shoper_app_secret=", kClientSecret),
         absl::StrCat("--public_url=", kPublicUrl), "--appstore_connect_retry=1s"});
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] {
    return database_->QueryInt(
               "SELECT COUNT(*) FROM app_installations WHERE connect_state = 'pending' AND "
               "connect_error LIKE '%--shoper_insecure_http%'") == 1;
  })) << server_->Log();
  EXPECT_TRUE(shoper_->calls().empty());
}

TEST_F(AppStoreFlagsTest, AFlagAndItsFileTogetherStopTheServer) {
  const std::string file = absl::StrCat(::testing::TempDir(), "/flags-", getpid(), "-app-secret");
  std::ofstream(file) << kClientSecret << "\n";
  const CommandResult result =
      RunCommand({BinaryPath("opinus-server"), "--db=mysql://host=127.0.0.1 port=1 db=none",
                  "--insecure_no_auth", "--shoper_appstore_secret=s3cret-appstore",
                  absl::StrCat("--shoper_app_id=", kClientId),
                  absl::StrCat("--shoper_app_secret=", kClientSecret),
                  absl::StrCat("--shoper_app_secret_file=", file)});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(result.out + result.err,
                                "--shoper_app_secret and --shoper_app_secret_file: give one of "
                                "the two"))
      << result.out << result.err;
}

}  // namespace
}  // namespace opinus::testing
