// Tests of the whole `opinus` CLI against in-process fakes of the core's gRPC
// services (no network): every command reaches its RPC with the right request,
// prints the answer, and exits with the right code.
#include "client/cli/run.h"

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/commands.h"
#include "client/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::client::cli {
namespace {

namespace v1 = ::opinus::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr int64_t kShopId = 3;
// 2100-01-01 00:00:00 UTC.
constexpr int64_t kFarFuture = 4102444800;

grpc::Status NotFound(absl::string_view what, int64_t id) {
  return grpc::Status(grpc::StatusCode::NOT_FOUND, absl::StrCat(what, " ", id, " not found"));
}

// FakeShopService knows shops 1, 2 and 3, lists them two to a page, and
// records what it is asked.
class FakeShopService final : public v1::ShopService::Service {
 public:
  FakeShopService() {
    settings_.set_invitation_delay_days(7);
    settings_.mutable_trigger()->add_status_ids(99);
    settings_.mutable_trigger()->set_status_type(v1::ORDER_STATUS_TYPE_NEW);
    settings_.set_time_zone("Europe/Warsaw");
    settings_.set_sending_enabled(true);
  }

  grpc::Status CreateShop(grpc::ServerContext*, const v1::CreateShopRequest* request,
                          v1::Shop* shop) override {
    create_ = *request;
    *shop = MakeShop(kShopId);
    shop->set_name(request->name());
    return grpc::Status::OK;
  }
  grpc::Status GetShop(grpc::ServerContext* context, const v1::GetShopRequest* request,
                       v1::Shop* shop) override {
    const auto authorization = context->client_metadata().find("authorization");
    authorization_ = authorization == context->client_metadata().end()
                         ? ""
                         : std::string(authorization->second.data(), authorization->second.size());
    if (request->shop_id() < 1 || request->shop_id() > 3)
      return NotFound("shop", request->shop_id());
    *shop = MakeShop(request->shop_id());
    return grpc::Status::OK;
  }
  grpc::Status ListShops(grpc::ServerContext*, const v1::ListShopsRequest* request,
                         v1::ListShopsResponse* response) override {
    list_page_sizes_.push_back(request->page_size());
    if (request->page_token().empty()) {
      *response->add_shops() = MakeShop(1);
      *response->add_shops() = MakeShop(2);
      response->set_next_page_token("after-2");
    } else if (request->page_token() == "after-2") {
      *response->add_shops() = MakeShop(3);
    } else {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page_token: unknown");
    }
    return grpc::Status::OK;
  }
  grpc::Status RotateShopKey(grpc::ServerContext*, const v1::RotateShopKeyRequest* request,
                             v1::Shop* shop) override {
    *shop = MakeShop(request->shop_id());
    shop->set_webhook_key("NEWKEY00000000000000");
    shop->set_previous_webhook_key("KEY00000000000000000");
    // Far ahead, so that some time is left whenever the test runs.
    shop->mutable_previous_webhook_key_expire_time()->set_seconds(kFarFuture);
    return grpc::Status::OK;
  }
  grpc::Status EndKeyRotationGrace(grpc::ServerContext*,
                                   const v1::EndKeyRotationGraceRequest* request,
                                   v1::Shop* shop) override {
    end_grace_ = *request;
    *shop = MakeShop(request->shop_id());
    return grpc::Status::OK;
  }
  grpc::Status ApproveShop(grpc::ServerContext*, const v1::ApproveShopRequest* request,
                           v1::Shop* shop) override {
    if (request->shop_id() < 1 || request->shop_id() > 3) {
      return NotFound("shop", request->shop_id());
    }
    *shop = MakeShop(request->shop_id());
    shop->mutable_approve_time()->set_seconds(1715757125);  // 2024-05-15 07:12:05 UTC
    return grpc::Status::OK;
  }
  grpc::Status GetShopSettings(grpc::ServerContext*, const v1::GetShopSettingsRequest* request,
                               v1::ShopSettings* settings) override {
    ++get_settings_calls_;
    if (request->shop_id() != kShopId) return NotFound("shop", request->shop_id());
    *settings = settings_;
    return grpc::Status::OK;
  }
  grpc::Status UpdateShopSettings(grpc::ServerContext*,
                                  const v1::UpdateShopSettingsRequest* request,
                                  v1::ShopSettings* settings) override {
    update_ = *request;
    if (request->settings().time_zone() == "Mars/Olympus") {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "time_zone: unknown zone");
    }
    *settings = request->settings();
    return grpc::Status::OK;
  }

