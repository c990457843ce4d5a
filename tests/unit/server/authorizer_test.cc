#include "server/auth/authorizer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/auth/method_policy.h"

namespace opinus::server::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kReadonly[] = "ro-0123456789abcdef";
constexpr char kGateway[] = "gw-0123456789abcdef";
constexpr char kOperator[] = "op-0123456789abcdef";
constexpr char kListShops[] = "/opinus.v1.ShopService/ListShops";
constexpr char kGetShop[] = "/opinus.v1.ShopService/GetShop";
constexpr char kUpdateSettings[] = "/opinus.v1.ShopService/UpdateShopSettings";
constexpr char kRecordEvent[] = "/opinus.v1.OrderEventService/RecordOrderEvent";

class AuthorizerTest : public ::testing::Test {
 protected:
  absl::Status Call(absl::string_view method, const std::string& token) {
    const std::string value = "Bearer " + token;
    return authorizer_.Authorize(method, {value});
  }

  Authorizer authorizer_{
      {{Role::kReadonly, kReadonly}, {Role::kGateway, kGateway}, {Role::kOperator, kOperator}}};
};

TEST_F(AuthorizerTest, NoOrMalformedAuthorizationIsUnauthenticated) {
  EXPECT_EQ(authorizer_.Authorize(kGetShop, {}).code(), absl::StatusCode::kUnauthenticated);
  for (const std::string value : {"", "Bearer", "Bearer ", "Basic b3A6cGFzcw==",
                                  "op-0123456789abcdef", "Bearer  op-0123456789abcdef"}) {
    SCOPED_TRACE(value);
    EXPECT_EQ(authorizer_.Authorize(kGetShop, {value}).code(), absl::StatusCode::kUnauthenticated);
  }
  const std::string value = "Bearer " + std::string(kOperator);
  EXPECT_EQ(authorizer_.Authorize(kGetShop, {value, value}).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(AuthorizerTest, UnknownTokenIsUnauthenticatedAndNotQuoted) {
  for (const std::string& token :
       {std::string("op-0123456789abcdeX"), std::string("op-0123456789abcde"), std::string("x"),
        std::string(kOperator) + "0"}) {
    absl::Status status = Call(kGetShop, token);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << token;
    EXPECT_THAT(status.message(), Not(HasSubstr(token)));
  }
}

TEST_F(AuthorizerTest, TheSchemeIsCaseInsensitive) {
  const std::string value = "bearer " + std::string(kOperator);
  EXPECT_TRUE(authorizer_.Authorize(kListShops, {value}).ok());
}

TEST_F(AuthorizerTest, ReadonlyOnlyReads) {
  EXPECT_TRUE(Call(kGetShop, kReadonly).ok());
  absl::Status update = Call(kUpdateSettings, kReadonly);
  EXPECT_EQ(update.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(update.message(),
            "role readonly may not call /opinus.v1.ShopService/UpdateShopSettings");
  EXPECT_EQ(Call(kRecordEvent, kReadonly).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Call(kListShops, kReadonly).code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthorizerTest, GatewayWritesButIsNoOperator) {
  EXPECT_TRUE(Call(kGetShop, kGateway).ok());
  EXPECT_TRUE(Call(kRecordEvent, kGateway).ok());
  EXPECT_TRUE(Call(kUpdateSettings, kGateway).ok());
  EXPECT_EQ(Call(kListShops, kGateway).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Call("/opinus.v1.InvitationService/ResendInvitation", kGateway).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthorizerTest, GatewayActingForAnOwnerMayListShopsAndResend) {
  const std::string gateway = "Bearer " + std::string(kGateway);
  const std::string readonly = "Bearer " + std::string(kReadonly);
  EXPECT_TRUE(authorizer_.Authorize(kListShops, {gateway}, /*acts_for_owner=*/true).ok());
  EXPECT_TRUE(authorizer_
                  .Authorize("/opinus.v1.InvitationService/ResendInvitation", {gateway},
                             /*acts_for_owner=*/true)
                  .ok());
  EXPECT_EQ(authorizer_.Authorize(kListShops, {readonly}, /*acts_for_owner=*/true).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(authorizer_
                .Authorize("/opinus.v1.OpinionService/HideOpinion", {gateway},
                           /*acts_for_owner=*/true)
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthorizerTest, OperatorMayCallEverything) {
  for (const auto& [method, access] : MethodAccessTable()) {
    EXPECT_TRUE(Call(method, kOperator).ok()) << method;
  }
  // Even a method the table does not know: gRPC then answers UNIMPLEMENTED.
  EXPECT_TRUE(Call("/opinus.v1.ShopService/NoSuchMethod", kOperator).ok());
  EXPECT_EQ(Call("/opinus.v1.ShopService/NoSuchMethod", kGateway).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthorizerTest, HealthAndReflectionNeedNoToken) {
  EXPECT_TRUE(authorizer_.Authorize("/grpc.health.v1.Health/Check", {}).ok());
  EXPECT_TRUE(
      authorizer_.Authorize("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", {})
          .ok());
  EXPECT_TRUE(Call("/grpc.health.v1.Health/Check", "wrong-token-0123456789").ok());
}

TEST_F(AuthorizerTest, RoleOfFindsEachToken) {
  EXPECT_EQ(authorizer_.RoleOf(kReadonly), Role::kReadonly);
  EXPECT_EQ(authorizer_.RoleOf(kGateway), Role::kGateway);
  EXPECT_EQ(authorizer_.RoleOf(kOperator), Role::kOperator);
  EXPECT_EQ(authorizer_.RoleOf(""), std::nullopt);
}

}  // namespace
}  // namespace opinus::server::auth
