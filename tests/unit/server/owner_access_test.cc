// Tests of the services acting for owners (the `x-opinus-owner` metadata):
// the service implementations are called directly, over InMemoryStorage, with
// server contexts that carry the owner's credential.
#include "server/rpc/owner_access.h"

#include <grpcpp/test/server_context_test_spouse.h>

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "common/owner_metadata.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/token.h"
#include "server/rpc/account_service.h"
#include "server/rpc/shop_service.h"
#include "server/storage/memory/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server::rpc {
namespace {

namespace v1 = ::opinus::v1;
using ::testing::ElementsAre;

const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), absl::UTCTimeZone());
constexpr char kPassword[] = "correct horse battery";

// Call is a server context with the metadata a gateway call would carry.
class Call {
 public:
  Call() : spouse_(&context_) {}
  Call& With(const std::string& key, const std::string& value) {
    spouse_.AddClientMetadata(key, value);
    return *this;
  }
  grpc::ServerContext* context() { return &context_; }

 private:
  grpc::ServerContext context_;
  grpc::testing::ServerContextTestSpouse spouse_;
};

class OwnerAccessTest : public ::testing::Test {
 protected:
  OwnerAccessTest()
      : clock_(kStart),
        accounts_(&storage_, &hasher_, &tokens_, &clock_),
        shops_(&storage_, &keys_, &clock_),
        owners_(&accounts_, &shops_),
        account_service_(&accounts_, &owners_),
        shop_service_(&shops_, &owners_) {}

  v1::Session SignUp(const std::string& email) {
    Call call;
    v1::SignUpRequest request;
    request.set_email(email);
    request.set_password(kPassword);
    v1::Session session;
    EXPECT_TRUE(account_service_.SignUp(call.context(), &request, &session).ok());
    return session;
  }

  // AsOwner is a call acting for `session`, with its CSRF token when `csrf`.
  static std::unique_ptr<Call> AsOwner(const v1::Session& session, bool csrf = true) {
    auto call = std::make_unique<Call>();
    call->With(kOwnerCredentialKey, session.session_token());
    if (csrf) call->With(kOwnerCsrfKey, session.csrf_token());
    return call;
  }

  v1::Shop CreateShop(const v1::Session& session, const std::string& name) {
    v1::CreateShopRequest request;
    request.set_name(name);
    request.set_domain("sklep.shoparena.pl");
    v1::Shop shop;
    EXPECT_TRUE(shop_service_.CreateShop(AsOwner(session)->context(), &request, &shop).ok());
    return shop;
  }

  InMemoryStorage storage_;
  Argon2idPasswordHasher hasher_{kTestCost};
  RandomTokenGenerator tokens_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  AccountManager accounts_;
  ShopManager shops_;
  OwnerAccess owners_;
  AccountServiceImpl account_service_;
  ShopServiceImpl shop_service_;
};

TEST_F(OwnerAccessTest, CreateShopMakesTheOwnerItsOwner) {
  v1::Session a = SignUp("a@example.com");
  v1::Shop shop = CreateShop(a, "Sklep A");
  EXPECT_EQ(shop.owner_email(), "a@example.com");
  ASSERT_OK_AND_ASSIGN(Shop stored, storage_.GetShop(shop.id()));
  EXPECT_EQ(stored.owner_id, a.owner().id());
}