  v1::Shop MakeShop(int64_t id) const {
    v1::Shop shop;
    shop.set_id(id);
    shop.set_name(absl::StrCat("Shop ", id));
    shop.set_domain(absl::StrCat("sklep", id, ".shoparena.pl"));
    shop.set_owner_email(absl::StrCat("owner", id, "@example.pl"));
    shop.set_webhook_key("KEY00000000000000000");
    *shop.mutable_settings() = settings_;
    return shop;
  }

  v1::ShopSettings settings_;
  v1::CreateShopRequest create_;
  // The authorization metadata of the last GetShop, "" without one.
  std::string authorization_;
  v1::UpdateShopSettingsRequest update_;
  v1::EndKeyRotationGraceRequest end_grace_;
  std::vector<int> list_page_sizes_;
  int get_settings_calls_ = 0;
};

// FakeInvitationService has invitations 1 to 3 of shop 3, one per page.
class FakeInvitationService final : public v1::InvitationService::Service {
 public:
  grpc::Status ListInvitations(grpc::ServerContext*, const v1::ListInvitationsRequest* request,
                               v1::ListInvitationsResponse* response) override {
    list_ = *request;
    int64_t id = request->page_token().empty() ? 1 : std::stoll(request->page_token());
    *response->add_invitations() = MakeInvitation(id);
    if (id < 3) response->set_next_page_token(absl::StrCat(id + 1));
    return grpc::Status::OK;
  }
  grpc::Status GetInvitation(grpc::ServerContext*, const v1::GetInvitationRequest* request,
                             v1::Invitation* invitation) override {
    if (request->invitation_id() > 3) return NotFound("invitation", request->invitation_id());
    *invitation = MakeInvitation(request->invitation_id());
    return grpc::Status::OK;
  }
  grpc::Status CancelInvitation(grpc::ServerContext*, const v1::CancelInvitationRequest* request,
                                v1::Invitation* invitation) override {
    cancel_ = *request;
    if (request->invitation_id() == 2) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "invitation 2 is sent");
    }
    *invitation = MakeInvitation(request->invitation_id());
    invitation->set_state(v1::INVITATION_STATE_CANCELLED);
    invitation->set_state_reason(request->reason());
    return grpc::Status::OK;
  }

  static v1::Invitation MakeInvitation(int64_t id) {
    v1::Invitation invitation;
    invitation.set_id(id);
    invitation.set_shop_id(kShopId);
    invitation.set_order_id(absl::StrCat(1000 + id));
    invitation.set_customer_email(absl::StrCat("buyer", id, "@example.pl"));
    invitation.set_state(v1::INVITATION_STATE_SCHEDULED);
    invitation.mutable_send_time()->set_seconds(1715757125);  // 2024-05-15 07:12:05 UTC
    return invitation;
  }

  v1::ListInvitationsRequest list_;
  v1::CancelInvitationRequest cancel_;
};

// FakeOrderEventService has two events of shop 3, on one page.
class FakeOrderEventService final : public v1::OrderEventService::Service {
 public:
  grpc::Status ListOrderEvents(grpc::ServerContext*, const v1::ListOrderEventsRequest* request,
                               v1::ListOrderEventsResponse* response) override {
    list_ = *request;
    for (int64_t id : {2, 1}) {
      v1::OrderEventRecord& event = *response->add_events();
      event.set_id(id);
      event.set_shop_id(request->shop_id());
      event.set_event_name("order.status");
      event.set_order_id("1043");
      event.set_outcome(id == 2 ? v1::ORDER_EVENT_OUTCOME_DUPLICATE
                                : v1::ORDER_EVENT_OUTCOME_SCHEDULED);
      event.set_key_used(id == 2 ? v1::WEBHOOK_KEY_USED_PREVIOUS : v1::WEBHOOK_KEY_USED_CURRENT);
    }
    return grpc::Status::OK;
  }

  v1::ListOrderEventsRequest list_;
};

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&shops_);
    builder.RegisterService(&invitations_);
    builder.RegisterService(&events_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override { server_->Shutdown(); }

  // RunCli runs the CLI with `args`, keeping its output in out_ and err_.
  int RunCli(const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = cli::Run(
        args, Environment{"default-host:50051", env_token_},
        [this](const ClientOptions& options) {
          ++clients_made_;
          options_ = options;
          return std::make_unique<Client>(server_->InProcessChannel(grpc::ChannelArguments()),
                                          options.timeout, options.token);
        },
        out, err);
    out_ = out.str();
    err_ = err.str();
    return code;
  }

  FakeShopService shops_;
  FakeInvitationService invitations_;
  FakeOrderEventService events_;
  std::unique_ptr<grpc::Server> server_;
  std::string out_;
  std::string err_;
  // $OPINUS_TOKEN as the CLI sees it.
  std::string env_token_;
  ClientOptions options_;
  int clients_made_ = 0;
};

