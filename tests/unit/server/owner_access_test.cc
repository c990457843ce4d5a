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
#include "server/rpc/invitation_service.h"
#include "server/rpc/opinion_service.h"
#include "server/rpc/order_event_service.h"
#include "server/rpc/shop_service.h"
#include "server/rpc/suppression_service.h"
#include "tests/support/in_memory_storage.h"
#include "tests/support/test_address_hasher.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/recording_account_mailer.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

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
        accounts_(&storage_, &hasher_, &tokens_, &mailer_, &clock_),
        shops_(&storage_, &keys_, &clock_),
        owners_(&accounts_, &shops_),
        recorder_(&storage_, &storage_, &clock_),
        invitations_(&storage_, &storage_, &storage_, &clock_),
        opinions_(&storage_, &storage_, &storage_, &clock_),
        suppressions_(&storage_, &storage_, &storage_, &::opinus::testing::TestAddressHasher(),
                      &clock_),
        account_service_(&accounts_, &owners_),
        shop_service_(&shops_, &owners_, &storage_, &clock_, /*authorizer=*/nullptr),
        event_service_(&recorder_, &owners_),
        invitation_service_(&invitations_, &owners_),
        opinion_service_(&opinions_, &owners_),
        suppression_service_(&suppressions_, &owners_) {}

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
  Argon2idPasswordHasher hasher_{kTestCost, 2};
  RandomTokenGenerator tokens_;
  RecordingAccountMailer mailer_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  AccountManager accounts_;
  ShopManager shops_;
  OwnerAccess owners_;
  OrderEventRecorder recorder_;
  InvitationManager invitations_;
  OpinionManager opinions_;
  SuppressionManager suppressions_;
  AccountServiceImpl account_service_;
  ShopServiceImpl shop_service_;
  OrderEventServiceImpl event_service_;
  InvitationServiceImpl invitation_service_;
  OpinionServiceImpl opinion_service_;
  SuppressionServiceImpl suppression_service_;
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
    v1::EndKeyRotationGraceRequest end_grace;
    end_grace.set_shop_id(id);
    EXPECT_EQ(
        shop_service_.EndKeyRotationGrace(AsOwner(b)->context(), &end_grace, &shop).error_code(),
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

TEST_F(OwnerAccessTest, AnOwnerReadsTheirShopsDashboardOnly) {
  v1::Session a = SignUp("a@example.com");
  v1::Session b = SignUp("b@example.com");
  v1::GetShopDashboardRequest request;
  request.set_shop_id(CreateShop(a, "Sklep A").id());

  v1::ShopDashboard dashboard;
  ASSERT_TRUE(shop_service_.GetShopDashboard(AsOwner(a)->context(), &request, &dashboard).ok());
  EXPECT_EQ(dashboard.compute_time().seconds(), absl::ToUnixSeconds(kStart));
  EXPECT_EQ(dashboard.webhooks_last_7_days(), 0);
  EXPECT_FALSE(dashboard.has_last_webhook_time());
  EXPECT_EQ(dashboard.response_rate(), 0);
  ASSERT_EQ(dashboard.weeks_size(), 12);
  EXPECT_EQ(dashboard.weeks(0).start_time().seconds(),
            absl::ToUnixSeconds(kStart - absl::Hours(12 * 7 * 24)));
  EXPECT_EQ(dashboard.weeks(11).start_time().seconds(),
            absl::ToUnixSeconds(kStart - absl::Hours(7 * 24)));

  EXPECT_EQ(
      shop_service_.GetShopDashboard(AsOwner(b)->context(), &request, &dashboard).error_code(),
      grpc::StatusCode::NOT_FOUND);
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

  // Ending the old key's grace is a change too.
  v1::EndKeyRotationGraceRequest end_grace;
  end_grace.set_shop_id(shop_id);
  EXPECT_EQ(
      shop_service_.EndKeyRotationGrace(AsOwner(a, /*csrf=*/false)->context(), &end_grace, &shop)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(shop.previous_webhook_key().empty());
  v1::Shop ended;
  EXPECT_TRUE(shop_service_.EndKeyRotationGrace(AsOwner(a)->context(), &end_grace, &ended).ok());
  EXPECT_TRUE(ended.previous_webhook_key().empty());
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

TEST_F(OwnerAccessTest, AnotherOwnersInvitationsEventsAndOpinionsAreNotFound) {
  v1::Session a = SignUp("a@example.com");
  v1::Session b = SignUp("b@example.com");
  const v1::Shop shop = CreateShop(a, "Sklep A");
  ASSERT_OK_AND_ASSIGN(
      EventRecord recorded,
      recorder_.Record(shop.webhook_key(), Realised("1001", "2026-03-01 10:00:00")));
  ASSERT_EQ(recorded.outcome, EventOutcome::kScheduled);
  const int64_t invitation_id = recorded.invitation_id;

  v1::ListInvitationsRequest list_invitations;
  list_invitations.set_shop_id(shop.id());
  v1::ListInvitationsResponse invitations;
  EXPECT_EQ(
      invitation_service_.ListInvitations(AsOwner(b)->context(), &list_invitations, &invitations)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  v1::GetInvitationRequest get;
  get.set_invitation_id(invitation_id);
  v1::Invitation invitation;
  EXPECT_EQ(
      invitation_service_.GetInvitation(AsOwner(b)->context(), &get, &invitation).error_code(),
      grpc::StatusCode::NOT_FOUND);
  v1::CancelInvitationRequest cancel;
  cancel.set_invitation_id(invitation_id);
  grpc::Status cancelled =
      invitation_service_.CancelInvitation(AsOwner(b)->context(), &cancel, &invitation);
  EXPECT_EQ(cancelled.error_code(), grpc::StatusCode::NOT_FOUND);
  // Word for word what a missing invitation gets.
  get.set_invitation_id(invitation_id + 100);
  EXPECT_EQ(
      invitation_service_.GetInvitation(AsOwner(a)->context(), &get, &invitation).error_message(),
      absl::StrCat("invitation ", invitation_id + 100, " not found"));
  EXPECT_EQ(cancelled.error_message(), absl::StrCat("invitation ", invitation_id, " not found"));
  v1::ResendInvitationRequest resend;
  resend.set_invitation_id(invitation_id);
  EXPECT_EQ(invitation_service_.ResendInvitation(AsOwner(b)->context(), &resend, &invitation)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_OK_AND_ASSIGN(Invitation untouched, storage_.GetInvitation(invitation_id));
  EXPECT_EQ(untouched.state, InvitationState::kScheduled);

  v1::ListOrderEventsRequest list_events;
  list_events.set_shop_id(shop.id());
  v1::ListOrderEventsResponse events;
  EXPECT_EQ(
      event_service_.ListOrderEvents(AsOwner(b)->context(), &list_events, &events).error_code(),
      grpc::StatusCode::NOT_FOUND);

  v1::ListOpinionsRequest list_opinions;
  list_opinions.set_shop_id(shop.id());
  v1::ListOpinionsResponse opinions;
  EXPECT_EQ(
      opinion_service_.ListOpinions(AsOwner(b)->context(), &list_opinions, &opinions).error_code(),
      grpc::StatusCode::NOT_FOUND);
  v1::GetRatingSummaryRequest summary_request;
  summary_request.set_shop_id(shop.id());
  v1::RatingSummary summary;
  EXPECT_EQ(opinion_service_.GetRatingSummary(AsOwner(b)->context(), &summary_request, &summary)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ReplyToOpinionRequest reply;
  reply.set_shop_id(shop.id());
  reply.set_opinion_id(1);
  reply.set_reply("Dziękujemy");
  v1::Opinion opinion;
  EXPECT_EQ(opinion_service_.ReplyToOpinion(AsOwner(b)->context(), &reply, &opinion).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // The owner reaches all of it, and cancels without an operator.
  EXPECT_TRUE(
      invitation_service_.ListInvitations(AsOwner(a)->context(), &list_invitations, &invitations)
          .ok());
  EXPECT_EQ(invitations.invitations_size(), 1);
  EXPECT_TRUE(event_service_.ListOrderEvents(AsOwner(a)->context(), &list_events, &events).ok());
  EXPECT_TRUE(opinion_service_.ListOpinions(AsOwner(a)->context(), &list_opinions, &opinions).ok());
  EXPECT_TRUE(
      opinion_service_.GetRatingSummary(AsOwner(a)->context(), &summary_request, &summary).ok());
  EXPECT_TRUE(
      invitation_service_.CancelInvitation(AsOwner(a)->context(), &cancel, &invitation).ok());
  EXPECT_EQ(invitation.state(), v1::INVITATION_STATE_CANCELLED);
  // The core knows the owner asked: the reason says so as data.
  EXPECT_EQ(invitation.structured_state_reason().code(), v1::INVITATION_REASON_CANCELLED_BY_OWNER);
  // Cancelled invitations may be resent, by the owner with the CSRF token only.
  EXPECT_EQ(invitation_service_
                .ResendInvitation(AsOwner(a, /*csrf=*/false)->context(), &resend, &invitation)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      invitation_service_.ResendInvitation(AsOwner(a)->context(), &resend, &invitation).ok());
  EXPECT_EQ(invitation.structured_state_reason().code(), v1::INVITATION_REASON_RESENT_BY_OWNER);
}

TEST_F(OwnerAccessTest, OwnersReadTheirOwnShopsSuppressionListsOnly) {
  v1::Session a = SignUp("a@example.com");
  v1::Session b = SignUp("b@example.com");
  const v1::Shop shop = CreateShop(a, "Sklep A");
  v1::ListSuppressionsRequest request;
  v1::ListSuppressionsResponse response;
  request.set_shop_id(shop.id());
  EXPECT_TRUE(
      suppression_service_.ListSuppressions(AsOwner(a)->context(), &request, &response).ok());
  EXPECT_EQ(suppression_service_.ListSuppressions(AsOwner(b)->context(), &request, &response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The list of all shops is nobody's.
  request.set_shop_id(Suppression::kAllShops);
  EXPECT_EQ(suppression_service_.ListSuppressions(AsOwner(a)->context(), &request, &response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  Call operator_call;
  EXPECT_TRUE(
      suppression_service_.ListSuppressions(operator_call.context(), &request, &response).ok());
}

}  // namespace
}  // namespace opinus::server::rpc
