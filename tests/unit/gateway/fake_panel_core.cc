#include "tests/unit/gateway/fake_panel_core.h"

#include <atomic>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/field_violation.h"
#include "common/grpc_status.h"
#include "common/owner_metadata.h"

namespace opinus::gateway::testing {
namespace {

namespace v1 = ::opinus::v1;

std::string Metadata(const grpc::ServerContext& context, const char* key) {
  auto it = context.client_metadata().find(key);
  return it == context.client_metadata().end() ? std::string()
                                               : std::string(it->second.data(), it->second.size());
}

// Check answers what the core answers for the owner metadata of `context`:
// OK for the known session (with its CSRF token when `changes`) or access
// token, UNAUTHENTICATED or PERMISSION_DENIED otherwise.
grpc::Status Check(FakePanelCore* core, const grpc::ServerContext& context, std::string method,
                   bool changes) {
  RecordedCall call{std::move(method), Metadata(context, kOwnerCredentialKey),
                    Metadata(context, kOwnerCsrfKey)};
  const std::string owner = call.owner;
  const std::string csrf = call.csrf;
  core->Record(std::move(call));
  if (owner == kFakeAccessToken) return grpc::Status::OK;
  if (owner != kFakeSession) return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no session");
  if (changes && csrf != kFakeCsrf) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "csrf token missing");
  }
  return grpc::Status::OK;
}

// TheShop returns the owner's shop: during its key's grace, with its previous key.
v1::Shop TheShop(bool in_grace) {
  v1::Shop shop;
  shop.set_id(kFakeShopId);
  shop.set_name(kFakeShopName);
  shop.set_domain("sklep123456.shoparena.pl");
  shop.set_webhook_key(kFakeKey);
  if (in_grace) {
    shop.set_previous_webhook_key(kFakePreviousKey);
    // Far ahead, so that some time is left whenever the test runs.
    shop.mutable_previous_webhook_key_expire_time()->set_seconds(4102444800);
  }
  shop.mutable_settings()->set_invitation_delay_days(7);
  shop.mutable_settings()->set_sending_enabled(true);
  shop.mutable_settings()->set_language("pl");
  shop.mutable_settings()->mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_CLOSED);
  return shop;
}

grpc::Status NotFound() { return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such shop"); }

}  // namespace

class FakePanelCore::Accounts final : public v1::AccountService::Service {
 public:
  explicit Accounts(FakePanelCore* core) : core_(core) {}

  grpc::Status SignUp(grpc::ServerContext*, const v1::SignUpRequest* request,
                      v1::Session* session) override {
    core_->Record({"SignUp", "", ""});
    if (request->password().size() < 10) {
      return ToGrpcStatus(InvalidFieldError("password", "10 to 128 characters"));
    }
    if (request->email() == "taken@example.com") {
      return grpc::Status(grpc::StatusCode::ALREADY_EXISTS, "email: has an account");
    }
    session->set_session_token(kFakeSession);
    session->set_csrf_token(kFakeCsrf);
    // 2100-01-01: far enough that Max-Age is positive whenever the test runs.
    session->mutable_expire_time()->set_seconds(4102444800);
    session->mutable_owner()->set_id(1);
    session->mutable_owner()->set_email(request->email());
    session->set_confirmation_mailed(request->email() != "unmailable@example.com");
    return grpc::Status::OK;
  }

  grpc::Status LogIn(grpc::ServerContext*, const v1::LogInRequest* request,
                     v1::Session* session) override {
    core_->Record({"LogIn", "", ""});
    if (request->client_address().empty()) {
      return ToGrpcStatus(InvalidFieldError("client_address", "missing"));
    }
    if (request->password() == "rate-limited") {
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          "too many failed attempts, try again in 42 s");
    }
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "wrong e-mail or password");
  }

  grpc::Status GetCurrentOwner(grpc::ServerContext* context, const v1::GetCurrentOwnerRequest*,
                               v1::CurrentOwner* current) override {
    grpc::Status status = Check(core_, *context, "GetCurrentOwner", false);
    if (!status.ok()) return status;
    current->mutable_owner()->set_email("owner@example.com");
    current->set_csrf_token(kFakeCsrf);
    return grpc::Status::OK;
  }

 private:
  FakePanelCore* core_;
};

class FakePanelCore::Shops final : public v1::ShopService::Service {
 public:
  explicit Shops(FakePanelCore* core) : core_(core) {}

  grpc::Status ListShops(grpc::ServerContext* context, const v1::ListShopsRequest*,
                         v1::ListShopsResponse* response) override {
    grpc::Status status = Check(core_, *context, "ListShops", false);
    if (!status.ok()) return status;
    *response->add_shops() = TheShop(in_grace_);
    return grpc::Status::OK;
  }

  grpc::Status GetShopDashboard(grpc::ServerContext* context,
                                const v1::GetShopDashboardRequest* request,
                                v1::ShopDashboard* dashboard) override {
    grpc::Status status = Check(core_, *context, "GetShopDashboard", false);
    if (!status.ok()) return status;
    if (request->shop_id() != kFakeShopId) return NotFound();
    dashboard->mutable_compute_time()->set_seconds(1715418725);
    dashboard->mutable_last_webhook_time()->set_seconds(1715418725);
    dashboard->set_webhooks_last_7_days(1);
    return grpc::Status::OK;
  }