TEST_F(RunTest, ShopGetPrintsKeyAndWebhookPath) {
  EXPECT_EQ(RunCli({"shop", "get", "--shop", "3"}), kExitOk) << err_;
  EXPECT_THAT(out_, StartsWith("id: 3\nname: Shop 3\n"));
  EXPECT_THAT(out_, HasSubstr("webhook_key: KEY00000000000000000\n"));
  EXPECT_THAT(out_, HasSubstr("webhook_url: /api/KEY00000000000000000\n"));
  EXPECT_THAT(out_, HasSubstr("trigger_status_type: new\n"));
  EXPECT_EQ(err_, "");
}

TEST_F(RunTest, RpcFailureIsOneLineAndExitOne) {
  EXPECT_EQ(RunCli({"shop", "get", "--shop", "42"}), kExitFailure);
  EXPECT_EQ(err_, "opinus: shop get: NOT_FOUND: shop 42 not found\n");
  EXPECT_EQ(out_, "");
}

TEST_F(RunTest, ServerAndTimeoutFromFlagsOrDefault) {
  ASSERT_EQ(RunCli({"shop", "get", "--shop", "3"}), kExitOk);
  EXPECT_EQ(options_.target, "default-host:50051");
  EXPECT_EQ(options_.timeout, absl::Seconds(5));
  ASSERT_EQ(RunCli({"shop", "get", "--shop=3", "--server=other:1", "--timeout-ms", "250"}),
            kExitOk);
  EXPECT_EQ(options_.target, "other:1");
  EXPECT_EQ(options_.timeout, absl::Milliseconds(250));
  EXPECT_EQ(RunCli({"shop", "get", "--shop=3", "--timeout-ms", "0"}), kExitUsage);
  EXPECT_EQ(err_, "opinus: shop get: --timeout-ms: must be positive\n");
}

TEST_F(RunTest, TokenFromFileOrEnvironmentReachesTheServer) {
  ASSERT_EQ(RunCli({"shop", "get", "--shop", "3"}), kExitOk) << err_;
  EXPECT_EQ(options_.token, "");
  EXPECT_EQ(shops_.authorization_, "");

  env_token_ = "env-token-0123456789";
  ASSERT_EQ(RunCli({"shop", "get", "--shop", "3"}), kExitOk) << err_;
  EXPECT_EQ(shops_.authorization_, "Bearer env-token-0123456789");

  // The flag wins over the environment; the file's final newline is not sent.
  const std::string file = absl::StrCat(::testing::TempDir(), "/run_test.token");
  std::ofstream(file) << "file-token-0123456789\n";
  ASSERT_EQ(RunCli({"shop", "get", "--shop", "3", "--token-file", file}), kExitOk) << err_;
  EXPECT_EQ(shops_.authorization_, "Bearer file-token-0123456789");
}

TEST_F(RunTest, UnusableTokenIsAUsageErrorThatDoesNotShowIt) {
  EXPECT_EQ(RunCli({"shop", "get", "--shop", "3", "--token-file", "/nonexistent/token"}),
            kExitUsage);
  EXPECT_EQ(err_, "opinus: shop get: --token-file: /nonexistent/token: no such file\n");
  env_token_ = "two words-0123456789";
  EXPECT_EQ(RunCli({"shop", "get", "--shop", "3"}), kExitUsage);
  EXPECT_THAT(err_, StartsWith("opinus: shop get: $OPINUS_TOKEN: not one token"));
  EXPECT_THAT(err_, Not(HasSubstr("words")));
  EXPECT_EQ(clients_made_, 0);
}

TEST_F(RunTest, TlsCaFileIsReadIntoTheOptions) {
  const std::string file = absl::StrCat(::testing::TempDir(), "/run_test_ca.pem");
  std::ofstream(file) << "-----BEGIN CERTIFICATE-----\n";
  ASSERT_EQ(RunCli({"shop", "get", "--shop", "3", "--tls-ca", file}), kExitOk) << err_;
  EXPECT_EQ(options_.tls_ca_pem, "-----BEGIN CERTIFICATE-----\n");
  EXPECT_EQ(RunCli({"shop", "get", "--shop", "3", "--tls-ca", "/nonexistent/ca.pem"}), kExitUsage);
}