TEST_F(OwnerAccessTest, AnotherOwnersShopIsNotFound) {
  v1::Session a = SignUp("a@example.com");
  v1::Session b = SignUp("b@example.com");
  const int64_t shop_of_a = CreateShop(a, "Sklep A").id();
  const int64_t missing = shop_of_a + 100;

  for (int64_t id : {shop_of_a, missing}) {
    SCOPED_TRACE(id);
    v1::GetShopRequest get;
    get.set_shop_id(id);
    v1::Shop shop;
    EXPECT_EQ(shop_service_.GetShop(AsOwner(b)->context(), &get, &shop).error_code(),
              grpc::StatusCode::NOT_FOUND);
    v1::GetShopSettingsRequest get_settings;
    get_settings.set_shop_id(id);
    v1::ShopSettings settings;
    EXPECT_EQ(
        shop_service_.GetShopSettings(AsOwner(b)->context(), &get_settings, &settings).error_code(),
        grpc::StatusCode::NOT_FOUND);
    v1::RotateShopKeyRequest rotate;
    rotate.set_shop_id(id);
    EXPECT_EQ(shop_service_.RotateShopKey(AsOwner(b)->context(), &rotate, &shop).error_code(),
              grpc::StatusCode::NOT_FOUND);
    v1::UpdateShopSettingsRequest update;
    update.set_shop_id(id);
    update.mutable_settings()->set_invitation_delay_days(3);
    update.mutable_update_mask()->add_paths("invitation_delay_days");
    EXPECT_EQ(
        shop_service_.UpdateShopSettings(AsOwner(b)->context(), &update, &settings).error_code(),
        grpc::StatusCode::NOT_FOUND);
  }
  // Nothing of A's shop changed, and A still reaches it.
  ASSERT_OK_AND_ASSIGN(Shop stored, storage_.GetShop(shop_of_a));
  EXPECT_EQ(stored.webhook_key, SequenceKeyGenerator::KeyNumber(1));
  EXPECT_EQ(stored.settings.invitation_delay_days, 7);
  v1::GetShopRequest get;
  get.set_shop_id(shop_of_a);
  v1::Shop shop;
  EXPECT_TRUE(shop_service_.GetShop(AsOwner(a)->context(), &get, &shop).ok());
}

TEST_F(OwnerAccessTest, ListShopsListsTheOwnersShopsOnly) {
  v1::Session a = SignUp("a@example.com");
  v1::Session b = SignUp("b@example.com");
  CreateShop(a, "A1");
  CreateShop(b, "B1");
  CreateShop(a, "A2");
  v1::ListShopsRequest request;
  v1::ListShopsResponse response;
  ASSERT_TRUE(shop_service_.ListShops(AsOwner(a)->context(), &request, &response).ok());
  std::vector<std::string> names;
  for (const v1::Shop& shop : response.shops()) names.push_back(shop.name());
  EXPECT_THAT(names, ElementsAre("A1", "A2"));

  // Without an owner's credential (the operator's CLI) every shop is listed.
  Call operator_call;
  response.Clear();
  ASSERT_TRUE(shop_service_.ListShops(operator_call.context(), &request, &response).ok());
  EXPECT_EQ(response.shops_size(), 3);
}

TEST_F(OwnerAccessTest, ChangesWithASessionNeedItsCsrfToken) {
  v1::Session a = SignUp("a@example.com");
  v1::Session other = SignUp("other@example.com");
  const int64_t shop_id = CreateShop(a, "Sklep A").id();
  v1::RotateShopKeyRequest rotate;
  rotate.set_shop_id(shop_id);
  v1::Shop shop;
  EXPECT_EQ(shop_service_.RotateShopKey(AsOwner(a, /*csrf=*/false)->context(), &rotate, &shop)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  Call wrong;
  wrong.With(kOwnerCredentialKey, a.session_token()).With(kOwnerCsrfKey, other.csrf_token());
  EXPECT_EQ(shop_service_.RotateShopKey(wrong.context(), &rotate, &shop).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Reading needs none.
  v1::GetShopRequest get;
  get.set_shop_id(shop_id);
  EXPECT_TRUE(shop_service_.GetShop(AsOwner(a, /*csrf=*/false)->context(), &get, &shop).ok());
  EXPECT_TRUE(shop_service_.RotateShopKey(AsOwner(a)->context(), &rotate, &shop).ok());
}

TEST_F(OwnerAccessTest, UnknownCredentialIsUnauthenticated) {
  SignUp("a@example.com");
  Call call;
  call.With(kOwnerCredentialKey, "not-a-session-token-0123456789ab");
  v1::ListShopsRequest request;
  v1::ListShopsResponse response;
  EXPECT_EQ(shop_service_.ListShops(call.context(), &request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(OwnerAccessTest, GetCurrentOwnerGivesTheCsrfTokenWithoutAsking) {
  v1::Session a = SignUp("a@example.com");
  v1::GetCurrentOwnerRequest request;
  v1::CurrentOwner owner;
  ASSERT_TRUE(
      account_service_.GetCurrentOwner(AsOwner(a, /*csrf=*/false)->context(), &request, &owner)
          .ok());
  EXPECT_EQ(owner.owner().email(), "a@example.com");
  EXPECT_EQ(owner.csrf_token(), a.csrf_token());

  Call none;
  EXPECT_EQ(account_service_.GetCurrentOwner(none.context(), &request, &owner).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace opinus::server::rpc
