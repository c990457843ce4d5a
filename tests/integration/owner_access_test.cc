// Owners over real gRPC against a real opinus-server and MariaDB: the gateway
// signs owners up and acts for them with `x-opinus-owner`, and each owner
// reaches only their own shops.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/owner_metadata.h"
#include "gtest/gtest.h"
#include "opinus/v1/account.grpc.pb.h"
#include "opinus/v1/shop.grpc.pb.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {
namespace {

namespace v1 = ::opinus::v1;

constexpr char kPassword[] = "correct horse battery";

// Credential is what a call carries for an owner; both empty for none.
struct Credential {
  std::string owner;
  std::string csrf;
};

class OwnerAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("owners");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    absl::StatusOr<RunningService> server = StartCoreServer(
        database_->connect_string(), absl::StrCat(::testing::TempDir(), "/owner-access-server.log"),
        {"--dispatch=false"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server->process);
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->port),
                                       grpc::InsecureChannelCredentials());
    accounts_ = v1::AccountService::NewStub(channel);
    shops_ = v1::ShopService::NewStub(channel);
  }

  // Context is a call with the gateway's token (or `token`), acting for
  // `credential` when it has one.
  static std::unique_ptr<grpc::ClientContext> Context(const Credential& credential,
                                                      const std::string& token = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    context->AddMetadata(
        "authorization",
        absl::StrCat("Bearer ", token.empty() ? GetTestTokens().gateway_token : token));
    if (!credential.owner.empty()) context->AddMetadata(kOwnerCredentialKey, credential.owner);
    if (!credential.csrf.empty()) context->AddMetadata(kOwnerCsrfKey, credential.csrf);
    return context;
  }

  Credential SignUp(const std::string& email) {
    v1::SignUpRequest request;
    request.set_email(email);
    request.set_password(kPassword);
    request.set_client_address("127.0.0.1");
    v1::Session session;
    grpc::Status status = accounts_->SignUp(Context({}).get(), request, &session);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {session.session_token(), session.csrf_token()};
  }

  grpc::Status CreateShop(const Credential& owner, const std::string& name, v1::Shop* shop) {
    v1::CreateShopRequest request;
    request.set_name(name);
    request.set_domain("sklep.shoparena.pl");
    return shops_->CreateShop(Context(owner).get(), request, shop);
  }

  grpc::StatusCode GetShop(const Credential& owner, int64_t id) {
    v1::GetShopRequest request;
    request.set_shop_id(id);
    v1::Shop shop;
    return shops_->GetShop(Context(owner).get(), request, &shop).error_code();
  }

  grpc::StatusCode RotateKey(const Credential& owner, int64_t id) {
    v1::RotateShopKeyRequest request;
    request.set_shop_id(id);
    v1::Shop shop;
    return shops_->RotateShopKey(Context(owner).get(), request, &shop).error_code();
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::ShopService::Stub> shops_;
};

