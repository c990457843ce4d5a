// A customer's data under RODO (GDPR), with a real MariaDB and a real
// opinus-server driven by the `opinus` CLI: export lists exactly what the
// fixtures put in; after erase, no text column of any table holds the
// address in any letter case (read from information_schema, so that a new
// table cannot slip by); the links stop working; counts, states and ratings
// stay; and an address that unsubscribed is still never mailed.
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/child_process.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/shipped_order.h"
#include "tests/integration/test_database.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"
#include "tests/support/test_address_hasher.h"

namespace opinus::testing {
namespace {

namespace v1 = ::opinus::v1;
using Json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

// The person who asks, in the forms the shops sent.
constexpr char kAddress[] = "jan.kowalski@example.com";

class PrivacyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("privacy");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    log_prefix_ = absl::StrCat(::testing::TempDir(), "/privacy-",
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    // No dispatcher yet: the fixtures' states stay as they are put.
    server_ = Start({"--dispatch=false"}, "server");
    ASSERT_NE(server_, nullptr);
    client::ClientOptions options;
    options.target = absl::StrCat("127.0.0.1:", grpc_port_);
    options.token = GetTestTokens().operator_token;
    client_ = std::make_unique<client::Client>(options);
  }

  std::unique_ptr<ChildProcess> Start(const std::vector<std::string>& flags,
                                      const std::string& name) {
    absl::StatusOr<RunningService> server = StartCoreServer(
        database_->connect_string(), absl::StrCat(log_prefix_, "-", name, ".log"), flags);
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return nullptr;
    if (grpc_port_ == 0) grpc_port_ = server->port;
    last_port_ = server->port;
    return std::move(server->process);
  }

  // RunOpinus runs `opinus ARGS...` as the operator.
  CommandResult RunOpinus(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {
        BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", grpc_port_),
        absl::StrCat("--token-file=", GetTestTokens().operator_token_file)};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }

  // Opinus runs `opinus ARGS...` and returns its JSON output.
  Json Opinus(const std::vector<std::string>& args) {
    CommandResult result = RunOpinus(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return Json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  }

  // Cli runs `opinus --json ARGS...`.
  Json Cli(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    return Opinus(args);
  }

  struct NewShop {
    std::string id;
    std::string key;
  };
  NewShop CreateShop(const std::string& name, const std::string& domain) {
    Json shop = Cli({"shop", "create", "--name", name, "--domain", domain, "--owner-email",
                     "owner@example.com"});
    return {shop["id"].get<std::string>(), shop["webhookKey"].get<std::string>()};
  }

  // Order records that order `order` of the shop with `key` was shipped to
  // `email` an hour ago, and returns its invitation's id.
  int64_t Order(const std::string& key, const std::string& order, const std::string& email) {
    absl::TimeZone warsaw;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
    const v1::RecordOrderEventRequest request =
        ShippedOrder(key, order, email, absl::Now() - absl::Hours(1), warsaw);
    absl::StatusOr<v1::RecordOrderEventResponse> response = client_->RecordOrderEvent(request);
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok()) return 0;
    EXPECT_EQ(response->outcome(), v1::ORDER_EVENT_OUTCOME_SCHEDULED) << response->reason();
    return response->invitation_id();
  }

  // MailedLink marks invitation `id` sent, as the dispatcher would, and
  // returns the token of its link.
  std::string MailedLink(int64_t id, const std::string& token) {
    database_->Execute(absl::StrCat(
        "UPDATE invitations SET state = 'sent', sent_at = UTC_TIMESTAMP() WHERE id = ", id));
    database_->Execute(absl::StrCat(
        "INSERT INTO invitation_tokens (token_hash, invitation_id, mail, created_at) VALUES "
        "(UNHEX(SHA2('",
        token, "', 256)), ", id, ", 'invitation', UTC_TIMESTAMP())"));
    return token;
  }

  absl::Status GiveOpinion(const std::string& token, int rating, const std::string& comment) {
    v1::SubmitOpinionRequest request;
    request.set_token(token);
    request.mutable_input()->set_rating(rating);
    request.mutable_input()->set_comment(comment);
    request.mutable_input()->set_consent(true);
    absl::StatusOr<v1::SubmitOpinionResponse> response = client_->SubmitOpinion(request);
    if (!response.ok()) return response.status();
    EXPECT_EQ(response->violations_size(), 0) << response->DebugString();
    return absl::OkStatus();
  }

