// Authentication between services, against a real opinus-server on loopback:
// bearer tokens and their roles over gRPC, the calls that need none (health),
// the configurations the server refuses to start with, and TLS with a
// certificate made for the test.
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/client.h"
#include "common/secrets.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/child_process.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

namespace v1 = ::opinus::v1;
using ::opinus::client::Client;
using ::opinus::client::ClientOptions;
using ::testing::HasSubstr;
using ::testing::Not;

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("auth");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    dir_ = absl::StrCat(::testing::TempDir(), "/auth-",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    mkdir(dir_.c_str(), 0700);
  }

  // StartServer starts opinus-server with the test tokens and `extra_flags`.
  void StartServer(const std::vector<std::string>& extra_flags = {},
                   ServerAuth auth = ServerAuth::kTestTokens) {
    std::vector<std::string> flags = {"--dispatch=false"};
    flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
    absl::StatusOr<RunningService> server = StartCoreServer(
        database_->connect_string(), absl::StrCat(dir_, "/server.log"), flags, auth);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server->process);
    port_ = server->port;
  }

  // ClientWith returns a client of the server that sends `token` ("" for none).
  std::unique_ptr<Client> ClientWith(const std::string& token, const std::string& tls_ca_pem = "",
                                     const std::string& host = "127.0.0.1") {
    ClientOptions options;
    options.target = absl::StrCat(host, ":", port_);
    options.token = token;
    options.tls_ca_pem = tls_ca_pem;
    return std::make_unique<Client>(options);
  }

  // RoleClients are a client per role of the test tokens.
  struct RoleClients {
    std::unique_ptr<Client> operator_client;
    std::unique_ptr<Client> gateway;
    std::unique_ptr<Client> readonly;
  };
  RoleClients ClientsForEachRole() {
    const TestTokens& tokens = GetTestTokens();
    return {ClientWith(tokens.operator_token), ClientWith(tokens.gateway_token),
            ClientWith(tokens.readonly_token)};
  }

  // StartFailure runs opinus-server with `flags` (after --db and a loopback
  // --listen) and returns how it ended; it must not start.
  CommandResult StartFailure(const std::vector<std::string>& flags) {
    std::vector<std::string> argv = {BinaryPath("opinus-server"),
                                     absl::StrCat("--db=", database_->connect_string()),
                                     "--listen=127.0.0.1:0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    return RunCommand(argv, absl::Seconds(10));
  }

  v1::Shop CreateShop(Client& client, const std::string& domain) {
    v1::CreateShopRequest request;
    request.set_name("Sklep");
    request.set_domain(domain);
    request.set_owner_email("owner@example.com");
    absl::StatusOr<v1::Shop> shop = client.CreateShop(request);
    EXPECT_TRUE(shop.ok()) << shop.status();
    return shop.ok() ? *shop : v1::Shop();
  }

  std::unique_ptr<TestDatabase> database_;
  std::string dir_;
  std::unique_ptr<ChildProcess> server_;
  int port_ = 0;
};

v1::GetShopRequest GetShopRequest(int64_t id) {
  v1::GetShopRequest request;
  request.set_shop_id(id);
  return request;
}