  grpc::Status GetShop(grpc::ServerContext* context, const v1::GetShopRequest* request,
                       v1::Shop* shop) override {
    grpc::Status status = Check(core_, *context, "GetShop", false);
    if (!status.ok()) return status;
    if (request->shop_id() != kFakeShopId) return NotFound();
    *shop = TheShop(in_grace_);
    return grpc::Status::OK;
  }

  grpc::Status EndKeyRotationGrace(grpc::ServerContext* context,
                                   const v1::EndKeyRotationGraceRequest* request,
                                   v1::Shop* shop) override {
    grpc::Status status = Check(core_, *context, "EndKeyRotationGrace", true);
    if (!status.ok()) return status;
    if (request->shop_id() != kFakeShopId) return NotFound();
    in_grace_ = false;
    *shop = TheShop(in_grace_);
    return grpc::Status::OK;
  }

  grpc::Status UpdateShopSettings(grpc::ServerContext* context,
                                  const v1::UpdateShopSettingsRequest* request,
                                  v1::ShopSettings* settings) override {
    grpc::Status status = Check(core_, *context, "UpdateShopSettings", true);
    if (!status.ok()) return status;
    if (request->shop_id() != kFakeShopId) return NotFound();
    if (request->settings().invitation_delay_days() > 90) {
      return ToGrpcStatus(InvalidFieldError("invitation_delay_days", "0 to 90 days"));
    }
    *settings = request->settings();
    return grpc::Status::OK;
  }

 private:
  FakePanelCore* core_;
  std::atomic<bool> in_grace_{true};
};

class FakePanelCore::Events final : public v1::OrderEventService::Service {
 public:
  explicit Events(FakePanelCore* core) : core_(core) {}

  grpc::Status ListOrderEvents(grpc::ServerContext* context,
                               const v1::ListOrderEventsRequest* request,
                               v1::ListOrderEventsResponse* response) override {
    grpc::Status status = Check(core_, *context, "ListOrderEvents", false);
    if (!status.ok()) return status;
    if (request->shop_id() != kFakeShopId) return NotFound();
    v1::OrderEventRecord* event = response->add_events();
    event->set_event_name("order.status");
    event->set_order_id("<b>1043</b>");
    event->set_outcome(v1::ORDER_EVENT_OUTCOME_IGNORED);
    event->set_reason("status 2 <not a trigger>");
    event->mutable_structured_reason()->set_code(v1::ORDER_EVENT_REASON_NOT_A_TRIGGER_STATUS);
    event->mutable_structured_reason()->set_status_id(2);
    event->set_key_used(v1::WEBHOOK_KEY_USED_PREVIOUS);
    return grpc::Status::OK;
  }

 private:
  FakePanelCore* core_;
};

// The shop's invitations: one cancelled by its owner, one whose address asked
// not to be mailed, one the mail server refused; each with the core's English
// words beside its reason as data.
class FakePanelCore::Invitations final : public v1::InvitationService::Service {
 public:
  explicit Invitations(FakePanelCore* core) : core_(core) {}

  grpc::Status ListInvitations(grpc::ServerContext* context,
                               const v1::ListInvitationsRequest* request,
                               v1::ListInvitationsResponse* response) override {
    grpc::Status status = Check(core_, *context, "ListInvitations", false);
    if (!status.ok()) return status;
    if (request->shop_id() != kFakeShopId) return NotFound();
    auto add = [response](v1::InvitationState state, const char* english,
                          v1::InvitationReasonCode code) {
      v1::Invitation* invitation = response->add_invitations();
      invitation->set_id(response->invitations_size());
      invitation->set_shop_id(kFakeShopId);
      invitation->set_order_id(absl::StrCat(1000 + response->invitations_size()));
      invitation->set_state(state);
      invitation->set_state_reason(english);
      invitation->mutable_structured_state_reason()->set_code(code);
      return invitation->mutable_structured_state_reason();
    };
    add(v1::INVITATION_STATE_CANCELLED, kFakeCancelledReason,
        v1::INVITATION_REASON_CANCELLED_BY_OWNER);
    v1::InvitationReason* suppressed = add(v1::INVITATION_STATE_SUPPRESSED, kFakeSuppressedReason,
                                           v1::INVITATION_REASON_ADDRESS_SUPPRESSED);
    suppressed->set_source("one-click");
    suppressed->mutable_time()->set_seconds(1715757125);  // 2024-05-15 07:12:05 UTC
    add(v1::INVITATION_STATE_FAILED, kFakeFailedReason, v1::INVITATION_REASON_REFUSED)
        ->set_detail(kFakeServerAnswer);
    return grpc::Status::OK;
  }

 private:
  FakePanelCore* core_;
};

FakePanelCore::FakePanelCore()
    : accounts_(std::make_unique<Accounts>(this)),
      shops_(std::make_unique<Shops>(this)),
      events_(std::make_unique<Events>(this)),
      invitations_(std::make_unique<Invitations>(this)) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(accounts_.get());
  builder.RegisterService(shops_.get());
  builder.RegisterService(events_.get());
  builder.RegisterService(invitations_.get());
  server_ = builder.BuildAndStart();
}

FakePanelCore::~FakePanelCore() {
  if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
}

std::string FakePanelCore::target() const { return absl::StrCat("127.0.0.1:", port_); }

std::vector<RecordedCall> FakePanelCore::Calls() const {
  absl::MutexLock lock(&mutex_);
  return calls_;
}

void FakePanelCore::Record(RecordedCall call) {
  absl::MutexLock lock(&mutex_);
  calls_.push_back(std::move(call));
}

}  // namespace opinus::gateway::testing