  // ReviewTwiceAndUnsubscribe mails invitations `reviewed` and
  // `unsubscribed`; through the first link the customer gives an opinion
  // (`first`) and edits it (`edited`), through the second unsubscribes from
  // every shop. Returns the first link's token.
  std::string ReviewTwiceAndUnsubscribe(int64_t reviewed, int64_t unsubscribed,
                                        const std::string& first, const std::string& edited) {
    const std::string review_link = MailedLink(reviewed, "reviewlinkreviewlinkreviewlink01");
    EXPECT_TRUE(GiveOpinion(review_link, 4, first).ok());
    EXPECT_TRUE(GiveOpinion(review_link, 5, edited).ok());
    v1::UnsubscribeRequest unsubscribe;
    unsubscribe.set_token(MailedLink(unsubscribed, "unsubscribelinkunsubscribelink01"));
    unsubscribe.set_scope(v1::SUPPRESSION_SCOPE_ALL_SHOPS);
    unsubscribe.set_source(v1::UNSUBSCRIBE_SOURCE_PAGE);
    EXPECT_TRUE(client_->Unsubscribe(unsubscribe).ok());
    return review_link;
  }

  // RecordRejectedEvent logs, as shop `shop_id`'s, an event rejected with a
  // reason that quotes kAddress.
  void RecordRejectedEvent(const std::string& shop_id) {
    database_->Execute(absl::StrCat(
        "INSERT INTO order_events (shop_id, received_at, event_name, order_id, status_id, "
        "status_type, status_name, outcome, reason, invitation_id) VALUES (",
        shop_id,
        ", UTC_TIMESTAMP(), 'order.status', '1999', 7, 3, 'wysłane', 'rejected', "
        "'customer_email: JAN.KOWALSKI@example.com is not an address', 0)"));
  }

  std::string State(int64_t id) {
    const std::vector<std::string> states =
        database_->QueryStrings(absl::StrCat("SELECT state FROM invitations WHERE id = ", id));
    return states.empty() ? "" : states[0];
  }