TEST_F(AuthTest, NoTokenOrAWrongOneIsUnauthenticated) {
  StartServer();
  const std::string wrong = absl::StrCat(GetTestTokens().operator_token, "x");
  for (const std::string& token : {std::string(), wrong, std::string("operator-0123456789")}) {
    SCOPED_TRACE(token);
    std::unique_ptr<Client> client = ClientWith(token);
    EXPECT_EQ(client->GetShop(GetShopRequest(1)).status().code(),
              absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(client->ListShops({}).status().code(), absl::StatusCode::kUnauthenticated);
    v1::CreateShopRequest create;
    create.set_name("Sklep");
    EXPECT_EQ(client->CreateShop(create).status().code(), absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM shops"), 0);
  // Refusals are logged, the tokens only redacted.
  const std::string log = server_->Log();
  EXPECT_THAT(log, HasSubstr("rpc_refused"));
  EXPECT_THAT(log, HasSubstr("code=UNAUTHENTICATED"));
  EXPECT_THAT(log, Not(HasSubstr(wrong)));
  EXPECT_THAT(log, Not(HasSubstr(GetTestTokens().operator_token)));
}

TEST_F(AuthTest, EachRoleCallsWhatItMayAndIsDeniedTheRest) {
  StartServer();
  const auto [operator_client, gateway, readonly] = ClientsForEachRole();

  const v1::Shop shop = CreateShop(*operator_client, "sklep1.shoparena.pl");
  EXPECT_TRUE(operator_client->ListShops({}).ok());
  v1::ResendInvitationRequest resend;
  resend.set_invitation_id(12345);
  // Past the check: the invitation does not exist.
  EXPECT_EQ(operator_client->ResendInvitation(resend).status().code(), absl::StatusCode::kNotFound);

  EXPECT_TRUE(readonly->GetShop(GetShopRequest(shop.id())).ok());
  v1::GetShopSettingsRequest get_settings;
  get_settings.set_shop_id(shop.id());
  EXPECT_TRUE(readonly->GetShopSettings(get_settings).ok());
  v1::UpdateShopSettingsRequest update;
  update.set_shop_id(shop.id());
  update.mutable_settings()->set_invitation_delay_days(3);
  update.mutable_update_mask()->add_paths("invitation_delay_days");
  absl::Status readonly_update = readonly->UpdateShopSettings(update).status();
  EXPECT_EQ(readonly_update.code(), absl::StatusCode::kPermissionDenied) << readonly_update;
  EXPECT_EQ(readonly->ListShops({}).status().code(), absl::StatusCode::kPermissionDenied);

  EXPECT_TRUE(gateway->GetShop(GetShopRequest(shop.id())).ok());
  absl::StatusOr<v1::ShopSettings> updated = gateway->UpdateShopSettings(update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->invitation_delay_days(), 3);
  absl::Status gateway_list = gateway->ListShops({}).status();
  EXPECT_EQ(gateway_list.code(), absl::StatusCode::kPermissionDenied) << gateway_list;
  EXPECT_EQ(gateway_list.message(), "role gateway may not call /opinus.v1.ShopService/ListShops");
  EXPECT_EQ(gateway->ResendInvitation(resend).status().code(), absl::StatusCode::kPermissionDenied);
}

// A webhook key lets whoever holds it post orders for its shop: the readonly
// role, which may read a shop, gets its keys redacted; the roles that act for
// shops still get them whole.
TEST_F(AuthTest, TheReadonlyRoleSeesEveryWebhookKeyRedacted) {
  StartServer();
  const auto [operator_client, gateway, readonly] = ClientsForEachRole();
  const v1::Shop shop = CreateShop(*operator_client, "sklep1.shoparena.pl");
  v1::RotateShopKeyRequest rotate;
  rotate.set_shop_id(shop.id());
  // The old key stays valid for the grace period, so the shop has two.
  absl::StatusOr<v1::Shop> rotated = operator_client->RotateShopKey(rotate);
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  ASSERT_EQ(rotated->previous_webhook_key(), shop.webhook_key());

  absl::StatusOr<v1::Shop> seen = readonly->GetShop(GetShopRequest(shop.id()));
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(seen->webhook_key(), RedactSecret(rotated->webhook_key()));
  EXPECT_EQ(seen->previous_webhook_key(), RedactSecret(shop.webhook_key()));
  EXPECT_EQ(seen->name(), shop.name());
  for (Client* whole : {operator_client.get(), gateway.get()}) {
    absl::StatusOr<v1::Shop> got = whole->GetShop(GetShopRequest(shop.id()));
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->webhook_key(), rotated->webhook_key());
    EXPECT_EQ(got->previous_webhook_key(), shop.webhook_key());
  }
}

TEST_F(AuthTest, HealthNeedsNoToken) {
  StartServer();
  EXPECT_TRUE(ClientWith("")->CheckHealth().ok());
  EXPECT_TRUE(ClientWith("not-a-token-of-this-server")->CheckHealth().ok());
}

TEST_F(AuthTest, CliTakesTheTokenFromItsFlagOrTheEnvironment) {
  StartServer();
  const TestTokens& tokens = GetTestTokens();
  const std::string server = absl::StrCat("--server=127.0.0.1:", port_);
  CommandResult from_env =
      RunCommand({"/usr/bin/env", absl::StrCat("OPINUS_TOKEN=", tokens.operator_token),
                  BinaryPath("opinus"), server, "shop", "list"});
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  // --token-file wins over $OPINUS_TOKEN.
  CommandResult flag_wins = RunCommand(
      {"/usr/bin/env", absl::StrCat("OPINUS_TOKEN=", tokens.operator_token), BinaryPath("opinus"),
       server, absl::StrCat("--token-file=", tokens.readonly_token_file), "shop", "list"});
  EXPECT_EQ(flag_wins.exit_code, 1);
  EXPECT_THAT(flag_wins.err, HasSubstr("PERMISSION_DENIED"));
  CommandResult none = RunCommand({"/usr/bin/env", "-u", "OPINUS_TOKEN", BinaryPath("opinus"),
                                   server, "shop", "get", "--shop", "1"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_THAT(none.err, HasSubstr("UNAUTHENTICATED"));
}

TEST_F(AuthTest, InsecureNoAuthOnLoopbackServesWithoutAToken) {
  StartServer({"--insecure-no-auth"}, ServerAuth::kFromFlags);
  EXPECT_THAT(server_->Log(), HasSubstr("auth=none"));
  std::unique_ptr<Client> anyone = ClientWith("");
  const v1::Shop shop = CreateShop(*anyone, "sklep2.shoparena.pl");
  EXPECT_TRUE(anyone->ListShops({}).ok());
  EXPECT_TRUE(anyone->GetShop(GetShopRequest(shop.id())).ok());
}

TEST_F(AuthTest, ServerRefusesToStartWithoutSafeAuthentication) {
  CommandResult everywhere = StartFailure({"--listen=0.0.0.0:0", "--insecure-no-auth"});
  EXPECT_NE(everywhere.exit_code, 0);
  EXPECT_THAT(everywhere.err, HasSubstr("--insecure-no-auth serves anyone without a token, so "
                                        "only on a loopback address"));

  CommandResult nothing = StartFailure({});
  EXPECT_NE(nothing.exit_code, 0);
  EXPECT_THAT(nothing.err, HasSubstr("--auth-tokens-file is required"));

  CommandResult clear_text = StartFailure(
      {"--listen=0.0.0.0:0", absl::StrCat("--auth-tokens-file=", GetTestTokens().tokens_file)});
  EXPECT_NE(clear_text.exit_code, 0);
  EXPECT_THAT(clear_text.err, HasSubstr("is not a loopback address"));

  // A token where the role belongs: the line is named, the token never shown.
  const std::string secret = "s3cret-token-0123456789";
  const std::string tokens = absl::StrCat(dir_, "/tokens");
  std::ofstream(tokens) << "# roles\noperator operator-token-0123456789\n"
                        << secret << " gateway\n";
  CommandResult bad_line = StartFailure({absl::StrCat("--auth-tokens-file=", tokens)});
  EXPECT_NE(bad_line.exit_code, 0);
  EXPECT_THAT(bad_line.err, HasSubstr("line 3: unknown role"));
  EXPECT_THAT(bad_line.err, Not(HasSubstr("s3cret")));
  EXPECT_THAT(bad_line.err, Not(HasSubstr("operator-token")));
  for (const CommandResult& result : {everywhere, nothing, clear_text, bad_line}) {
    EXPECT_EQ(result.err.find("server_listening"), std::string::npos) << result.err;
  }
}

// TlsFiles makes a self-signed certificate for 127.0.0.1 and localhost.
struct TlsFiles {
  std::string cert;
  std::string key;
};

TlsFiles MakeCertificate(const std::string& dir) {
  TlsFiles files{absl::StrCat(dir, "/cert.pem"), absl::StrCat(dir, "/key.pem")};
  CommandResult openssl = RunCommand(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
       "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", files.key, "-out", files.cert, "-days",
       "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
  EXPECT_EQ(openssl.exit_code, 0) << openssl.err;
  return files;
}

TEST_F(AuthTest, TlsRoundTripWithTokens) {
  const TlsFiles tls = MakeCertificate(dir_);
  StartServer({absl::StrCat("--tls-cert=", tls.cert), absl::StrCat("--tls-key=", tls.key)});
  EXPECT_THAT(server_->Log(), HasSubstr("transport=tls"));
  const std::string ca = ReadFile(tls.cert);
  const TestTokens& tokens = GetTestTokens();

  std::unique_ptr<Client> operator_client = ClientWith(tokens.operator_token, ca);
  const v1::Shop shop = CreateShop(*operator_client, "sklep3.shoparena.pl");
  EXPECT_TRUE(operator_client->ListShops({}).ok());
  EXPECT_TRUE(ClientWith(tokens.operator_token, ca, "localhost")->ListShops({}).ok());
  EXPECT_EQ(ClientWith("", ca)->ListShops({}).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(ClientWith("", ca)->CheckHealth().ok());
  // Plaintext does not get through a TLS port.
  EXPECT_EQ(ClientWith(tokens.operator_token)->ListShops({}).status().code(),
            absl::StatusCode::kUnavailable);

  CommandResult cli =
      RunCommand({BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", port_),
                  absl::StrCat("--tls-ca=", tls.cert),
                  absl::StrCat("--token-file=", tokens.operator_token_file), "shop", "list"});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_THAT(cli.out, HasSubstr("sklep3.shoparena.pl"));

  // The gateway over TLS with its token: the webhook gets recorded.
  absl::StatusOr<RunningService> gateway = StartGateway(port_, absl::StrCat(dir_, "/gateway.log"),
                                                        {absl::StrCat("--tls-ca=", tls.cert)});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  absl::StatusOr<HttpResponse> webhook = SendHttpRequest(
      static_cast<uint16_t>(gateway->port), "POST", absl::StrCat("/api/", shop.webhook_key()),
      {{"Content-Type", "application/json"}, {"X-Webhook-Name", "order.status"}},
      ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json")));
  ASSERT_TRUE(webhook.ok()) << webhook.status();
  EXPECT_EQ(webhook->status, 200) << webhook->body << gateway->process->Log();
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 1);
  EXPECT_THAT(gateway->process->Log(), Not(HasSubstr(tokens.gateway_token)));
  EXPECT_THAT(server_->Log(), Not(HasSubstr(tokens.gateway_token)));
}

}  // namespace
}  // namespace opinus::testing