TEST(DefaultServerTest, EnvironmentOrLoopback) {
  EXPECT_EQ(DefaultServer(nullptr), "127.0.0.1:50051");
  EXPECT_EQ(DefaultServer(""), "127.0.0.1:50051");
  EXPECT_EQ(DefaultServer("core:7000"), "core:7000");
}

TEST_F(RunTest, ShopCreateSendsTheFields) {
  EXPECT_EQ(
      RunCli({"shop", "create", "--name", "Ceramika", "--domain=c.pl", "--owner-email", "o@c.pl"}),
      kExitOk)
      << err_;
  EXPECT_EQ(shops_.create_.name(), "Ceramika");
  EXPECT_EQ(shops_.create_.domain(), "c.pl");
  EXPECT_EQ(shops_.create_.owner_email(), "o@c.pl");
  EXPECT_THAT(out_, HasSubstr("name: Ceramika\n"));
}

TEST_F(RunTest, ShopCreateNamesTheMissingFlag) {
  EXPECT_EQ(RunCli({"shop", "create", "--name", "Ceramika", "--domain=c.pl"}), kExitUsage);
  EXPECT_EQ(err_, "opinus: shop create: --owner-email: missing\n");
  EXPECT_EQ(clients_made_, 0);
}

TEST_F(RunTest, ShopRotateKeyPrintsTheNewKey) {
  EXPECT_EQ(RunCli({"--json", "shop", "rotate-key", "--shop", "3"}), kExitOk) << err_;
  EXPECT_THAT(out_, HasSubstr("\"webhookKey\":\"NEWKEY00000000000000\""));
}

TEST_F(RunTest, ShopRotateKeyPrintsBothKeysAndWhenTheOldOneStops) {
  EXPECT_EQ(RunCli({"shop", "rotate-key", "--shop", "3"}), kExitOk) << err_;
  EXPECT_THAT(out_, HasSubstr("\nwebhook_key: NEWKEY00000000000000\n"));
  EXPECT_THAT(out_, HasSubstr("\nprevious_webhook_key: KEY00000000000000000\n"
                              "previous_webhook_url: /api/KEY00000000000000000\n"
                              "previous_key_expires: 2100-01-01 00:00:00\n"
                              "previous_key_time_left: "));
}

TEST_F(RunTest, ShopEndKeyGraceCallsTheServerAndPrintsTheShop) {
  EXPECT_EQ(RunCli({"shop", "end-key-grace", "--shop", "3"}), kExitOk) << err_;
  EXPECT_EQ(shops_.end_grace_.shop_id(), kShopId);
  EXPECT_THAT(out_, HasSubstr("\nwebhook_key: KEY00000000000000000\n"));
  EXPECT_THAT(out_, Not(HasSubstr("previous_webhook_key")));
}

TEST_F(RunTest, ShopListFollowsPages) {
  EXPECT_EQ(RunCli({"shop", "list"}), kExitOk) << err_;
  EXPECT_THAT(shops_.list_page_sizes_, ElementsAre(kListPageSize, kListPageSize));
  EXPECT_EQ(out_,
            "ID  NAME    DOMAIN               OWNER_EMAIL        CREATED(UTC)  APPROVED(UTC)\n"
            "1   Shop 1  sklep1.shoparena.pl  owner1@example.pl  -             no (daily cap until "
            "`opinus shop approve`)\n"
            "2   Shop 2  sklep2.shoparena.pl  owner2@example.pl  -             no (daily cap until "
            "`opinus shop approve`)\n"
            "3   Shop 3  sklep3.shoparena.pl  owner3@example.pl  -             no (daily cap until "
            "`opinus shop approve`)\n");
}

TEST_F(RunTest, ShopApprovePrintsWhenItWasApproved) {
  EXPECT_EQ(RunCli({"shop", "approve", "--shop", "2"}), kExitOk) << err_;
  EXPECT_THAT(out_, HasSubstr("approved: 2024-05-15 07:12:05\n"));
  EXPECT_EQ(RunCli({"shop", "approve", "--shop", "9"}), kExitFailure);
  EXPECT_THAT(err_, HasSubstr("shop 9 not found"));
}