  std::unique_ptr<TestDatabase> database_;
  std::string log_prefix_;
  std::unique_ptr<ChildProcess> server_;
  // The first server's, and the last started's.
  int grpc_port_ = 0;
  int last_port_ = 0;
  std::unique_ptr<client::Client> client_;
};

TEST_F(PrivacyTest, EraseLeavesTheAddressInNoColumnKeepsTheCountsAndTheSuppression) {
  const NewShop a = CreateShop("Sklep A", "sklepa.shoparena.pl");
  const NewShop b = CreateShop("Sklep B", "sklepb.shoparena.pl");
  // Reviewed in shop A (and edited once), unsubscribed from every shop
  // through shop B's mail, and one still pending in shop A; and someone else.
  const int64_t reviewed = Order(a.key, "1001", "Jan.Kowalski@Example.com");
  const int64_t unsubscribed = Order(b.key, "2001", kAddress);
  const int64_t pending = Order(a.key, "1003", "JAN.KOWALSKI@EXAMPLE.COM");
  const int64_t other = Order(a.key, "1002", "ewa@example.com");
  ASSERT_GT(reviewed * unsubscribed * pending * other, 0);
  const std::string review_link =
      ReviewTwiceAndUnsubscribe(reviewed, unsubscribed, "Szybko. Piszcie: Jan.Kowalski@example.com",
                                "Szybko i dobrze. jan.kowalski@example.com");
  // What other paths leave: a bounce's diagnostic, a rejection's reason, a
  // login tried with the address.
  database_->Execute(absl::StrCat(
      "INSERT INTO mail_feedback (received_at, kind, shop_id, invitation_id, mail, status, detail) "
      "VALUES (UTC_TIMESTAMP(), 'soft_bounce', ",
      a.id, ", ", reviewed,
      ", 'invitation', '4.2.2', '452 4.2.2 <Jan.Kowalski@Example.com>: mailbox full')"));
  RecordRejectedEvent(a.id);
  database_->Execute(
      "INSERT INTO auth_attempts (kind, email, address, at) VALUES "
      "('login', 'jan.kowalski@example.com', '127.0.0.1', UTC_TIMESTAMP())");

  // Export: exactly the fixtures, in the order they were made.
  Json data = Opinus({"privacy", "export", "--email", " Jan.Kowalski@EXAMPLE.com", "--json"});
  ASSERT_TRUE(data.is_object()) << data.dump();
  EXPECT_EQ(data["email"], kAddress);
  ASSERT_EQ(data["records"].size(), 3u) << data.dump(2);
  const Json& first = data["records"][0];
  EXPECT_EQ(first["shopName"], "Sklep A");
  EXPECT_EQ(first["shopDomain"], "sklepa.shoparena.pl");
  EXPECT_EQ(first["invitation"]["orderId"], "1001");
  EXPECT_EQ(first["invitation"]["customerEmail"], "Jan.Kowalski@Example.com");
  EXPECT_EQ(first["invitation"]["state"], "INVITATION_STATE_REVIEWED");
  EXPECT_EQ(first["orderEvents"].size(), 1u);
  EXPECT_EQ(first["opinion"]["rating"], 5);
  EXPECT_EQ(first["opinion"]["comment"], "Szybko i dobrze. jan.kowalski@example.com");
  const Json& second = data["records"][1];
  EXPECT_EQ(second["shopName"], "Sklep B");
  EXPECT_EQ(second["invitation"]["orderId"], "2001");
  EXPECT_EQ(second["invitation"]["state"], "INVITATION_STATE_SUPPRESSED");
  EXPECT_FALSE(second.contains("opinion")) << second.dump();
  const Json& third = data["records"][2];
  EXPECT_EQ(third["invitation"]["orderId"], "1003");
  EXPECT_EQ(third["invitation"]["state"], "INVITATION_STATE_SCHEDULED");
  ASSERT_EQ(data["suppressions"].size(), 1u);
  EXPECT_EQ(data["suppressions"][0]["shopId"], "0");
  EXPECT_EQ(data["suppressions"][0]["emailHash"], TestEmailHashHex(kAddress));

  // Before: the scan finds the address where the fixtures put it.
  EXPECT_THAT(database_->ColumnsHolding(kAddress),
              UnorderedElementsAre("auth_attempts.email", "invitations.customer_email",
                                   "mail_feedback.detail", "opinion_revisions.comment",
                                   "opinions.comment", "order_events.reason"));

  Json erasure = Cli({"privacy", "erase", "--email", "JAN.kowalski@example.com", "--reason",
                      "request of 2026-12-01 from jan.kowalski@example.com"});
  ASSERT_TRUE(erasure.is_object()) << erasure.dump();
  EXPECT_EQ(erasure["invitations"], 3);
  EXPECT_EQ(erasure["cancelled"], 1);
  EXPECT_EQ(erasure["reason"], "request of 2026-12-01 from ***@example.com");
  EXPECT_EQ(erasure["emailHash"], TestEmailHashHex(kAddress));

  // After: nowhere, in any letter case; nor in the server's log.
  EXPECT_THAT(database_->ColumnsHolding(kAddress), IsEmpty());
  EXPECT_THAT(absl::AsciiStrToLower(server_->Log()), Not(HasSubstr(kAddress)));
  // Someone else's data stays.
  EXPECT_THAT(database_->ColumnsHolding("ewa@example.com"),
              ElementsAre("invitations.customer_email"));
  // Counts, states and the rating stay; the pending one is cancelled.
  EXPECT_EQ(State(reviewed), "reviewed");
  EXPECT_EQ(State(unsubscribed), "suppressed");
  EXPECT_EQ(State(pending), "cancelled");
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 4);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 5);
  EXPECT_EQ(database_->QueryInt(
                absl::StrCat("SELECT opinions FROM shop_rating_summaries WHERE shop_id = ", a.id)),
            1);
  EXPECT_EQ(database_->QueryStrings("SELECT display_name FROM opinions"),
            std::vector<std::string>{"Klient"});
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM opinion_revisions"), 0);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM erasures"), 1);
  // The links stop working.
  v1::GetOpinionFormRequest form;
  form.set_token(review_link);
  EXPECT_EQ(client_->GetOpinionForm(form).status().code(), absl::StatusCode::kNotFound);
  // Nothing is left to export but the suppression.
  Json after = Opinus({"privacy", "export", "--email", kAddress, "--json"});
  EXPECT_EQ(after["records"].size(), 0u) << after.dump(2);
  EXPECT_EQ(after["suppressions"].size(), 1u);

  // A later order of the erased person, who unsubscribed: never mailed.
  Cli({"settings", "set", "--shop", b.id, "--delay-days", "0", "--sending-hours", "0-24"});
  const int64_t later = Order(b.key, "2002", "Jan.Kowalski@example.com");
  std::unique_ptr<ChildProcess> dispatcher =
      Start({"--smtp_url=smtp://127.0.0.1:1", "--dispatch_interval=100ms"}, "dispatcher");
  ASSERT_NE(dispatcher, nullptr);
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (State(later) != "suppressed" && absl::Now() < give_up)
    absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(State(later), "suppressed") << dispatcher->Log();
  EXPECT_THAT(database_->QueryStrings(
                  absl::StrCat("SELECT state_reason FROM invitations WHERE id = ", later)),
              ElementsAre(HasSubstr("by any shop")));
}