TEST_F(OwnerAccessTest, EachOwnerReachesOnlyTheirOwnShops) {
  const Credential a = SignUp("a@example.com");
  const Credential b = SignUp("b@example.com");
  v1::Shop shop_a;
  v1::Shop shop_b;
  ASSERT_TRUE(CreateShop(a, "Sklep A", &shop_a).ok());
  ASSERT_TRUE(CreateShop(b, "Sklep B", &shop_b).ok());
  EXPECT_EQ(shop_a.owner_email(), "a@example.com");

  EXPECT_EQ(GetShop(a, shop_a.id()), grpc::StatusCode::OK);
  EXPECT_EQ(GetShop(b, shop_a.id()), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetShop(b, shop_a.id() + shop_b.id() + 100), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(RotateKey(b, shop_a.id()), grpc::StatusCode::NOT_FOUND);

  v1::ListShopsRequest list;
  v1::ListShopsResponse listed;
  ASSERT_TRUE(shops_->ListShops(Context(b).get(), list, &listed).ok());
  ASSERT_EQ(listed.shops_size(), 1);
  EXPECT_EQ(listed.shops(0).id(), shop_b.id());
  // Listing every shop stays the operator's.
  EXPECT_EQ(shops_->ListShops(Context({}).get(), list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(shops_->ListShops(Context(a, GetTestTokens().readonly_token).get(), list, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      shops_->ListShops(Context({}, GetTestTokens().operator_token).get(), list, &listed).ok());
  EXPECT_EQ(listed.shops_size(), 2);
}

TEST_F(OwnerAccessTest, SessionChangesNeedTheCsrfTokenAccessTokensDoNot) {
  const Credential a = SignUp("a@example.com");
  v1::Shop shop;
  ASSERT_TRUE(CreateShop(a, "Sklep A", &shop).ok());
  EXPECT_EQ(RotateKey({a.owner, ""}, shop.id()), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RotateKey({a.owner, "wrong"}, shop.id()), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetShop({a.owner, ""}, shop.id()), grpc::StatusCode::OK);
  EXPECT_EQ(RotateKey(a, shop.id()), grpc::StatusCode::OK);

  v1::CreateAccessTokenRequest create;
  create.set_name("deploy script");
  v1::AccessTokenGrant grant;
  ASSERT_TRUE(accounts_->CreateAccessToken(Context(a).get(), create, &grant).ok());
  EXPECT_EQ(grant.secret().rfind("opat_", 0), 0u);
  EXPECT_EQ(RotateKey({grant.secret(), ""}, shop.id()), grpc::StatusCode::OK);

  v1::RevokeAccessTokenRequest revoke;
  revoke.set_token_id(grant.token().id());
  v1::RevokeAccessTokenResponse revoked;
  ASSERT_TRUE(accounts_->RevokeAccessToken(Context(a).get(), revoke, &revoked).ok());
  EXPECT_EQ(GetShop({grant.secret(), ""}, shop.id()), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(OwnerAccessTest, LogOutEndsTheSessionAndLogInOpensAnother) {
  const Credential a = SignUp("a@example.com");
  v1::GetCurrentOwnerRequest who;
  v1::CurrentOwner current;
  ASSERT_TRUE(accounts_->GetCurrentOwner(Context({a.owner, ""}).get(), who, &current).ok());
  EXPECT_EQ(current.owner().email(), "a@example.com");
  EXPECT_EQ(current.csrf_token(), a.csrf);

  v1::LogOutRequest logout;
  v1::LogOutResponse out;
  EXPECT_EQ(accounts_->LogOut(Context({a.owner, ""}).get(), logout, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(accounts_->LogOut(Context(a).get(), logout, &out).ok());
  EXPECT_EQ(accounts_->GetCurrentOwner(Context(a).get(), who, &current).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetShop(a, 1), grpc::StatusCode::UNAUTHENTICATED);

  v1::LogInRequest login;
  login.set_email("A@example.com");
  login.set_password("wrong password");
  login.set_client_address("127.0.0.1");
  v1::Session session;
  EXPECT_EQ(accounts_->LogIn(Context({}).get(), login, &session).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  login.set_password(kPassword);
  ASSERT_TRUE(accounts_->LogIn(Context({}).get(), login, &session).ok());
  EXPECT_NE(session.session_token(), a.owner);
  ASSERT_TRUE(
      accounts_->GetCurrentOwner(Context({session.session_token(), ""}).get(), who, &current).ok());
}

TEST_F(OwnerAccessTest, RepeatedFailedLogInsLockTheAccount) {
  SignUp("a@example.com");
  v1::LogInRequest login;
  login.set_email("a@example.com");
  login.set_password("wrong password");
  login.set_client_address("127.0.0.1");
  v1::Session session;
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(accounts_->LogIn(Context({}).get(), login, &session).error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << i;
  }
  login.set_password(kPassword);
  grpc::Status locked = accounts_->LogIn(Context({}).get(), login, &session);
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(locked.error_message().find("try again in"), std::string::npos)
      << locked.error_message();
}

}  // namespace
}  // namespace opinus::testing