TEST_F(RunTest, ShopListJsonMergesPages) {
  EXPECT_EQ(RunCli({"shop", "list", "--json"}), kExitOk) << err_;
  EXPECT_THAT(out_, StartsWith("{\"shops\":[{\"id\":\"1\","));
  EXPECT_THAT(out_, HasSubstr("{\"id\":\"3\","));
  EXPECT_THAT(out_, ::testing::Not(HasSubstr("nextPageToken")));
}

TEST_F(RunTest, SettingsGet) {
  EXPECT_EQ(RunCli({"settings", "get", "--shop", "3"}), kExitOk) << err_;
  EXPECT_EQ(out_,
            "invitation_delay_days: 7\n"
            "trigger_status_ids: 99\n"
            "trigger_status_type: new\n"
            "trigger_parcel_dispatch: off\n"
            "time_zone: Europe/Warsaw\n"
            "sending_enabled: on\n"
            "sender_name:\n"
            "language:\n"
            "sending_hours: 0-0\n"
            "webhook_secret: none\n"
            "reminder_days: off\n");
}

TEST_F(RunTest, SettingsSetSendsOnlyTheFieldsGiven) {
  EXPECT_EQ(RunCli({"settings", "set", "--shop", "3", "--delay-days", "10", "--sending=off"}),
            kExitOk)
      << err_;
  EXPECT_EQ(shops_.get_settings_calls_, 0);
  EXPECT_THAT(shops_.update_.update_mask().paths(),
              ElementsAre("invitation_delay_days", "sending_enabled"));
  EXPECT_THAT(out_, HasSubstr("invitation_delay_days: 10\n"));
}

TEST_F(RunTest, SettingsSetWithOnlyIdsKeepsTheCurrentType) {
  EXPECT_EQ(RunCli({"settings", "set", "--shop", "3", "--trigger-status-ids", "7,12"}), kExitOk)
      << err_;
  EXPECT_EQ(shops_.get_settings_calls_, 1);
  EXPECT_THAT(shops_.update_.update_mask().paths(), ElementsAre("trigger"));
  EXPECT_THAT(shops_.update_.settings().trigger().status_ids(), ElementsAre(7, 12));
  EXPECT_EQ(shops_.update_.settings().trigger().status_type(), v1::ORDER_STATUS_TYPE_NEW);
}

TEST_F(RunTest, SettingsSetBadNumberIsAUsageError) {
  EXPECT_EQ(RunCli({"settings", "set", "--shop", "3", "--delay-days", "abc"}), kExitUsage);
  EXPECT_EQ(err_, "opinus: settings set: --delay-days: not a number\n");
  EXPECT_EQ(out_, "");
}

TEST_F(RunTest, ServerInvalidArgumentIsNotAUsageError) {
  EXPECT_EQ(RunCli({"settings", "set", "--shop", "3", "--time-zone", "Mars/Olympus"}),
            kExitFailure);
  EXPECT_EQ(err_, "opinus: settings set: INVALID_ARGUMENT: time_zone: unknown zone\n");
}

TEST_F(RunTest, InvitationsListFollowsPagesWithState) {
  EXPECT_EQ(RunCli({"invitations", "list", "--shop", "3", "--state", "scheduled"}), kExitOk)
      << err_;
  EXPECT_EQ(invitations_.list_.shop_id(), kShopId);
  EXPECT_EQ(invitations_.list_.state(), v1::INVITATION_STATE_SCHEDULED);
  EXPECT_EQ(invitations_.list_.page_size(), kListPageSize);
  EXPECT_EQ(out_,
            "ID  ORDER  EMAIL              STATE      SEND_AT(Europe/Warsaw)  REASON\n"
            "1   1001   buyer1@example.pl  scheduled  2024-05-15 09:12:05     -\n"
            "2   1002   buyer2@example.pl  scheduled  2024-05-15 09:12:05     -\n"
            "3   1003   buyer3@example.pl  scheduled  2024-05-15 09:12:05     -\n");
}

TEST_F(RunTest, InvitationsListJson) {
  EXPECT_EQ(RunCli({"invitations", "--json", "list", "--shop", "3"}), kExitOk) << err_;
  EXPECT_EQ(invitations_.list_.state(), v1::INVITATION_STATE_UNSPECIFIED);
  EXPECT_THAT(out_, StartsWith("{\"invitations\":[{\"id\":\"1\","));
  EXPECT_THAT(out_, HasSubstr("\"sendTime\":\"2024-05-15T07:12:05Z\""));
  EXPECT_THAT(out_, HasSubstr("{\"id\":\"3\","));
}