// Retention through `opinus privacy purge`: invitations that ended long
// enough ago (their end moved back 181 days; the fake clock's day 179/180
// is InvitationContractTest's) lose everything that names the buyer; what
// is left keeps its counts, states, opinion and rating.
TEST_F(PrivacyTest, PurgeLeavesTheAddressOnlyAsTheSuppressionsHashAndKeepsTheRest) {
  const NewShop a = CreateShop("Sklep A", "sklepa.shoparena.pl");
  const int64_t reviewed = Order(a.key, "1001", "Jan.Kowalski@Example.com");
  const int64_t unsubscribed = Order(a.key, "1002", kAddress);
  const int64_t pending = Order(a.key, "1003", "ewa@example.com");
  ASSERT_GT(reviewed * unsubscribed * pending, 0);
  const std::string review_link =
      ReviewTwiceAndUnsubscribe(reviewed, unsubscribed, "Szybko.", "Szybko i dobrze.");
  // What a dispatcher's retry and a rejected event leave quoting the address.
  database_->Execute(absl::StrCat(
      "UPDATE invitations SET last_error = '451 <Jan.Kowalski@Example.com> busy' WHERE id = ",
      reviewed));
  database_->Execute(absl::StrCat(
      "INSERT INTO invitation_transitions (invitation_id, at, from_state, to_state, reason) "
      "VALUES (",
      reviewed, ", UTC_TIMESTAMP(3), 'sending', 'scheduled', '451 <JAN.KOWALSKI@example.com>')"));
  RecordRejectedEvent(a.id);
  EXPECT_THAT(database_->ColumnsHolding(kAddress),
              UnorderedElementsAre("invitations.customer_email", "invitations.last_error",
                                   "invitation_transitions.reason", "order_events.reason"));
  const std::string kept =
      "SELECT CONCAT_WS(' ', COUNT(*), GROUP_CONCAT(state ORDER BY id), "
      "(SELECT COUNT(*) FROM order_events), (SELECT CONCAT_WS(' ', opinions, rating_sum, stars_5) "
      "FROM shop_rating_summaries), (SELECT CONCAT_WS(' ', display_name, comment, status) FROM "
      "opinions)) FROM invitations";
  const std::vector<std::string> before = database_->QueryStrings(kept);
  EXPECT_THAT(before, ElementsAre("3 reviewed,suppressed,scheduled 4 1 5 1 Jan K. Szybko i "
                                  "dobrze. published"));

  // Not yet: nothing ended long enough ago.
  CommandResult early = RunOpinus({"privacy", "purge"});
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_EQ(early.out, "invitations: 0\nevents: 0\nmail_feedback: 0\nowners: 0\n");
  database_->Execute("UPDATE invitations SET updated_at = updated_at - INTERVAL 181 DAY");
  database_->Execute("UPDATE order_events SET received_at = received_at - INTERVAL 181 DAY");
  CommandResult purged = RunOpinus({"privacy", "purge"});
  ASSERT_EQ(purged.exit_code, 0) << purged.err;
  // The pending one never, however old; every event, by its own age.
  EXPECT_EQ(purged.out, "invitations: 2\nevents: 4\nmail_feedback: 0\nowners: 0\n");

  EXPECT_THAT(database_->ColumnsHolding(kAddress), IsEmpty());
  EXPECT_THAT(database_->ColumnsHolding("ewa@example.com"),
              ElementsAre("invitations.customer_email"));
  EXPECT_EQ(database_->QueryInt(absl::StrCat("SELECT COUNT(*) FROM suppressions WHERE email_hash "
                                             "= UNHEX('",
                                             TestEmailHashHex(kAddress), "')")),
            1);
  EXPECT_EQ(database_->QueryStrings(kept), before);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM opinion_revisions"), 0);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitation_tokens"), 0);
  v1::GetOpinionFormRequest form;
  form.set_token(review_link);
  EXPECT_EQ(client_->GetOpinionForm(form).status().code(), absl::StatusCode::kNotFound);
  // Once purged, never again.
  CommandResult again = RunOpinus({"privacy", "purge"});
  EXPECT_EQ(again.out, "invitations: 0\nevents: 0\nmail_feedback: 0\nowners: 0\n");
}

