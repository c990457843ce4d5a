#include "server/auth/security_flags.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::server::auth {
namespace {

using ::testing::HasSubstr;

TEST(IsLoopbackHostTest, LoopbackAddressesAndLocalhost) {
  for (const char* host : {"127.0.0.1", "127.255.0.9", "::1", "[::1]", "localhost", "LOCALHOST"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "", "::", "[::]", "10.0.0.1", "128.0.0.1", "example.com",
                           "localhost.example.com", "126.0.0.1", "::2"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

TEST(ListenHostTest, HostOfAnAddress) {
  EXPECT_EQ(ListenHost("127.0.0.1:50051"), "127.0.0.1");
  EXPECT_EQ(ListenHost("[::1]:50051"), "::1");
  EXPECT_EQ(ListenHost("localhost:0"), "localhost");
  EXPECT_EQ(ListenHost(":50051"), "");
  EXPECT_EQ(ListenHost("0.0.0.0:50051"), "0.0.0.0");
}

SecurityFlags Flags(const std::string& listen) {
  SecurityFlags flags;
  flags.listen = listen;
  return flags;
}

TEST(CheckSecurityFlagsTest, TokensOnLoopbackOrOverTls) {
  SecurityFlags flags = Flags("127.0.0.1:50051");
  flags.auth_tokens_file = "tokens";
  EXPECT_TRUE(CheckSecurityFlags(flags).ok());
  flags.listen = "0.0.0.0:50051";
  absl::Status clear = CheckSecurityFlags(flags);
  EXPECT_EQ(clear.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(clear.message(), HasSubstr("--tls-cert"));
  flags.tls_cert = "cert.pem";
  flags.tls_key = "key.pem";
  EXPECT_TRUE(CheckSecurityFlags(flags).ok());
}

TEST(CheckSecurityFlagsTest, NoAuthOnlyWhenAskedAndOnLoopback) {
  absl::Status missing = CheckSecurityFlags(Flags("127.0.0.1:50051"));
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(missing.message(), HasSubstr("--auth-tokens-file is required"));

  for (const char* listen : {"127.0.0.1:0", "[::1]:50051", "localhost:50051"}) {
    SecurityFlags flags = Flags(listen);
    flags.insecure_no_auth = true;
    EXPECT_TRUE(CheckSecurityFlags(flags).ok()) << listen;
  }
  for (const char* listen : {"0.0.0.0:50051", "[::]:50051", ":50051", "10.1.2.3:50051"}) {
    SecurityFlags flags = Flags(listen);
    flags.insecure_no_auth = true;
    flags.tls_cert = "cert.pem";
    flags.tls_key = "key.pem";
    absl::Status status = CheckSecurityFlags(flags);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << listen;
    EXPECT_THAT(status.message(), HasSubstr("only on a loopback address")) << listen;
  }
}

TEST(CheckSecurityFlagsTest, FlagsThatDoNotGoTogether) {
  SecurityFlags both = Flags("127.0.0.1:50051");
  both.insecure_no_auth = true;
  both.auth_tokens_file = "tokens";
  EXPECT_THAT(CheckSecurityFlags(both).message(), HasSubstr("exclude each other"));

  SecurityFlags half_tls = Flags("127.0.0.1:50051");
  half_tls.auth_tokens_file = "tokens";
  half_tls.tls_cert = "cert.pem";
  EXPECT_THAT(CheckSecurityFlags(half_tls).message(), HasSubstr("go together"));
}

}  // namespace
}  // namespace opinus::server::auth