TEST_F(RunTest, InvitationsListBadState) {
  EXPECT_EQ(RunCli({"invitations", "list", "--shop", "3", "--state", "done"}), kExitUsage);
  EXPECT_EQ(
      err_,
      "opinus: invitations list: --state: want one of scheduled, cancelled, sent, sending, failed, "
      "suppressed, reviewed, bounced\n");
}

TEST_F(RunTest, InvitationsGet) {
  EXPECT_EQ(RunCli({"invitations", "get", "--invitation", "2"}), kExitOk) << err_;
  EXPECT_THAT(out_, HasSubstr("customer_email: buyer2@example.pl\n"));
}

TEST_F(RunTest, InvitationsCancelWithReason) {
  EXPECT_EQ(RunCli({"invitations", "cancel", "--invitation", "1", "--reason", "buyer asked"}),
            kExitOk)
      << err_;
  EXPECT_EQ(invitations_.cancel_.invitation_id(), 1);
  EXPECT_EQ(invitations_.cancel_.reason(), "buyer asked");
  EXPECT_THAT(out_, HasSubstr("state: cancelled\nstate_reason: buyer asked\n"));

  EXPECT_EQ(RunCli({"invitations", "cancel", "--invitation", "2"}), kExitFailure);
  EXPECT_EQ(invitations_.cancel_.reason(), "");
  EXPECT_EQ(err_, "opinus: invitations cancel: FAILED_PRECONDITION: invitation 2 is sent\n");
}

TEST_F(RunTest, EventsList) {
  EXPECT_EQ(RunCli({"events", "list", "--shop", "3"}), kExitOk) << err_;
  EXPECT_EQ(events_.list_.shop_id(), kShopId);
  EXPECT_EQ(events_.list_.page_size(), kListPageSize);
  EXPECT_EQ(
      out_,
      "ID  RECEIVED(Europe/Warsaw)  EVENT         ORDER  STATUS  OUTCOME    KEY       REASON\n"
      "2   -                        order.status  1043   -       duplicate  previous  -\n"
      "1   -                        order.status  1043   -       scheduled  current   -\n");
}

TEST_F(RunTest, EveryCommandHasHelp) {
  const CommandTable table = BuildCommandTable();
  for (const Command& command : table.commands()) {
    EXPECT_EQ(RunCli({command.noun, command.verb, "--help"}), kExitOk) << command.verb;
    EXPECT_THAT(out_, StartsWith(absl::StrCat("Usage: opinus ", command.noun, " ", command.verb)));
    EXPECT_EQ(err_, "");
  }
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--help"}, {"help"}, {"-h"}}) {
    EXPECT_EQ(RunCli(args), kExitOk);
    EXPECT_THAT(out_, HasSubstr("opinus settings set --shop ID [--delay-days N]"));
  }
  EXPECT_EQ(RunCli({"help", "invitations", "cancel"}), kExitOk);
  EXPECT_THAT(out_, StartsWith("Usage: opinus invitations cancel --invitation ID [--reason TEXT]"));
  EXPECT_EQ(clients_made_, 0);
}

TEST_F(RunTest, UsageErrors) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "opinus: missing command (see opinus --help)\n"},
      {{"shops", "list"}, "opinus: shops: unknown command\n"},
      {{"shop"},
       "opinus: shop: missing command, one of: create, get, rotate-key, end-key-grace, approve, "
       "list\n"},
      {{"shop", "delete", "--shop", "1"},
       "opinus: shop delete: unknown command, want one of: create, get, rotate-key, "
       "end-key-grace, approve, list\n"},
      {{"shop", "get", "--shop", "1", "--colour", "red"},
       "opinus: shop get: --colour: unknown flag\n"},
      {{"shop", "get", "--shop", "1", "extra"}, "opinus: shop get: extra: unexpected argument\n"},
      {{"shop", "get", "--shop"}, "opinus: shop get: --shop: missing value\n"},
      {{"--timeout-ms"}, "opinus: --timeout-ms: missing value\n"},
      {{"invitations", "cancel", "--invitation", "1", "--reason", "--json"},
       "opinus: invitations cancel: --reason: missing value\n"},
      {{"events", "list"}, "opinus: events list: --shop: missing\n"},
  };
  for (const auto& [args, message] : cases) {
    EXPECT_EQ(RunCli(args), kExitUsage) << message;
    EXPECT_EQ(err_, message);
    EXPECT_EQ(out_, "");
  }
  EXPECT_EQ(clients_made_, 0);
}

}  // namespace
}  // namespace opinus::client::cli