// Cores sharing the database sweep at once: each row is purged by one of
// them, and neither fails (a deadlock would).
TEST_F(PrivacyTest, TwoCoresPurgingAtOnceTakeEachRowOnce) {
  const NewShop a = CreateShop("Sklep A", "sklepa.shoparena.pl");
  constexpr int kEnded = 1000;
  database_->Execute(absl::StrCat(
      "INSERT INTO invitations (shop_id, order_id, customer_email, customer_first_name, "
      "customer_last_name, state, state_reason, status_time, send_at, created_at, updated_at) "
      "SELECT ",
      a.id,
      ", seq, CONCAT('buyer', seq, '@example.com'), 'Jan', 'Kowalski', 'cancelled', '', "
      "UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP() - INTERVAL 200 DAY "
      "FROM seq_1_to_",
      kEnded));
  database_->Execute(absl::StrCat(
      "INSERT INTO order_events (shop_id, received_at, event_name, order_id, status_id, "
      "status_type, status_name, outcome, reason, invitation_id) SELECT ",
      a.id,
      ", UTC_TIMESTAMP() - INTERVAL 200 DAY, 'order.status', seq, 4, 4, 'anulowane', "
      "'cancelled', CONCAT('buyer', seq, '@example.com'), 0 FROM seq_1_to_",
      kEnded));
  // Not sweeping at its start: the two sweeps below are the ones counted.
  std::unique_ptr<ChildProcess> second =
      Start({"--dispatch=false", "--retention_sweep_interval=0"}, "second");
  ASSERT_NE(second, nullptr);
  const int second_port = last_port_;
  auto purge = [](int port) {
    return RunCommand({BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", port),
                       absl::StrCat("--token-file=", GetTestTokens().operator_token_file), "--json",
                       "privacy", "purge"});
  };
  CommandResult first_result;
  std::thread first([&] { first_result = purge(grpc_port_); });
  CommandResult second_result = purge(second_port);
  first.join();
  ASSERT_EQ(first_result.exit_code, 0) << first_result.err;
  ASSERT_EQ(second_result.exit_code, 0) << second_result.err;
  int invitations = 0;
  int events = 0;
  for (const CommandResult* result : {&first_result, &second_result}) {
    const Json counts = Json::parse(result->out, nullptr, /*allow_exceptions=*/false);
    invitations += counts.value("invitations", 0);
    events += counts.value("events", 0);
  }
  EXPECT_EQ(invitations, kEnded);
  EXPECT_EQ(events, kEnded);
  EXPECT_THAT(database_->ColumnsHolding("buyer"), IsEmpty());
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations WHERE state = 'cancelled'"),
            kEnded);
}

