// Tests that opinus::client::Client refuses metadata gRPC cannot carry with
// an error of its own: gRPC would abort the whole process instead of failing
// the call, so a test that reaches gRPC with such a value crashes.
#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/client.h"
#include "gtest/gtest.h"

namespace opinus::client {
namespace {

namespace v1 = ::opinus::v1;

// Nothing listens on port 1 of loopback: a call that leaves fails UNAVAILABLE.
Client Unreachable(std::string token = "") {
  return Client(grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()),
                absl::Seconds(2), std::move(token));
}

// EveryIllegalByte returns each byte gRPC refuses in a metadata value, with a
// space, which would split a token.
std::string EveryIllegalByte() {
  std::string bytes;
  for (int byte = 0; byte < 256; ++byte) {
    if (byte < 0x21 || byte > 0x7e) bytes.push_back(static_cast<char>(byte));
  }
  return bytes;
}

TEST(ClientMetadataTest, AnOwnerCredentialWithAnyIllegalByteFailsTheCallBeforeItLeaves) {
  Client client = Unreachable();
  for (char byte : EveryIllegalByte()) {
    const std::string bad = absl::StrCat("session", std::string(1, byte), "token");
    {
      const CallContext owner{"", OwnerCredential{bad, "csrf"}};
      const absl::Status status = client.LogOut(v1::LogOutRequest(), owner);
      EXPECT_TRUE(absl::IsInvalidArgument(status)) << int(byte) << ": " << status;
    }
    {
      const CallContext owner{"", OwnerCredential{"session", bad}};
      const absl::Status status = client.LogOut(v1::LogOutRequest(), owner);
      EXPECT_TRUE(absl::IsInvalidArgument(status)) << int(byte) << ": " << status;
    }
  }
}

TEST(ClientMetadataTest, ABearerTokenOrRequestIdWithAnIllegalByteFailsTheCall) {
  Client with_bad_token = Unreachable("token\x01");
  EXPECT_TRUE(absl::IsInvalidArgument(with_bad_token.LogOut(v1::LogOutRequest())));

  Client client = Unreachable();
  const CallContext id{"id\r\nx-injected: 1", std::nullopt};
  EXPECT_TRUE(absl::IsInvalidArgument(client.LogOut(v1::LogOutRequest(), id)));
}

TEST(ClientMetadataTest, WellFormedMetadataLeavesAndMeetsTheMissingServer) {
  Client client = Unreachable("token");
  const CallContext context{"0123456789abcdef", OwnerCredential{"session-token", "csrf-token"}};
  EXPECT_TRUE(absl::IsUnavailable(client.LogOut(v1::LogOutRequest(), context)));
}

}  // namespace
}  // namespace opinus::client