// An opinion's author withdraws it through their link, through the real
// gateway: a confirmation step (the GET changes nothing), then the opinion
// leaves the public page and the shop's average, and keeps only its ratings
// and dates, recorded as withdrawn.
TEST_F(PrivacyTest, AnAuthorWithdrawsTheirOpinionAndTheShopsAverageFollows) {
  const NewShop a = CreateShop("Sklep A", "sklepa.shoparena.pl");
  const int64_t kept = Order(a.key, "1001", "ewa@example.com");
  const int64_t withdrawn = Order(a.key, "1002", kAddress);
  ASSERT_GT(kept * withdrawn, 0);
  ASSERT_TRUE(GiveOpinion(MailedLink(kept, "keptlinkkeptlinkkeptlinkkeptlin1"), 5, "Super.").ok());
  const std::string link = MailedLink(withdrawn, "withdrawlinkwithdrawlinkwithdra1");
  ASSERT_TRUE(GiveOpinion(link, 2, "Paczka szła dwa tygodnie.").ok());
  absl::StatusOr<RunningService> gateway =
      StartGateway(grpc_port_, absl::StrCat(log_prefix_, "-gateway.log"));
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const uint16_t port = static_cast<uint16_t>(gateway->port);
  auto get = [&](const std::string& path) {
    absl::StatusOr<HttpResponse> response = SendHttpRequest(port, "GET", path, {}, "");
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpResponse{};
  };
  // The numeric address moves to the readable one.
  const HttpResponse moved = get(absl::StrCat("/sklep/", a.id));
  ASSERT_EQ(moved.status, 301) << moved.body;
  const std::string shop_page = moved.headers.count("location") ? moved.headers.at("location") : "";
  EXPECT_THAT(get(shop_page).body, HasSubstr("<span class=\"big\">3,5</span>"));

  // The link's page offers it; the withdrawal page asks, changing nothing.
  EXPECT_THAT(get(absl::StrCat("/o/", link)).body, HasSubstr(link + "/wycofaj"));
  const HttpResponse asked = get(absl::StrCat("/o/", link, "/wycofaj"));
  EXPECT_EQ(asked.status, 200) << asked.body;
  EXPECT_THAT(asked.body, HasSubstr("Wycofaj moją opinię"));
  EXPECT_THAT(get(shop_page).body, HasSubstr("<span class=\"big\">3,5</span>"));

  absl::StatusOr<HttpResponse> done =
      SendHttpRequest(port, "POST", absl::StrCat("/o/", link, "/wycofaj"),
                      {{"Content-Type", "application/x-www-form-urlencoded"}}, "");
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status, 200) << done->body;
  EXPECT_THAT(done->body, HasSubstr("Opinia wycofana"));

  const HttpResponse page = get(shop_page);
  EXPECT_THAT(page.body, HasSubstr("<span class=\"big\">5,0</span>"));
  EXPECT_THAT(page.body, Not(HasSubstr("dwa tygodnie")));
  EXPECT_EQ(database_->QueryInt(
                absl::StrCat("SELECT opinions FROM shop_rating_summaries WHERE shop_id = ", a.id)),
            1);
  EXPECT_THAT(database_->QueryStrings(absl::StrCat(
                  "SELECT CONCAT_WS(' ', status, rating, display_name, comment) FROM opinions "
                  "WHERE invitation_id = ",
                  withdrawn)),
              ElementsAre("withdrawn 2  "));
  EXPECT_THAT(database_->ColumnsHolding("dwa tygodnie"), IsEmpty());
  // The link takes no opinion again; withdrawing again changes nothing.
  EXPECT_EQ(get(absl::StrCat("/o/", link)).status, 410);
  EXPECT_EQ(GiveOpinion(link, 5, "Jednak dobrze.").code(), absl::StatusCode::kFailedPrecondition);
  v1::WithdrawOpinionRequest again;
  again.set_token(link);
  EXPECT_TRUE(client_->WithdrawOpinion(again).ok());
  EXPECT_EQ(database_->QueryInt(
                absl::StrCat("SELECT opinions FROM shop_rating_summaries WHERE shop_id = ", a.id)),
            1);
  // An operator cannot bring it back.
  v1::ModerateOpinionRequest restore;
  restore.set_opinion_id(database_->QueryInt(
      absl::StrCat("SELECT id FROM opinions WHERE invitation_id = ", withdrawn)));
  restore.set_reason("mistake");
  EXPECT_EQ(client_->RestoreOpinion(restore).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// FormCsrf returns the CSRF token of the first form of a panel page.
std::string FormCsrf(const std::string& page) {
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t start = page.find(marker);
  if (start == std::string::npos) return "";
  const size_t from = start + marker.size();
  return page.substr(from, page.find('"', from) - from);
}

// HeaderOf returns the header `name` (lower case) of `response`; "" when absent.
std::string HeaderOf(const HttpResponse& response, const std::string& name) {
  const auto found = response.headers.find(name);
  return found == response.headers.end() ? "" : found->second;
}

// SessionCookie returns "opinus_session=..." of a reply that set it.
std::string SessionCookie(const HttpResponse& response) {
  const std::string set = HeaderOf(response, "set-cookie");
  return set.substr(0, set.find(';'));
}

// An owner deletes their account from the panel, through the real gateway:
// the password again, then logged out; a log-in within the grace undoes it
// and says so; the sweep deletes nothing before the grace ends and then
// everything: no text column of any table holds the owner's address, the
// shop's buyers' addresses or the shop's name or domain, and the shop's
// webhook URL answers 404.
TEST_F(PrivacyTest, AnOwnerDeletesTheirAccountLogsInToUndoItAndAfterTheGraceNothingIsLeft) {
  constexpr char kOwner[] = "wlasciciel.sklepu@example.com";
  constexpr char kPassword[] = "correct horse battery staple";
  constexpr char kBuyer[] = "ewa.kupujaca@example.com";
  absl::StatusOr<RunningService> gateway =
      StartGateway(grpc_port_, absl::StrCat(log_prefix_, "-gateway.log"));
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const uint16_t port = static_cast<uint16_t>(gateway->port);
  using Headers = std::vector<std::pair<std::string, std::string>>;
  auto send = [&](const std::string& method, const std::string& path, Headers headers,
                  const std::string& body) {
    absl::StatusOr<HttpResponse> response = SendHttpRequest(port, method, path, headers, body);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpResponse{};
  };
  auto form = [&](const std::string& path, const std::string& cookie, const std::string& body) {
    return send("POST", path,
                {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}}, body);
  };
  auto log_in = [&] {
    return form("/panel/login", "",
                absl::StrCat("email=", kOwner, "&password=correct+horse+battery+staple"));
  };

  // The owner, their shop, an order through its webhook URL and another
  // with an opinion, a bounce quoting a buyer, an App Store installation.
  const HttpResponse signed_up =
      send("POST", "/v1/accounts", {{"Content-Type", "application/json"}},
           Json{{"email", kOwner}, {"password", kPassword}}.dump());
  ASSERT_EQ(signed_up.status, 200) << signed_up.body;
  std::string cookie = SessionCookie(signed_up);
  const std::string api_csrf = Json::parse(signed_up.body).value("csrf_token", "");
  const HttpResponse shop =
      send("POST", "/v1/shops",
           {{"Cookie", cookie}, {"X-CSRF-Token", api_csrf}, {"Content-Type", "application/json"}},
           Json{{"name", "Ceramika Mietowa"}, {"domain", "ceramikamietowa.shoparena.pl"}}.dump());
  ASSERT_EQ(shop.status, 200) << shop.body;
  const std::string shop_id = database_->QueryStrings("SELECT id FROM shops")[0];
  const std::string key = database_->QueryStrings("SELECT webhook_key FROM shops")[0];
  const std::string shipped =
      ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"));
  const Headers webhook_headers = {{"Content-Type", "application/json"},
                                   {"X-Webhook-Name", "order.status"}};
  EXPECT_EQ(send("POST", absl::StrCat("/api/", key), webhook_headers, shipped).status, 200);
  const int64_t reviewed = Order(key, "2001", kBuyer);
  ASSERT_TRUE(
      GiveOpinion(MailedLink(reviewed, "ownerdeletionlinkownerdeletion01"), 5, "Piekne miski.")
          .ok());
  database_->Execute(absl::StrCat(
      "INSERT INTO mail_feedback (received_at, kind, shop_id, invitation_id, mail, status, "
      "detail) VALUES (UTC_TIMESTAMP(), 'bounce', ",
      shop_id, ", ", reviewed, ", 'invitation', '5.1.1', '550 <", kBuyer, "> unknown')"));
  database_->Execute(absl::StrCat(
      "INSERT INTO app_installations (licence, shop_url, application_code, application_version, "
      "installed, installed_at, updated_at, subscription_end, callbacks, shop_id, access_token, "
      "refresh_token) VALUES ('licence-1', 'https://ceramikamietowa.shoparena.pl', 'opinus', "
      "'1', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), '', 1, ",
      shop_id, ", 'access-secret', 'refresh-secret')"));
  database_->Execute(
      "INSERT INTO appstore_callbacks (installation_id, received_at, action, sent_at, "
      "application_version) SELECT id, UTC_TIMESTAMP(), 'install', UTC_TIMESTAMP(), '1' "
      "FROM app_installations");
  EXPECT_THAT(database_->ColumnsHolding(kOwner), Not(IsEmpty()));
  EXPECT_THAT(database_->ColumnsHolding("ceramikamietowa"), Not(IsEmpty()));
  EXPECT_THAT(database_->ColumnsHolding(kAddress), Not(IsEmpty()));

  // The account page asks for the password; a wrong one changes nothing.
  const HttpResponse account = send("GET", "/panel/account", {{"Cookie", cookie}}, "");
  ASSERT_EQ(account.status, 200) << account.body;
  EXPECT_THAT(account.body, HasSubstr("Usuń konto i wszystkie sklepy"));
  const std::string csrf = FormCsrf(account.body);
  const HttpResponse wrong =
      form("/panel/account/delete", cookie, absl::StrCat("csrf=", csrf, "&password=nie+to+haslo"));
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_THAT(wrong.body, HasSubstr("Nieprawidłowe hasło"));
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM owners WHERE deletion_due_at IS NULL"), 1);
  // Without the session's CSRF token: refused.
  EXPECT_EQ(form("/panel/account/delete", cookie, "password=correct+horse+battery+staple").status,
            403);

  const HttpResponse scheduled =
      form("/panel/account/delete", cookie,
           absl::StrCat("csrf=", csrf, "&password=correct+horse+battery+staple"));
  ASSERT_EQ(scheduled.status, 200) << scheduled.body;
  EXPECT_THAT(scheduled.body, HasSubstr("Konto zostanie usunięte"));
  EXPECT_THAT(HeaderOf(scheduled, "set-cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM owners WHERE deletion_due_at > "
                                "UTC_TIMESTAMP() + INTERVAL 13 DAY"),
            1);
  // Logged out everywhere.
  EXPECT_EQ(send("GET", "/panel", {{"Cookie", cookie}}, "").status, 303);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM owner_sessions"), 0);

  // Logging in within the grace undoes it, and the shops page says so.
  const HttpResponse back = log_in();
  ASSERT_EQ(back.status, 303) << back.body;
  EXPECT_EQ(HeaderOf(back, "location"), "/panel?deletion=cancelled");
  cookie = SessionCookie(back);
  const HttpResponse shops = send("GET", "/panel?deletion=cancelled", {{"Cookie", cookie}}, "");
  EXPECT_THAT(shops.body, HasSubstr("usuwanie anulowaliśmy"));
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM owners WHERE deletion_due_at IS NULL"), 1);
  EXPECT_EQ(HeaderOf(log_in(), "location"), "/panel");

  // Asked again; the sweep deletes nothing before the grace ends.
  const HttpResponse again = form(
      "/panel/account/delete", cookie,
      absl::StrCat("csrf=", FormCsrf(send("GET", "/panel/account", {{"Cookie", cookie}}, "").body),
                   "&password=correct+horse+battery+staple"));
  ASSERT_EQ(again.status, 200) << again.body;
  const std::string nothing = "invitations: 0\nevents: 0\nmail_feedback: 0\nowners: 0\n";
  EXPECT_EQ(RunOpinus({"privacy", "purge"}).out, nothing);
  database_->Execute(
      "UPDATE owners SET deletion_due_at = deletion_due_at - INTERVAL 14 DAY + INTERVAL 1 HOUR");
  EXPECT_EQ(RunOpinus({"privacy", "purge"}).out, nothing);
  EXPECT_EQ(send("POST", absl::StrCat("/api/", key), webhook_headers, shipped).status, 200);

  database_->Execute("UPDATE owners SET deletion_due_at = deletion_due_at - INTERVAL 2 HOUR");
  const CommandResult swept = RunOpinus({"privacy", "purge"});
  ASSERT_EQ(swept.exit_code, 0) << swept.err;
  EXPECT_EQ(swept.out, "invitations: 0\nevents: 0\nmail_feedback: 0\nowners: 1\n");
  // ASCII: ColumnsHolding's LIKE cannot compare other text with ASCII columns.
  for (const char* gone : {kOwner, kAddress, kBuyer, "ceramikamietowa", "Ceramika Mietowa",
                           "access-secret", "Piekne miski"}) {
    EXPECT_THAT(database_->ColumnsHolding(gone), IsEmpty()) << gone;
  }
  EXPECT_THAT(database_->QueryStrings(
                  "SELECT CONCAT_WS(' ', shops, invitations, opinions) FROM deleted_accounts"),
              ElementsAre("1 2 1"));
  for (const char* table : {"owners", "shops", "invitations", "order_events", "opinions",
                            "owner_sessions", "mail_feedback", "app_installations"}) {
    EXPECT_EQ(database_->QueryInt(absl::StrCat("SELECT COUNT(*) FROM ", table)), 0) << table;
  }
  // The webhook URL is unknown now; the owner's log-in too.
  EXPECT_EQ(send("POST", absl::StrCat("/api/", key), webhook_headers, shipped).status, 404);
  EXPECT_EQ(log_in().status, 401);
}

TEST_F(PrivacyTest, AMalformedAddressIsRefused) {
  const CommandResult refused = RunOpinus({"privacy", "erase", "--email", "not-an-address"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("email: not an e-mail address"));
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM erasures"), 0);
}

// A customer's data in every shop is the operator's to show, erase or purge: not
// the gateway's (owners act through it) nor a read-only token's.
TEST_F(PrivacyTest, OnlyAnOperatorMayExportEraseOrPurge) {
  for (const std::string& token : {GetTestTokens().gateway_token, GetTestTokens().readonly_token}) {
    client::ClientOptions options;
    options.target = absl::StrCat("127.0.0.1:", grpc_port_);
    options.token = token;
    client::Client client(options);
    v1::ExportPersonalDataRequest export_request;
    export_request.set_email(kAddress);
    EXPECT_EQ(client.ExportPersonalData(export_request).status().code(),
              absl::StatusCode::kPermissionDenied);
    v1::ErasePersonalDataRequest erase_request;
    erase_request.set_email(kAddress);
    EXPECT_EQ(client.ErasePersonalData(erase_request).status().code(),
              absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(client.Purge(v1::PurgeRequest()).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM erasures"), 0);
}

// No default key, not even for development: the server refuses to start
// without one, or with one too short, and never shows it.
TEST_F(PrivacyTest, TheServerRefusesToStartWithoutAPrivacyKey) {
  const std::vector<std::string> base = {BinaryPath("opinus-server"), "--insecure-no-auth",
                                         "--listen=127.0.0.1:0",
                                         absl::StrCat("--db=", database_->connect_string())};
  const CommandResult missing = RunCommand(base, absl::Seconds(10));
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("--privacy_key_file is required"));

  const std::string key_file = absl::StrCat(log_prefix_, "-short.key");
  std::ofstream(key_file, std::ios::trunc) << "short-secret\n";
  std::vector<std::string> short_key = base;
  short_key.push_back(absl::StrCat("--privacy_key_file=", key_file));
  const CommandResult refused = RunCommand(short_key, absl::Seconds(10));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("shorter than 32 bytes"));
  EXPECT_THAT(refused.err, Not(HasSubstr("short-secret")));
}

}  // namespace
}  // namespace opinus::testing
