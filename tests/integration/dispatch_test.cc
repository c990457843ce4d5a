// Dispatch with real parts: opinus-server processes on a real MariaDB send
// invitations through libcurl to a real SMTP sink (aiosmtpd writing one file
// per mail), on loopback. Each test is bounded in time.
#include <soci/soci.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/privacy_request.h"
#include "server/domain/token.h"
#include "tests/integration/child_process.h"
#include "tests/integration/loopback_ports.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"
#include "tests/support/parsed_mail.h"
#include "tests/support/test_address_hasher.h"

namespace opinus::testing {
namespace {

namespace fs = std::filesystem;

// WaitFor polls `done` every 50 ms until it holds or `timeout` passes.
template <typename Done>
bool WaitFor(Done done, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return done();
}

class DispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("dispatch");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat("dispatch-", getpid(), "-",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    smtp_port_ = FreePort();
  }

  // StartSink runs aiosmtpd on smtp_port_, storing each mail as a file under
  // dir_/mailbox/new, and waits until it accepts connections.
  void StartSink() {
    absl::StatusOr<ChildProcess> sink = ChildProcess::Start(
        {"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", absl::StrCat("127.0.0.1:", smtp_port_),
         "-c", "aiosmtpd.handlers.Mailbox", (dir_ / "mailbox").string()},
        (dir_ / "sink.log").string());
    ASSERT_TRUE(sink.ok()) << sink.status();
    sink_ = std::make_unique<ChildProcess>(*std::move(sink));
    ASSERT_TRUE(WaitFor([&] { return Accepts(smtp_port_); }, absl::Seconds(15))) << sink_->Log();
  }

  // StartRejectingSink runs an SMTP server that answers 550 to every RCPT.
  void StartRejectingSink() {
    absl::StatusOr<ChildProcess> sink =
        ChildProcess::Start({"/usr/bin/python3", OPINUS_REJECT_SINK, absl::StrCat(smtp_port_)},
                            (dir_ / "reject-sink.log").string());
    ASSERT_TRUE(sink.ok()) << sink.status();
    sink_ = std::make_unique<ChildProcess>(*std::move(sink));
    ASSERT_TRUE(WaitFor([&] { return Accepts(smtp_port_); }, absl::Seconds(15))) << sink_->Log();
  }

  // StartCountingSink runs an SMTP sink on smtp_port_ that logs, for each
  // mail, its connection and the mails in flight (counting_smtp_sink.py).
  void StartCountingSink() {
    absl::StatusOr<ChildProcess> sink = ChildProcess::Start(
        {"/usr/bin/python3", OPINUS_COUNTING_SINK, absl::StrCat(smtp_port_), SinkLogPath()},
        (dir_ / "counting-sink.log").string());
    ASSERT_TRUE(sink.ok()) << sink.status();
    sink_ = std::make_unique<ChildProcess>(*std::move(sink));
    ASSERT_TRUE(WaitFor([&] { return Accepts(smtp_port_); }, absl::Seconds(15))) << sink_->Log();
  }

  std::string SinkLogPath() const { return (dir_ / "mails.log").string(); }

  // StartServer runs an opinus-server whose dispatcher sends to the sink.
  std::unique_ptr<ChildProcess> StartServer(std::vector<std::string> extra = {}) {
    std::vector<std::string> flags = {absl::StrCat("--smtp_url=smtp://127.0.0.1:", smtp_port_),
                                      "--mail_from=zaproszenia@opinus.example",
                                      "--public_url=https://opinus.example",
                                      "--dispatch_interval=100ms"};
    flags.insert(flags.end(), extra.begin(), extra.end());
    absl::StatusOr<RunningService> server = StartCoreServer(
        database_->connect_string(),
        (dir_ / absl::StrCat("server-", servers_started_++, ".log")).string(), flags);
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return nullptr;
    core_port_ = server->port;
    return std::move(server->process);
  }

  // AddShopAndInvitations adds an approved shop (no daily cap) that may be
  // mailed at any hour and `count` invitations due a minute ago; call after a
  // server migrated.
  void AddShopAndInvitations(int count) {
    database_->Execute(
        "INSERT INTO shops (name, domain, owner_email, webhook_key, invitation_delay_days, "
        "trigger_status_type, trigger_status_ids, time_zone, sending_enabled, created_at, "
        "updated_at, sender_name, language, sending_hour_start, sending_hour_end, approved_at) "
        "VALUES ('Ceramika Kowalski – sklep', 'sklep1.shoparena.pl', 'owner@example.com', "
        "'abcdefghij0123456789', 7, 3, '', 'Europe/Warsaw', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
        "'', 'pl', 0, 24, UTC_TIMESTAMP())");
    // MariaDB's sequence engine gives the rows 1..count in one statement.
    database_->Execute(absl::StrCat(
        "INSERT INTO invitations (shop_id, order_id, customer_email, customer_first_name, "
        "customer_last_name, state, state_reason, status_time, send_at, created_at, updated_at) "
        "SELECT 1, seq, CONCAT('klient', seq, '@example.com'), 'Jan', 'Kowalski', 'scheduled', "
        "'', UTC_TIMESTAMP() - INTERVAL 7 DAY, UTC_TIMESTAMP() - INTERVAL 1 MINUTE, "
        "UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_",
        count));
  }

  long long CountInState(const std::string& state) {
    return database_->QueryInt(
        absl::StrCat("SELECT COUNT(*) FROM invitations WHERE state = '", state, "'"));
  }

  std::string QueryString(const std::string& sql) {
    soci::session session("mysql",
                          std::string(absl::StripPrefix(database_->connect_string(), "mysql://")));
    std::string value;
    soci::indicator indicator = soci::i_null;
    session << sql, soci::into(value, indicator);
    return indicator == soci::i_ok ? value : "";
  }

  std::vector<fs::path> Mails() {
    std::vector<fs::path> mails;
    const fs::path box = dir_ / "mailbox" / "new";
    if (!fs::exists(box)) return mails;
    for (const auto& entry : fs::directory_iterator(box)) mails.push_back(entry.path());
    return mails;
  }

  // ParseCaptured reads a mail the sink stored.
  static ParsedMail ParseCaptured(const fs::path& path) {
    return ParseStoredMail(ReadFile(path.string()));
  }

  // StartServerAndGateway runs the sink, a server (server_) and a gateway
  // (gateway_, on gateway_port_).
  void StartServerAndGateway() {
    StartSink();
    server_ = StartServer();
    ASSERT_NE(server_, nullptr);
    absl::StatusOr<RunningService> gateway =
        StartGateway(core_port_, (dir_ / "gateway.log").string());
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::move(gateway->process);
    gateway_port_ = static_cast<uint16_t>(gateway->port);
  }

  // StartWithOneMail runs StartServerAndGateway, adds one due invitation and
  // waits for its mail; token_ is the mail's token (its List-Unsubscribe link
  // and its opinion link carry the same).
  void StartWithOneMail() {
    ASSERT_NO_FATAL_FAILURE(StartServerAndGateway());
    AddShopAndInvitations(1);
    ASSERT_TRUE(WaitFor([&] { return Mails().size() == 1; }, absl::Seconds(20))) << server_->Log();
    token_ = LinkToken(Mails()[0]);
    ASSERT_FALSE(token_.empty());
  }

  // LinkToken returns the token of a mail's links (its List-Unsubscribe link
  // and its opinion link carry the same), empty when it has none.
  static std::string LinkToken(const fs::path& mail) {
    const std::string link = ParseCaptured(mail).Header("List-Unsubscribe");
    constexpr absl::string_view kPrefix = "<https://opinus.example/u/";
    EXPECT_TRUE(absl::StartsWith(link, kPrefix)) << link;
    if (!absl::StartsWith(link, kPrefix)) return "";
    return link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1);
  }

  // IsKnownToken returns whether the database keeps `token`'s hash, that is
  // whether its links open the invitation.
  bool IsKnownToken(const std::string& token) {
    const std::string hash = absl::BytesToHexString(server::Sha256(token));
    const std::string query = absl::StrCat(
        "SELECT COUNT(*) FROM invitation_tokens WHERE token_hash = UNHEX('", hash, "')");
    return database_->QueryInt(query) == 1;
  }

  std::set<std::string> DistinctMessageIds(const std::vector<fs::path>& mails) {
    std::set<std::string> ids;
    for (const fs::path& mail : mails) ids.insert(ParseCaptured(mail).Header("Message-ID"));
    return ids;
  }

  std::unique_ptr<TestDatabase> database_;
  fs::path dir_;
  int smtp_port_ = 0;
  int servers_started_ = 0;
  // The port of the server started last.
  int core_port_ = 0;
  // Set by StartWithOneMail.
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<ChildProcess> gateway_;
  uint16_t gateway_port_ = 0;
  std::string token_;
  std::unique_ptr<ChildProcess> sink_;
};

// An owner who signs up gets a link by mail; their shop's invitations wait,
// scheduled, until the link is opened, and then leave. The link works once.
TEST_F(DispatchTest, AnOwnersShopSendsNothingUntilTheLinkOfTheirConfirmationMailIsOpened) {
  ASSERT_NO_FATAL_FAILURE(StartServerAndGateway());
  const uint16_t port = gateway_port_;

  absl::StatusOr<HttpResponse> signed_up =
      SendHttpRequest(port, "POST", "/v1/accounts", {{"Content-Type", "application/json"}},
                      R"({"email":"Nowa@Example.com","password":"correct horse battery staple"})");
  ASSERT_TRUE(signed_up.ok()) << signed_up.status();
  ASSERT_EQ(signed_up->status, 200) << signed_up->body;
  EXPECT_THAT(signed_up->body, ::testing::Not(::testing::HasSubstr("email_confirm_time")));
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 1; }, absl::Seconds(20))) << server_->Log();
  const ParsedMail mail = ParseCaptured(Mails()[0]);
  EXPECT_EQ(mail.Header("To"), "<nowa@example.com>");
  const auto text = mail.parts.find("text/plain");
  ASSERT_NE(text, mail.parts.end());
  const std::string link = "https://opinus.example/panel/confirm/";
  const size_t at = text->second.find(link);
  ASSERT_NE(at, std::string::npos) << text->second;
  const std::string token = text->second.substr(at + link.size(), server::kTokenBytes * 4 / 3);
  // Only its hash is kept.
  EXPECT_EQ(database_->QueryInt(absl::StrCat("SELECT COUNT(*) FROM owners WHERE confirm_token_hash "
                                             "= UNHEX('",
                                             absl::BytesToHexString(server::Sha256(token)), "')")),
            1);

  // The owner's approved shop, with one invitation due; the dispatcher holds it.
  AddShopAndInvitations(1);
  database_->Execute("UPDATE shops SET owner_id = (SELECT id FROM owners)");
  ASSERT_TRUE(WaitFor(
      [&] {
        return QueryString("SELECT state_reason FROM invitations").find("not confirmed") !=
               std::string::npos;
      },
      absl::Seconds(20)))
      << server_->Log();
  EXPECT_EQ(CountInState("scheduled"), 1);
  EXPECT_EQ(Mails().size(), 1u);

  absl::StatusOr<HttpResponse> wrong =
      SendHttpRequest(port, "GET", "/panel/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", {}, "");
  ASSERT_TRUE(wrong.ok()) << wrong.status();
  EXPECT_EQ(wrong->status, 404);
  absl::StatusOr<HttpResponse> opened =
      SendHttpRequest(port, "GET", absl::StrCat("/panel/confirm/", token), {}, "");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->status, 200) << opened->body;
  EXPECT_THAT(opened->body, ::testing::HasSubstr("nowa@example.com"));
  absl::StatusOr<HttpResponse> again =
      SendHttpRequest(port, "GET", absl::StrCat("/panel/confirm/", token), {}, "");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->status, 404);

  // The hold is looked at again within minutes; the test does not wait them.
  database_->Execute("UPDATE invitations SET send_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND");
  ASSERT_TRUE(WaitFor([&] { return CountInState("sent") == 1; }, absl::Seconds(20)))
      << server_->Log();
  EXPECT_EQ(Mails().size(), 2u);
}

// SendReport hands `message` to the bounce listener on `port` for
// `recipient` with Python's smtplib, and returns the reply code to its data.
int SendReport(int port, const std::string& protocol, const std::string& recipient,
               const std::string& message, const fs::path& dir) {
  static int sent = 0;
  const fs::path file = dir / absl::StrCat("report-", sent++, ".eml");
  std::ofstream(file, std::ios::binary) << message;
  const CommandResult result = RunCommand({"/usr/bin/python3", OPINUS_REPORT_SENDER,
                                           absl::StrCat(port), protocol, recipient, file.string()},
                                          absl::Seconds(60));
  int code = 0;
  EXPECT_TRUE(absl::SimpleAtoi(absl::StripAsciiWhitespace(result.out), &code))
      << result.out << result.err;
  return code;
}

// A delivery status notification for `address`, as Postfix writes one.
std::string Bounce(const std::string& address, const std::string& status) {
  return absl::StrCat(
      "From: MAILER-DAEMON@mx.example.com\r\nSubject: Undelivered Mail\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
      "--b1\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n"
      "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n"
      "\r\nFinal-Recipient: rfc822; ",
      address, "\r\nAction: ", status[0] == '5' ? "failed" : "delayed", "\r\nStatus: ", status,
      "\r\nDiagnostic-Code: smtp; ", status[0] == '5' ? "550" : "451", " ", status,
      " refused\r\n\r\n--b1--\r\n");
}

// The bounce listener of a real core: what the MTA hands over by SMTP or
// LMTP changes the invitation, the suppressions and the shop's counts, and
// nothing else; garbage and an oversized message change nothing.
TEST_F(DispatchTest, BouncesAndComplaintsThatComeBackChangeWhatTheyShould) {
  StartSink();
  const int bounce_port = FreePort();
  const int metrics_port = FreePort();
  server_ = StartServer({absl::StrCat("--bounce_listen=127.0.0.1:", bounce_port),
                         absl::StrCat("--metrics_listen=127.0.0.1:", metrics_port)});
  ASSERT_NE(server_, nullptr);
  AddShopAndInvitations(3);
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 3; }, absl::Seconds(20))) << server_->Log();
  // The sink notes each mail's envelope sender: bounces+<id>@, one per mail.
  std::map<std::string, std::string> sender_of;
  for (const fs::path& path : Mails()) {
    const ParsedMail mail = ParseCaptured(path);
    const std::string to(absl::StripPrefix(absl::StripSuffix(mail.Header("To"), ">"), "<"));
    sender_of[to] = mail.Header("X-MailFrom");
    EXPECT_TRUE(absl::StartsWith(sender_of[to], "bounces+")) << sender_of[to];
  }
  ASSERT_EQ(sender_of.size(), 3u);
  auto state_of = [&](const std::string& email) {
    return QueryString(
        absl::StrCat("SELECT state FROM invitations WHERE customer_email = '", email, "'"));
  };

  // A mailbox that does not exist: bounced, and no shop mails it again.
  EXPECT_EQ(SendReport(bounce_port, "smtp", sender_of["klient1@example.com"],
                       Bounce("klient1@example.com", "5.1.1"), dir_),
            250);
  EXPECT_EQ(state_of("klient1@example.com"), "bounced");
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM suppressions WHERE shop_id = 0 AND email_hash = UNHEX('",
                TestEmailHashHex("klient1@example.com"), "') AND source = 'bounce'")),
            1);
  // A temporary failure, by LMTP: recorded, nothing else.
  EXPECT_EQ(SendReport(bounce_port, "lmtp", sender_of["klient2@example.com"],
                       Bounce("klient2@example.com", "4.4.1"), dir_),
            250);
  EXPECT_EQ(state_of("klient2@example.com"), "sent");
  // A complaint names the mail by its Original-Mail-From: suppressed for all shops.
  const std::string complaint = absl::StrCat(
      "Content-Type: multipart/report; report-type=feedback-report; boundary=\"c\"\r\n\r\n"
      "--c\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\n"
      "Original-Mail-From: <",
      sender_of["klient3@example.com"],
      ">\r\nOriginal-Rcpt-To: <klient3@example.com>\r\n\r\n--c--\r\n");
  EXPECT_EQ(SendReport(bounce_port, "smtp", "complaints@opinus.example", complaint, dir_), 250);
  EXPECT_EQ(state_of("klient3@example.com"), "sent");
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM suppressions WHERE shop_id = 0 AND email_hash = UNHEX('",
                TestEmailHashHex("klient3@example.com"), "') AND source = 'complaint'")),
            1);
  // About no mail of ours, garbage, not UTF-8: kept as unmatched; too big: refused.
  std::string big;
  while (big.size() <= (11u << 20)) absl::StrAppend(&big, std::string(998, 'a'), "\r\n");
  EXPECT_EQ(SendReport(bounce_port, "smtp", "bounces+00000000000000000000@opinus.example",
                       Bounce("nikt@example.com", "5.1.1"), dir_),
            250);
  EXPECT_EQ(SendReport(bounce_port, "smtp", "bounces@opinus.example",
                       "Subject: \xff\xfe\r\n\r\nnot a report \x80\r\n", dir_),
            250);
  EXPECT_EQ(SendReport(bounce_port, "smtp", sender_of["klient2@example.com"],
                       absl::StrCat("Subject: big\r\n\r\n", big), dir_),
            552);

  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM mail_feedback WHERE shop_id = 1"), 3);
  for (const char* kind : {"hard_bounce", "soft_bounce", "complaint"}) {
    EXPECT_EQ(database_->QueryInt(absl::StrCat(
                  "SELECT COUNT(*) FROM mail_feedback WHERE shop_id = 1 AND kind = '", kind, "'")),
              1)
        << kind;
  }
  EXPECT_EQ(database_->QueryInt(
                "SELECT COUNT(*) FROM mail_feedback WHERE kind = 'unmatched' AND shop_id IS NULL"),
            2);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM suppressions"), 2);
  EXPECT_EQ(CountInState("bounced"), 1);
  EXPECT_EQ(CountInState("sent"), 2);
  absl::StatusOr<HttpResponse> metrics =
      SendHttpRequest(static_cast<uint16_t>(metrics_port), "GET", "/metrics", {}, "");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  for (const char* line : {R"(opinus_mail_feedback_total{kind="hard_bounce",shop="1"} 1)",
                           R"(opinus_mail_feedback_total{kind="complaint",shop="1"} 1)",
                           R"(opinus_mail_feedback_total{kind="unmatched",shop="none"} 2)"}) {
    EXPECT_THAT(metrics->body, ::testing::HasSubstr(line));
  }
}

// With the --dkim_* flags every mail leaves signed, and a verifier of its own
// (python3-dkim, the key given directly) accepts what the sink received.
TEST_F(DispatchTest, WithDkimFlagsTheMailLeavesSignedAndVerifies) {
  StartSink();
  std::unique_ptr<ChildProcess> server =
      StartServer({"--dkim_domain=opinus.example", "--dkim_selector=mail2026",
                   absl::StrCat("--dkim_key_file=", OPINUS_TESTDATA_DIR, "/dkim-test.key")});
  ASSERT_NE(server, nullptr);
  AddShopAndInvitations(1);
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 1; }, absl::Seconds(20))) << server->Log();
  EXPECT_THAT(ParseCaptured(Mails()[0]).Header("DKIM-Signature"),
              ::testing::HasSubstr("d=opinus.example;"));
  const CommandResult verified =
      RunCommand({"/usr/bin/python3", OPINUS_DKIM_VERIFIER, Mails()[0].string(),
                  absl::StrCat(OPINUS_TESTDATA_DIR, "/dkim-test.p")});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_EQ(server->Log().find("mail_unsigned"), std::string::npos);
}

TEST_F(DispatchTest, DkimFlagsThatDoNotGoTogetherOrABadKeyStopTheServerAtStart) {
  const std::string key_file = (dir_ / "bad.key").string();
  std::ofstream(key_file) << "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--dkim_domain=opinus.example"}, "go together"},
      {{"--dkim_domain=opinus.example", "--dkim_selector=mail2026",
        absl::StrCat("--dkim_key_file=", key_file)},
       "DKIM: the key cannot sign"}};
  for (const auto& [flags, message] : cases) {
    std::vector<std::string> argv = {BinaryPath("opinus-server"), "--insecure-no-auth",
                                     "--listen=127.0.0.1:0",
                                     absl::StrCat("--db=", database_->connect_string())};
    argv.insert(argv.end(), flags.begin(), flags.end());
    const CommandResult refused = RunCommand(argv);
    EXPECT_NE(refused.exit_code, 0) << message;
    EXPECT_THAT(refused.err + refused.out, ::testing::HasSubstr(message));
  }
}

TEST_F(DispatchTest, OneDueInvitationIsSentOnceAsARealMail) {
  StartSink();
  std::unique_ptr<ChildProcess> server = StartServer();
  ASSERT_NE(server, nullptr);
  AddShopAndInvitations(1);
  ASSERT_TRUE(WaitFor([&] { return CountInState("sent") == 1; }, absl::Seconds(20)))
      << server->Log();
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 1; }, absl::Seconds(5)));
  absl::SleepFor(absl::Milliseconds(500));  // A second send would show up by now.
  const std::vector<fs::path> mails = Mails();
  ASSERT_EQ(mails.size(), 1u);

  ParsedMail mail = ParseCaptured(mails[0]);
  EXPECT_EQ(DecodeWords(mail.Header("From")),
            "Ceramika Kowalski – sklep <zaproszenia@opinus.example>");
  EXPECT_EQ(mail.Header("To"), "<klient1@example.com>");
  EXPECT_EQ(DecodeWords(mail.Header("Subject")),
            "Jak oceniasz zakupy w sklepie Ceramika Kowalski – sklep?");
  EXPECT_EQ(mail.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  EXPECT_EQ(mail.Header("X-RcptTo"), "klient1@example.com");
  EXPECT_EQ(mail.Header("Message-ID"),
            QueryString("SELECT message_id FROM invitations WHERE id = 1"));

  // The link carries the token; the database holds only its SHA-256.
  const std::string text = mail.parts["text/plain"];
  const size_t at = text.find("https://opinus.example/o/");
  ASSERT_NE(at, std::string::npos) << text;
  const std::string token = text.substr(at + 25, 32);
  EXPECT_EQ(mail.Header("List-Unsubscribe"),
            absl::StrCat("<https://opinus.example/u/", token, ">"));
  EXPECT_THAT(mail.parts["text/html"], ::testing::HasSubstr(token));
  EXPECT_EQ(
      QueryString("SELECT LOWER(HEX(token_hash)) FROM invitation_tokens WHERE invitation_id = 1"),
      absl::BytesToHexString(server::Sha256(token)));
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM invitations WHERE CONCAT_WS('|', order_id, customer_email, "
                "state_reason, last_error, message_id) LIKE '%",
                token, "%'")),
            0);
  EXPECT_EQ(QueryString("SELECT GROUP_CONCAT(to_state ORDER BY id) FROM invitation_transitions "
                        "WHERE invitation_id = 1"),
            "sending,sent");
  EXPECT_EQ(server->Log().find(token), std::string::npos);
}

TEST_F(DispatchTest, TheMailsUnsubscribeLinkStopsEveryLaterMail) {
  StartWithOneMail();
  const uint16_t port = gateway_port_;
  const std::string path = absl::StrCat("/u/", token_);

  // GET only shows the choice: a link scanner unsubscribes nobody.
  absl::StatusOr<HttpResponse> page = SendHttpRequest(port, "GET", path, {}, "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(page->headers["referrer-policy"], "same-origin");
  EXPECT_THAT(page->body, ::testing::HasSubstr("Ceramika Kowalski – sklep"));
  EXPECT_THAT(page->body, ::testing::HasSubstr("k***@example.com"));
  EXPECT_THAT(page->body, ::testing::HasSubstr("name=\"scope\" value=\"all\""));
  EXPECT_EQ(CountInState("sent"), 1);

  // The mail program's one-click POST (RFC 8058).
  absl::StatusOr<HttpResponse> one_click =
      SendHttpRequest(port, "POST", path, {{"Content-Type", "application/x-www-form-urlencoded"}},
                      "List-Unsubscribe=One-Click");
  ASSERT_TRUE(one_click.ok()) << one_click.status();
  EXPECT_EQ(one_click->status, 200);
  EXPECT_THAT(one_click->body, ::testing::HasSubstr("Gotowe"));
  EXPECT_EQ(CountInState("suppressed"), 1);
  // The list keeps the address only as its keyed hash.
  EXPECT_EQ(
      QueryString(
          "SELECT CONCAT(shop_id, ' ', LOWER(HEX(email_hash)), ' ', source) FROM suppressions"),
      absl::StrCat("1 ", TestEmailHashHex("klient1@example.com"), " one-click"));

  // A later order of the same customer, whatever the letter case, is never mailed.
  database_->Execute(
      "INSERT INTO invitations (shop_id, order_id, customer_email, customer_first_name, "
      "customer_last_name, state, state_reason, status_time, send_at, created_at, updated_at) "
      "VALUES (1, 'later', 'Klient1@Example.com', 'Jan', 'K', 'scheduled', '', UTC_TIMESTAMP(), "
      "UTC_TIMESTAMP() - INTERVAL 1 MINUTE, UTC_TIMESTAMP(), UTC_TIMESTAMP())");
  ASSERT_TRUE(WaitFor([&] { return CountInState("suppressed") == 2; }, absl::Seconds(20)))
      << server_->Log();
  EXPECT_EQ(Mails().size(), 1u);

  // The page's second button: no shop at all.
  absl::StatusOr<HttpResponse> all = SendHttpRequest(
      port, "POST", path, {{"Content-Type", "application/x-www-form-urlencoded"}}, "scope=all");
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->status, 200);
  EXPECT_THAT(all->body, ::testing::HasSubstr("od żadnego"));
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM suppressions WHERE shop_id = 0"), 1);

  absl::StatusOr<HttpResponse> unknown =
      SendHttpRequest(port, "GET", "/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", {}, "");
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_EQ(unknown->status, 404);
  EXPECT_THAT(unknown->body, ::testing::HasSubstr("Ten link nie działa"));
  EXPECT_EQ(gateway_->Log().find(token_), std::string::npos);
  EXPECT_EQ(server_->Log().find(token_), std::string::npos);
}

TEST_F(DispatchTest, TheMailsOpinionLinkTakesAnOpinionThatTheShopPageShows) {
  StartWithOneMail();
  const uint16_t port = gateway_port_;
  const std::string path = absl::StrCat("/o/", token_);
  ASSERT_THAT(ParseCaptured(Mails()[0]).parts["text/plain"],
              ::testing::HasSubstr(absl::StrCat("https://opinus.example", path)));
  const std::vector<std::pair<std::string, std::string>> form_headers = {
      {"Content-Type", "application/x-www-form-urlencoded"}};

  absl::StatusOr<HttpResponse> form = SendHttpRequest(port, "GET", path, {}, "");
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_EQ(form->status, 200);
  EXPECT_THAT(form->body, ::testing::HasSubstr("Oceń sklep Ceramika Kowalski – sklep"));
  EXPECT_THAT(form->body, ::testing::HasSubstr("placeholder=\"Jan K.\""));
  EXPECT_EQ(form->headers["cache-control"], "no-store");

  // Missing consent and rating: the form comes back, nothing stored.
  absl::StatusOr<HttpResponse> invalid =
      SendHttpRequest(port, "POST", path, form_headers, "comment=Dobrze&rating=9");
  ASSERT_TRUE(invalid.ok());
  EXPECT_EQ(invalid->status, 422);
  EXPECT_THAT(invalid->body, ::testing::HasSubstr("id=\"consent-error\""));
  EXPECT_THAT(invalid->body, ::testing::HasSubstr("id=\"rating-error\""));
  EXPECT_THAT(invalid->body, ::testing::HasSubstr(">Dobrze</textarea>"));
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM opinions"), 0);

  absl::StatusOr<HttpResponse> sent = SendHttpRequest(
      port, "POST", path, form_headers,
      "rating=4&delivery_rating=5&product_rating=0&service_rating=0&comment=Paczka+dotar%C5%82a+"
      "szybko+%3Cscript%3Ealert(1)%3C%2Fscript%3E&display_name=&consent=1");
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->status, 200) << sent->body;
  EXPECT_THAT(sent->body, ::testing::HasSubstr("Dziękujemy za opinię!"));
  EXPECT_EQ(CountInState("reviewed"), 1);

  // The shop's numeric page moves to the readable one, which it gives the shop.
  absl::StatusOr<HttpResponse> moved = SendHttpRequest(port, "GET", "/sklep/1", {}, "");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->status, 301);
  EXPECT_EQ(moved->headers["location"], "/sklep/sklep1");
  absl::StatusOr<HttpResponse> page = SendHttpRequest(port, "GET", "/sklep/sklep1", {}, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, ::testing::HasSubstr("<span class=\"big\">4,0</span>"));
  EXPECT_THAT(page->body, ::testing::HasSubstr("Paczka dotarła szybko &lt;script&gt;"));
  EXPECT_EQ(page->body.find("<script>"), std::string::npos);
  EXPECT_THAT(page->body, ::testing::HasSubstr("<span class=\"bar-count\">1 (100%)</span>"));
  EXPECT_THAT(page->body, ::testing::HasSubstr("Jan K."));
  EXPECT_THAT(page->body, ::testing::HasSubstr("zweryfikowany zakup"));

  absl::StatusOr<HttpResponse> badge = SendHttpRequest(port, "GET", "/sklep/1/badge.svg", {}, "");
  ASSERT_TRUE(badge.ok());
  EXPECT_EQ(badge->headers["content-type"], "image/svg+xml");
  EXPECT_THAT(badge->body, ::testing::HasSubstr(">4,0</text>"));
  EXPECT_THAT(badge->body, ::testing::HasSubstr("1 opinia"));

  absl::StatusOr<HttpResponse> feed = SendHttpRequest(port, "GET", "/v1/shops/1/opinions", {}, "");
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(feed->status, 200);
  EXPECT_THAT(feed->body, ::testing::HasSubstr("\"verified_purchase\":true"));
  EXPECT_THAT(feed->body, ::testing::HasSubstr("\"rating\":4"));

  // Within 7 days the link edits the opinion; its history keeps both.
  absl::StatusOr<HttpResponse> again = SendHttpRequest(port, "GET", path, {}, "");
  EXPECT_THAT(again->body, ::testing::HasSubstr("Możesz ją zmienić"));
  absl::StatusOr<HttpResponse> edited = SendHttpRequest(
      port, "POST", path, form_headers, "rating=5&comment=Jeszcze+lepiej&consent=1");
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->status, 200);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM opinions"), 1);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM opinion_revisions"), 2);
  EXPECT_EQ(database_->QueryInt("SELECT rating_sum FROM shop_rating_summaries"), 5);
  EXPECT_EQ(gateway_->Log().find(token_), std::string::npos);

  // Only an operator hides an opinion, with a reason; the page and the
  // average follow at once.
  const std::vector<std::string> cli = {
      BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", core_port_),
      absl::StrCat("--token-file=", GetTestTokens().operator_token_file)};
  std::vector<std::string> hide = cli;
  hide.insert(hide.end(), {"opinions", "hide", "--opinion", "1", "--reason", "spam"});
  CommandResult hidden = RunCommand(hide);
  ASSERT_EQ(hidden.exit_code, 0) << hidden.err;
  EXPECT_THAT(hidden.out, ::testing::HasSubstr("hidden"));
  absl::StatusOr<HttpResponse> after = SendHttpRequest(port, "GET", "/sklep/sklep1", {}, "");
  // No opinion shown: said in words, never as a "0,0" that reads as a bad
  // rating, and no structured data describing ratings that are not there.
  EXPECT_THAT(after->body, ::testing::HasSubstr("Ten sklep nie ma jeszcze opinii."));
  EXPECT_THAT(after->body, ::testing::Not(::testing::HasSubstr("0,0")));
  EXPECT_THAT(after->body, ::testing::Not(::testing::HasSubstr("application/ld+json")));
  absl::StatusOr<HttpResponse> empty_badge =
      SendHttpRequest(port, "GET", "/sklep/1/badge.svg", {}, "");
  ASSERT_TRUE(empty_badge.ok());
  EXPECT_THAT(empty_badge->body, ::testing::HasSubstr(">brak opinii</text>"));
  EXPECT_THAT(empty_badge->body, ::testing::Not(::testing::HasSubstr("0,0")));
  std::vector<std::string> as_gateway = {
      BinaryPath("opinus"),
      absl::StrCat("--server=127.0.0.1:", core_port_),
      absl::StrCat("--token-file=", GetTestTokens().gateway_token_file),
      "opinions",
      "restore",
      "--opinion",
      "1",
      "--reason",
      "x"};
  CommandResult refused = RunCommand(as_gateway);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, ::testing::HasSubstr("PERMISSION_DENIED"));
}

// JsonLdOf returns the text of the page's JSON-LD script, "" when it has none.
std::string JsonLdOf(const std::string& page) {
  const std::string kOpen = "<script type=\"application/ld+json\">";
  const size_t start = page.find(kOpen);
  if (start == std::string::npos) return "";
  const size_t end = page.find("</script>", start);
  if (end == std::string::npos) return "";
  return page.substr(start + kOpen.size(), end - start - kOpen.size());
}

// MetaContent returns the content attribute of the page's <meta property=`property`>.
std::string MetaContent(const std::string& page, absl::string_view property) {
  const std::string open = absl::StrCat("<meta property=\"", property, "\" content=\"");
  const size_t start = page.find(open);
  if (start == std::string::npos) return "";
  const size_t end = page.find('"', start + open.size());
  return page.substr(start + open.size(), end - start - open.size());
}

// CountOf returns how many times `part` occurs in `text`.
size_t CountOf(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// The public page of a shop has a readable URL made from its domain (the
// numeric one moved there for good), Open Graph tags, and schema.org JSON-LD
// once there are opinions; a hostile shop name and display name end neither
// the script nor an attribute.
TEST_F(DispatchTest, ThePublicPageMovesToItsSlugAndDescribesTheShopSafely) {
  StartWithOneMail();
  const uint16_t port = gateway_port_;
  const std::string hostile_name =
      "Kowalski </script><script>alert(1)</script> \"cudzysłów\" 'apostrof' & \xE2\x80\xA8 "
      "\xE2\x80\xA9 koniec";
  database_->Execute(
      "UPDATE shops SET name = 'Kowalski </script><script>alert(1)</script> \"cudzysłów\" "
      "''apostrof'' & \xE2\x80\xA8 \xE2\x80\xA9 koniec' WHERE id = 1");

  // A shop from before slugs: its numeric page gives it one and moves there.
  EXPECT_EQ(QueryString("SELECT COALESCE(slug, '') FROM shops WHERE id = 1"), "");
  absl::StatusOr<HttpResponse> moved = SendHttpRequest(port, "GET", "/sklep/1", {}, "");
  ASSERT_TRUE(moved.ok()) << moved.status();
  ASSERT_EQ(moved->status, 301) << gateway_->Log() << server_->Log();
  EXPECT_EQ(moved->headers["location"], "/sklep/sklep1");
  EXPECT_EQ(QueryString("SELECT slug FROM shops WHERE id = 1"), "sklep1");
  absl::StatusOr<HttpResponse> moved_page =
      SendHttpRequest(port, "GET", "/sklep/1?strona=25", {}, "");
  ASSERT_TRUE(moved_page.ok());
  EXPECT_EQ(moved_page->status, 301);
  EXPECT_EQ(moved_page->headers["location"], "/sklep/sklep1?strona=25");
  absl::StatusOr<HttpResponse> unknown =
      SendHttpRequest(port, "GET", "/sklep/nie-ma-takiego", {}, "");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->status, 404);
  absl::StatusOr<HttpResponse> unknown_id = SendHttpRequest(port, "GET", "/sklep/999", {}, "");
  ASSERT_TRUE(unknown_id.ok());
  EXPECT_EQ(unknown_id->status, 404);

  // Empty: words instead of 0,0, Open Graph tags, no JSON-LD.
  absl::StatusOr<HttpResponse> empty = SendHttpRequest(port, "GET", "/sklep/sklep1", {}, "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->status, 200);
  EXPECT_THAT(empty->body, ::testing::HasSubstr("Ten sklep nie ma jeszcze opinii."));
  EXPECT_THAT(empty->body, ::testing::Not(::testing::HasSubstr("0,0")));
  EXPECT_EQ(JsonLdOf(empty->body), "");
  EXPECT_EQ(CountOf(empty->body, "<script"), 0u);
  EXPECT_EQ(MetaContent(empty->body, "og:description"), "Ten sklep nie ma jeszcze opinii.");
  EXPECT_EQ(MetaContent(empty->body, "og:url"),
            absl::StrCat("http://127.0.0.1:", port, "/sklep/sklep1"));
  EXPECT_THAT(empty->body,
              ::testing::HasSubstr("<meta name=\"robots\" content=\"index, follow\">"));

  absl::StatusOr<HttpResponse> sent =
      SendHttpRequest(port, "POST", absl::StrCat("/o/", token_),
                      {{"Content-Type", "application/x-www-form-urlencoded"}},
                      "rating=4&comment=Dobrze+%3C%2Fscript%3E+%E2%80%A8+koniec&display_name=Jan+%"
                      "22%3C%2Fscript%3E%22"
                      "&consent=1");
  ASSERT_TRUE(sent.ok());
  ASSERT_EQ(sent->status, 200) << sent->body;

  absl::StatusOr<HttpResponse> full = SendHttpRequest(port, "GET", "/sklep/sklep1", {}, "");
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->status, 200);
  // The one script is the JSON-LD, and nothing in it ends it early.
  EXPECT_EQ(CountOf(full->body, "<script"), 1u);
  EXPECT_EQ(CountOf(full->body, "</script>"), 1u);
  const std::string text = JsonLdOf(full->body);
  ASSERT_FALSE(text.empty()) << full->body;
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find("\xE2\x80\xA8"), std::string::npos) << text;
  EXPECT_EQ(text.find("\xE2\x80\xA9"), std::string::npos) << text;
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << text;
  EXPECT_EQ(json["@context"], "https://schema.org");
  EXPECT_EQ(json["@type"], "Organization");
  EXPECT_EQ(json["name"], hostile_name);
  EXPECT_EQ(json["url"], "https://sklep1.shoparena.pl");
  EXPECT_EQ(json["aggregateRating"]["@type"], "AggregateRating");
  EXPECT_EQ(json["aggregateRating"]["ratingValue"], 4);
  EXPECT_EQ(json["aggregateRating"]["ratingCount"], 1);
  EXPECT_EQ(json["aggregateRating"]["bestRating"], 5);
  EXPECT_EQ(json["aggregateRating"]["worstRating"], 1);
  ASSERT_EQ(json["review"].size(), 1u);
  const nlohmann::json& review = json["review"][0];
  EXPECT_EQ(review["@type"], "Review");
  EXPECT_EQ(review["author"]["@type"], "Person");
  EXPECT_EQ(review["author"]["name"], "Jan \"</script>\"");
  EXPECT_EQ(review["reviewBody"], "Dobrze </script> \xE2\x80\xA8 koniec");
  EXPECT_EQ(review["reviewRating"]["ratingValue"], 4);
  EXPECT_EQ(review["datePublished"],
            absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone()));

  // Open Graph: the name escaped inside its attribute.
  const std::string title = MetaContent(full->body, "og:title");
  EXPECT_THAT(title, ::testing::StartsWith("Opinie o sklepie Kowalski &lt;/script&gt;"));
  EXPECT_THAT(title, ::testing::HasSubstr("&quot;cudzysłów&quot;"));
  EXPECT_THAT(title, ::testing::HasSubstr("&amp;"));
  EXPECT_EQ(title.find('<'), std::string::npos);
  EXPECT_EQ(MetaContent(full->body, "og:description"),
            "Średnia ocena 4,0 / 5 z 1 opinii klientów, którzy kupili w tym sklepie.");
  EXPECT_EQ(MetaContent(full->body, "og:type"), "website");
  EXPECT_THAT(full->body, ::testing::HasSubstr("<span class=\"bar-count\">1 (100%)</span>"));

  // Both badges, by slug and by the numeric id embedded before slugs.
  for (const char* path : {"/sklep/sklep1/badge.svg", "/sklep/1/badge.svg",
                           "/sklep/sklep1/badge-small.svg", "/sklep/1/badge-small.svg"}) {
    absl::StatusOr<HttpResponse> badge = SendHttpRequest(port, "GET", path, {}, "");
    ASSERT_TRUE(badge.ok()) << path;
    EXPECT_EQ(badge->status, 200) << path;
    EXPECT_EQ(badge->headers["content-type"], "image/svg+xml") << path;
    EXPECT_THAT(badge->body, ::testing::HasSubstr(">4,0</text>")) << path;
    EXPECT_THAT(badge->body, ::testing::HasSubstr("&lt;/script&gt;")) << path;
    EXPECT_EQ(badge->body.find("</script>"), std::string::npos) << path;
  }
  absl::StatusOr<HttpResponse> small =
      SendHttpRequest(port, "GET", "/sklep/sklep1/badge-small.svg", {}, "");
  EXPECT_THAT(small->body, ::testing::HasSubstr("width=\"120\" height=\"28\""));
}

// The customer's whole way in a real browser: Debian's Chromium, driven by
// playwright-core (tests/browser), from the link of a mail the sink caught
// to the shop's public page. Screenshots go to the build's test-artifacts.
TEST_F(DispatchTest, ACustomerRatesTheShopInARealBrowser) {
  StartWithOneMail();
  const std::string base = absl::StrCat("http://127.0.0.1:", gateway_port_);
  // The mail's 4-star link, on the test's gateway.
  const std::string html = ParseCaptured(Mails()[0]).parts["text/html"];
  const std::string star = absl::StrCat("https://opinus.example/o/", token_, "?rating=4");
  ASSERT_NE(html.find(absl::StrCat("href=\"", star, "\"")), std::string::npos) << html;
  const std::string form_url = absl::StrCat(base, "/o/", token_, "?rating=4");

  const fs::path screenshots = fs::path(OPINUS_ARTIFACT_DIR) / "browser";
  fs::create_directories(screenshots);
  CommandResult browser =
      RunCommand({"/usr/bin/env", "node", absl::StrCat(OPINUS_BROWSER_DIR, "/opinion_flow.mjs"),
                  form_url, absl::StrCat(base, "/sklep/1"), screenshots.string()},
                 absl::Seconds(120));
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err << gateway_->Log();
  EXPECT_THAT(browser.out, ::testing::HasSubstr("all checks held"));
  EXPECT_TRUE(fs::exists(screenshots / "0-shop-empty.png"));
  EXPECT_TRUE(fs::exists(screenshots / "4-shop.png"));
  EXPECT_TRUE(fs::exists(screenshots / "axe-shop-rated.json"));
  EXPECT_EQ(CountInState("reviewed"), 1);
}

TEST_F(DispatchTest, TwoServersSendEachOfAThousandInvitationsExactlyOnce) {
  StartSink();
  std::unique_ptr<ChildProcess> first = StartServer();
  std::unique_ptr<ChildProcess> second = StartServer();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  const absl::Time start = absl::Now();
  AddShopAndInvitations(1000);
  ASSERT_TRUE(WaitFor([&] { return CountInState("sent") == 1000; }, absl::Seconds(150)))
      << CountInState("sent") << " sent\n"
      << first->Log() << second->Log();
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(WaitFor([&] { return Mails().size() >= 1000; }, absl::Seconds(10)));
  absl::SleepFor(absl::Milliseconds(500));
  const std::vector<fs::path> mails = Mails();
  EXPECT_EQ(mails.size(), 1000u);
  EXPECT_EQ(DistinctMessageIds(mails).size(), 1000u);
  // Both servers did part of the work.
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(DISTINCT reason) FROM invitation_transitions "
                                "WHERE to_state = 'sending'"),
            2);
  std::cout << "dispatch rate: 1000 invitations in " << absl::FormatDuration(took) << " = "
            << 1000 / absl::ToDoubleSeconds(took) << " per second (two servers, one sink)\n";
}

// A mail the counting sink took: on which connection, and how many mails
// were in flight then.
struct SunkMail {
  int client_port = 0;
  int in_flight = 0;
  std::string message_id;
};

std::vector<SunkMail> ReadSinkLog(const std::string& path) {
  std::vector<SunkMail> mails;
  if (!fs::exists(path)) return mails;
  std::istringstream lines(ReadFile(path));
  SunkMail mail;
  while (lines >> mail.client_port >> mail.in_flight >> mail.message_id) mails.push_back(mail);
  return mails;
}

TEST_F(DispatchTest, FourSendersSendOverSeveralConnectionsAtOnceAndEachInvitationOnce) {
  StartCountingSink();
  std::unique_ptr<ChildProcess> server = StartServer({"--dispatch_senders=4"});
  ASSERT_NE(server, nullptr);
  AddShopAndInvitations(200);
  ASSERT_TRUE(WaitFor([&] { return CountInState("sent") == 200; }, absl::Seconds(120)))
      << CountInState("sent") << " sent\n"
      << server->Log();
  ASSERT_TRUE(WaitFor([&] { return ReadSinkLog(SinkLogPath()).size() >= 200; }, absl::Seconds(10)));
  absl::SleepFor(absl::Milliseconds(500));
  const std::vector<SunkMail> mails = ReadSinkLog(SinkLogPath());
  std::set<int> connections;
  std::set<std::string> message_ids;
  int most_in_flight = 0;
  for (const SunkMail& mail : mails) {
    connections.insert(mail.client_port);
    message_ids.insert(mail.message_id);
    most_in_flight = std::max(most_in_flight, mail.in_flight);
  }
  EXPECT_EQ(mails.size(), 200u);
  EXPECT_EQ(message_ids.size(), 200u);
  // Several mails at once, over connections that are reused: one a sender.
  EXPECT_GE(most_in_flight, 2);
  EXPECT_GE(connections.size(), 2u);
  EXPECT_LE(connections.size(), 4u);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(DISTINCT invitation_id) FROM "
                                "invitation_transitions WHERE to_state = 'sent'"),
            200);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitation_transitions "
                                "WHERE to_state = 'sent'"),
            200);
}

TEST_F(DispatchTest, AfterSigkillTheOtherServerFinishesOnceTheLeaseExpires) {
  StartSink();
  const std::vector<std::string> short_lease = {"--dispatch_lease=3s", "--dispatch_batch=20",
                                                "--dispatch_senders=4",
                                                "--dispatch_sends_per_commit=8"};
  std::unique_ptr<ChildProcess> victim = StartServer(short_lease);
  ASSERT_NE(victim, nullptr);
  AddShopAndInvitations(400);
  ASSERT_TRUE(WaitFor([&] { return CountInState("sent") >= 20; }, absl::Seconds(30)))
      << victim->Log();
  std::unique_ptr<ChildProcess> survivor = StartServer(short_lease);
  ASSERT_NE(survivor, nullptr);
  // Killed while it holds claims: they stay `sending` until their lease ends.
  ASSERT_TRUE(WaitFor([&] { return CountInState("sending") > 0; }, absl::Seconds(10)));
  victim->Kill();
  ASSERT_TRUE(WaitFor([&] { return CountInState("sent") == 400; }, absl::Seconds(60)))
      << CountInState("sent") << " sent, " << CountInState("sending") << " sending\n"
      << survivor->Log();
  ASSERT_TRUE(WaitFor([&] { return Mails().size() >= 400; }, absl::Seconds(10)));
  const std::vector<fs::path> mails = Mails();
  EXPECT_EQ(DistinctMessageIds(mails).size(), 400u);
  // At most the mails the victim had handed over but not yet recorded go
  // out twice, with the same Message-ID: a group's (8) for each of 4 senders.
  EXPECT_LE(mails.size(), 400u + 4 * 8);
  // The links of every mail work, those of a copy whose sending the victim
  // never recorded too.
  int dead_links = 0;
  for (const fs::path& mail : mails) dead_links += IsKnownToken(LinkToken(mail)) ? 0 : 1;
  EXPECT_EQ(dead_links, 0);
  std::cout << "[fault] dispatcher killed mid-batch: 400 invitations sent, " << mails.size() - 400
            << " duplicate mails in the sink, " << dead_links << " mails with dead links\n";
}

TEST_F(DispatchTest, SinkDownMeansRetryAndTheMailGoesOutOnceItIsUp) {
  std::unique_ptr<ChildProcess> server =
      StartServer({"--dispatch_retry_base=1s", "--dispatch_max_attempts=20"});
  ASSERT_NE(server, nullptr);
  AddShopAndInvitations(1);
  ASSERT_TRUE(WaitFor(
      [&] { return database_->QueryInt("SELECT attempts FROM invitations WHERE id = 1") >= 1; },
      absl::Seconds(20)))
      << server->Log();
  EXPECT_EQ(CountInState("scheduled"), 1);
  EXPECT_NE(QueryString("SELECT last_error FROM invitations WHERE id = 1"), "");
  StartSink();
  ASSERT_TRUE(WaitFor([&] { return CountInState("sent") == 1; }, absl::Seconds(30)))
      << server->Log();
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 1; }, absl::Seconds(5)));
  EXPECT_TRUE(absl::StartsWith(
      QueryString("SELECT GROUP_CONCAT(to_state ORDER BY id) FROM invitation_transitions "
                  "WHERE invitation_id = 1"),
      "sending,scheduled,sending"));
}

TEST_F(DispatchTest, APermanentRefusalFailsTheInvitationWithTheReason) {
  StartRejectingSink();
  std::unique_ptr<ChildProcess> server = StartServer();
  ASSERT_NE(server, nullptr);
  AddShopAndInvitations(1);
  ASSERT_TRUE(WaitFor([&] { return CountInState("failed") == 1; }, absl::Seconds(20)))
      << server->Log();
  const std::string reason = QueryString("SELECT state_reason FROM invitations WHERE id = 1");
  EXPECT_THAT(reason, ::testing::HasSubstr("550"));
  EXPECT_THAT(reason, ::testing::HasSubstr("mailbox unavailable"));
  EXPECT_EQ(database_->QueryInt("SELECT attempts FROM invitations WHERE id = 1"), 1);
}

// A person's own request on the public page /prywatnosc: a link goes to the
// address, and only its confirmation (a POST, never the GET a mail scanner
// makes) acts, once.
class PrivacyRequestTest : public DispatchTest {
 protected:
  // Ask posts the page's form for `email` and `action` from our own page.
  HttpResponse Ask(const std::string& email, const std::string& action,
                   const std::string& origin = "") {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Type", "application/x-www-form-urlencoded"}};
    if (!origin.empty()) headers.emplace_back("Origin", origin);
    absl::StatusOr<HttpResponse> response = SendHttpRequest(
        gateway_port_, "POST", "/prywatnosc", headers,
        absl::StrCat("email=", absl::StrReplaceAll(email, {{"@", "%40"}}), "&action=", action));
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpResponse{};
  }

  HttpResponse Link(const std::string& method, const std::string& token,
                    const std::string& origin = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!origin.empty()) headers.emplace_back("Origin", origin);
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(gateway_port_, method, absl::StrCat("/prywatnosc/", token), headers, "");
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpResponse{};
  }

  // MailsTo returns the mails the sink holds for `email`, by Subject.
  std::vector<ParsedMail> MailsTo(const std::string& email, const std::string& subject) {
    std::vector<ParsedMail> found;
    for (const fs::path& path : Mails()) {
      ParsedMail mail = ParseCaptured(path);
      if (mail.Header("To") == absl::StrCat("<", email, ">") &&
          absl::StrContains(DecodeWords(mail.Header("Subject")), subject)) {
        found.push_back(std::move(mail));
      }
    }
    return found;
  }

  // RequestLink waits for the one request mail to `email` and returns its
  // link's token.
  std::string RequestLink(const std::string& email, const std::string& subject) {
    EXPECT_TRUE(WaitFor([&] { return MailsTo(email, subject).size() == 1; }, absl::Seconds(20)))
        << server_->Log();
    const std::vector<ParsedMail> mails = MailsTo(email, subject);
    if (mails.size() != 1) return "";
    const std::string& text = mails[0].parts.at("text/plain");
    const std::string link = "https://opinus.example/prywatnosc/";
    const size_t at = text.find(link);
    EXPECT_NE(at, std::string::npos) << text;
    if (at == std::string::npos) return "";
    return text.substr(at + link.size(), server::kTokenBytes * 4 / 3);
  }
};

constexpr char kEraseSubject[] = "Potwierdź usunięcie danych";

TEST_F(PrivacyRequestTest, AConfirmedRequestErasesTheAddressEverywhereAndTheLinkWorksOnce) {
  ASSERT_NO_FATAL_FAILURE(StartWithOneMail());
  const std::string address = "klient1@example.com";

  const HttpResponse asked = Ask("Klient1@Example.com", "erase");
  EXPECT_EQ(asked.status, 200) << asked.body;
  EXPECT_THAT(asked.body, ::testing::HasSubstr("Sprawdź skrzynkę"));
  const std::string token = RequestLink(address, kEraseSubject);
  ASSERT_FALSE(token.empty());
  // Only the token's hash is kept, and never the token in a log.
  EXPECT_EQ(database_->QueryInt(
                absl::StrCat("SELECT COUNT(*) FROM privacy_requests WHERE token_hash = UNHEX('",
                             absl::BytesToHexString(server::Sha256(token)), "')")),
            1);

  // Opening the link (as a mail scanner does) shows the button and erases nothing.
  const HttpResponse shown = Link("GET", token);
  EXPECT_EQ(shown.status, 200) << shown.body;
  EXPECT_THAT(shown.body, ::testing::HasSubstr("k***@example.com"));
  EXPECT_THAT(shown.body, ::testing::HasSubstr("Usuń moje dane"));
  EXPECT_THAT(
      database_->ColumnsHolding(address),
      ::testing::UnorderedElementsAre("invitations.customer_email", "privacy_requests.email"));
  // Another site's page cannot confirm it.
  EXPECT_EQ(Link("POST", token, "https://evil.example").status, 403);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM erasures"), 0);

  // Our own page's button.
  const HttpResponse confirmed =
      Link("POST", token, absl::StrCat("http://127.0.0.1:", gateway_port_));
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_THAT(confirmed.body, ::testing::HasSubstr("Dane usunięte"));
  EXPECT_THAT(database_->ColumnsHolding(address), ::testing::IsEmpty());
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM erasures"), 1);
  EXPECT_EQ(CountInState("sent"), 1);
  EXPECT_FALSE(IsKnownToken(token_));

  // Used: the link is refused, GET and POST alike.
  EXPECT_EQ(Link("POST", token).status, 404);
  EXPECT_EQ(Link("GET", token).status, 404);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM erasures"), 1);
  for (const std::string& log : {server_->Log(), gateway_->Log()}) {
    EXPECT_THAT(log, ::testing::Not(::testing::HasSubstr(token)));
    EXPECT_THAT(absl::AsciiStrToLower(log), ::testing::Not(::testing::HasSubstr(address)));
  }
}

// The page answers alike whether or not anything is held about the address:
// the same page, and a link by mail either way.
TEST_F(PrivacyRequestTest, AnUnknownAddressGetsTheSamePageAndMail) {
  ASSERT_NO_FATAL_FAILURE(StartWithOneMail());
  const HttpResponse known = Ask("klient1@example.com", "erase");
  const HttpResponse unknown = Ask("nikt@example.com", "erase");
  EXPECT_EQ(known.status, 200);
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.body, known.body);
  EXPECT_FALSE(RequestLink("klient1@example.com", kEraseSubject).empty());
  const std::string token = RequestLink("nikt@example.com", kEraseSubject);
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Link("POST", token).status, 200);
  // Nothing of the other person's was touched.
  EXPECT_THAT(
      database_->ColumnsHolding("klient1@example.com"),
      ::testing::UnorderedElementsAre("invitations.customer_email", "privacy_requests.email"));
}

TEST_F(PrivacyRequestTest, AnExpiredLinkIsRefusedAndErasesNothing) {
  ASSERT_NO_FATAL_FAILURE(StartWithOneMail());
  Ask("klient1@example.com", "erase");
  const std::string token = RequestLink("klient1@example.com", kEraseSubject);
  ASSERT_FALSE(token.empty());
  database_->Execute(
      "UPDATE privacy_requests SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND");
  EXPECT_EQ(Link("GET", token).status, 404);
  EXPECT_EQ(Link("POST", token).status, 404);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM erasures"), 0);
  EXPECT_THAT(database_->ColumnsHolding("klient1@example.com"),
              ::testing::Contains("invitations.customer_email"));
}

TEST_F(PrivacyRequestTest, RequestsAreLimitedPerAddressAndForeignPagesRefused) {
  ASSERT_NO_FATAL_FAILURE(StartServerAndGateway());
  EXPECT_EQ(Ask("ktos@example.com", "erase", "https://evil.example").status, 403);
  EXPECT_EQ(Ask("not-an-address", "erase").status, 400);
  for (int i = 0; i < server::kMaxPrivacyRequestsPerAddress; ++i) {
    EXPECT_EQ(Ask("ktos@example.com", i % 2 == 0 ? "erase" : "export").status, 200);
  }
  const HttpResponse refused = Ask("KTOS@example.com", "erase");
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM privacy_requests"),
            server::kMaxPrivacyRequestsPerAddress);
}

// A confirmed export mails what `opinus privacy export --json` prints, as a
// file, and the request then forgets the address.
TEST_F(PrivacyRequestTest, AConfirmedExportMailsThePersonsDataAsAJsonFile) {
  ASSERT_NO_FATAL_FAILURE(StartWithOneMail());
  Ask("klient1@example.com", "export");
  const std::string token =
      RequestLink("klient1@example.com", "Twoje dane w Opinus / Your data held");
  ASSERT_FALSE(token.empty());
  EXPECT_THAT(Link("GET", token).body, ::testing::HasSubstr("Wyślij kopię danych"));
  const HttpResponse confirmed = Link("POST", token);
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  ASSERT_TRUE(WaitFor([&] { return MailsTo("klient1@example.com", "(plik JSON)").size() == 1; },
                      absl::Seconds(20)));
  const ParsedMail mail = MailsTo("klient1@example.com", "(plik JSON)")[0];
  EXPECT_THAT(mail.Header("Content-Type"), ::testing::HasSubstr("multipart/mixed"));
  const auto file = mail.parts.find("application/json");
  ASSERT_NE(file, mail.parts.end());
  const nlohmann::json data = nlohmann::json::parse(file->second, nullptr, false);
  ASSERT_TRUE(data.is_object()) << file->second;
  EXPECT_EQ(data["email"], "klient1@example.com");
  ASSERT_EQ(data["records"].size(), 1u);
  EXPECT_EQ(data["records"][0]["invitation"]["orderId"], "1");
  EXPECT_EQ(data["records"][0]["invitation"]["state"], "INVITATION_STATE_SENT");
  // The export changed nothing; the request no longer holds the address.
  EXPECT_THAT(database_->ColumnsHolding("klient1@example.com"),
              ::testing::ElementsAre("invitations.customer_email"));
  EXPECT_EQ(Link("POST", token).status, 404);
}

// The request's whole way in a real browser (tests/browser/privacy_flow.mjs):
// the form, the mail the sink caught, its link, the button; then the scan.
TEST_F(PrivacyRequestTest, ACustomerErasesTheirDataInARealBrowser) {
  ASSERT_NO_FATAL_FAILURE(StartWithOneMail());
  const fs::path screenshots = fs::path(OPINUS_ARTIFACT_DIR) / "browser";
  fs::create_directories(screenshots);
  CommandResult browser =
      RunCommand({"/usr/bin/env", "node", absl::StrCat(OPINUS_BROWSER_DIR, "/privacy_flow.mjs"),
                  absl::StrCat("http://127.0.0.1:", gateway_port_), "klient1@example.com",
                  (dir_ / "mailbox").string(), screenshots.string()},
                 absl::Seconds(120));
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err << gateway_->Log();
  EXPECT_THAT(browser.out, ::testing::HasSubstr("all checks held"));
  EXPECT_TRUE(fs::exists(screenshots / "privacy-4-done.png"));
  EXPECT_THAT(database_->ColumnsHolding("klient1@example.com"), ::testing::IsEmpty());
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM erasures"), 1);
}

// DashboardTest adds an owner with a session and their approved shop that
// mails at once, to read the shop's dashboard through the panel.
class DashboardTest : public DispatchTest {
 protected:
  static constexpr char kDashboardShopKey[] = "dashboardkey01234567";

  struct Session {
    std::string cookie;
  };

  // SignUpAndConfirm signs an owner up through the API and opens the link of
  // their confirmation mail; returns their session cookie.
  Session SignUpAndConfirm() {
    absl::StatusOr<HttpResponse> signed_up = SendHttpRequest(
        gateway_port_, "POST", "/v1/accounts", {{"Content-Type", "application/json"}},
        R"({"email":"wlasciciel@example.com","password":"correct horse battery staple"})");
    EXPECT_TRUE(signed_up.ok() && signed_up->status == 200);
    if (!signed_up.ok()) return {};
    const std::string set_cookie = signed_up->headers["set-cookie"];
    EXPECT_TRUE(WaitFor([&] { return Mails().size() == 1; }, absl::Seconds(20)));
    if (Mails().empty()) return {};
    const std::string text = ParseCaptured(Mails()[0]).parts["text/plain"];
    const std::string link = "https://opinus.example/panel/confirm/";
    const size_t at = text.find(link);
    EXPECT_NE(at, std::string::npos) << text;
    if (at == std::string::npos) return {};
    const std::string token = text.substr(at + link.size(), server::kTokenBytes * 4 / 3);
    absl::StatusOr<HttpResponse> opened =
        SendHttpRequest(gateway_port_, "GET", absl::StrCat("/panel/confirm/", token), {}, "");
    EXPECT_TRUE(opened.ok() && opened->status == 200);
    return {set_cookie.substr(0, set_cookie.find(';'))};
  }

  // AddOwnedShop adds the owner's approved shop (key kDashboardShopKey,
  // invitations at once, any hour) and returns its id.
  int64_t AddOwnedShop() {
    database_->Execute(absl::StrCat(
        "INSERT INTO shops (name, domain, owner_email, webhook_key, invitation_delay_days, "
        "trigger_status_type, trigger_status_ids, time_zone, sending_enabled, created_at, "
        "updated_at, sender_name, language, sending_hour_start, sending_hour_end, approved_at, "
        "owner_id) SELECT 'Ceramika <Kowalski>', 'sklep1.shoparena.pl', email, '",
        kDashboardShopKey,
        "', 0, 3, '', 'Europe/Warsaw', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), '', 'pl', 0, 24, "
        "UTC_TIMESTAMP(), id FROM owners"));
    return database_->QueryInt("SELECT MAX(id) FROM shops");
  }

  // ShippedOrder returns Shoper's sample webhook for order `order`, shipped
  // now, of customer klient<order>@example.com.
  static std::string ShippedOrder(int order) {
    nlohmann::json body = nlohmann::json::parse(
        ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json")));
    absl::TimeZone warsaw;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
    body["order_id"] = absl::StrCat(order);
    body["email"] = absl::StrCat("klient", order, "@example.com");
    body["status_date"] = absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::Now(), warsaw);
    return body.dump();
  }

  // Figure returns the text of the element with `id` on the page.
  static std::string Figure(const std::string& html, const std::string& id) {
    const std::string open = absl::StrCat("id=\"", id, "\">");
    const size_t at = html.find(open);
    if (at == std::string::npos) return "(no " + id + ")";
    const size_t start = at + open.size();
    return html.substr(start, html.find('<', start) - start);
  }
};

// The owner's "Podsumowanie" tab, through the real gateway, counts what real
// webhooks, sent mails and submitted opinions left in MariaDB.
TEST_F(DashboardTest, TheDashboardCountsWhatWebhooksMailsAndOpinionsDid) {
  ASSERT_NO_FATAL_FAILURE(StartServerAndGateway());
  const uint16_t port = gateway_port_;
  const Session owner = SignUpAndConfirm();
  ASSERT_FALSE(owner.cookie.empty());
  const int64_t shop = AddOwnedShop();

  // Before anything arrived: zeros, no chart, and no warning yet (the shop is new).
  absl::StatusOr<HttpResponse> empty =
      SendHttpRequest(port, "GET", absl::StrCat("/panel/shops/", shop, "/dashboard"),
                      {{"Cookie", owner.cookie}}, "");
  ASSERT_TRUE(empty.ok()) << empty.status();
  ASSERT_EQ(empty->status, 200) << empty->body;
  EXPECT_EQ(Figure(empty->body, "webhooks-7d"), "0");
  EXPECT_EQ(Figure(empty->body, "last-webhook"), "\xE2\x80\x94");
  EXPECT_EQ(Figure(empty->body, "average-30d"), "\xE2\x80\x94 (0 opublikowanych)");
  EXPECT_THAT(empty->body, ::testing::HasSubstr("Brak opinii w ostatnich 12 tygodniach."));
  EXPECT_THAT(empty->body, ::testing::HasSubstr("id=\"webhooks-silent\" hidden"));

  // Three shipped orders through Shoper's webhook; their invitations leave at once.
  for (int order = 1; order <= 3; ++order) {
    absl::StatusOr<HttpResponse> webhook =
        SendHttpRequest(port, "POST", absl::StrCat("/api/", kDashboardShopKey),
                        {{"X-Webhook-Name", "order.status"}}, ShippedOrder(order));
    ASSERT_TRUE(webhook.ok()) << webhook.status();
    ASSERT_EQ(webhook->status, 200) << webhook->body;
  }
  ASSERT_TRUE(WaitFor([&] { return CountInState("sent") == 3; }, absl::Seconds(20)))
      << server_->Log();
  // Two customers answer through their mails' links: 5 and 4 stars.
  std::vector<std::string> tokens;
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 4; }, absl::Seconds(20)));
  for (const fs::path& mail : Mails()) {
    if (!ParseCaptured(mail).Header("List-Unsubscribe").empty()) tokens.push_back(LinkToken(mail));
  }
  ASSERT_EQ(tokens.size(), 3u);
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<HttpResponse> sent =
        SendHttpRequest(port, "POST", absl::StrCat("/o/", tokens[i]),
                        {{"Content-Type", "application/x-www-form-urlencoded"}},
                        absl::StrCat("rating=", 5 - i, "&comment=Dobrze&display_name=&consent=1"));
    ASSERT_TRUE(sent.ok()) << sent.status();
    ASSERT_EQ(sent->status, 200) << sent->body;
  }

  absl::StatusOr<HttpResponse> page =
      SendHttpRequest(port, "GET", absl::StrCat("/panel/shops/", shop, "/dashboard"),
                      {{"Cookie", owner.cookie}}, "");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->status, 200) << page->body;
  const std::string& html = page->body;
  EXPECT_THAT(html, ::testing::HasSubstr("<h1>Podsumowanie</h1>"));
  EXPECT_THAT(html, ::testing::HasSubstr("aria-current=\"page\">Podsumowanie</a>"));
  EXPECT_THAT(html, ::testing::HasSubstr("strefie czasowej sklepu: Europe/Warsaw."));
  EXPECT_EQ(Figure(html, "webhooks-7d"), "3");
  // The last webhook's time as the database has it (UTC), written in Warsaw.
  absl::Time last;
  std::string error;
  ASSERT_TRUE(absl::ParseTime(
      "%Y-%m-%d %H:%M:%S",
      QueryString("SELECT DATE_FORMAT(MAX(received_at), '%Y-%m-%d %H:%i:%s') FROM order_events"),
      absl::UTCTimeZone(), &last, &error))
      << error;
  absl::TimeZone warsaw;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
  EXPECT_EQ(Figure(html, "last-webhook"), absl::FormatTime("%d.%m.%Y %H:%M", last, warsaw));
  EXPECT_EQ(Figure(html, "invitations-scheduled"), "0");
  EXPECT_EQ(Figure(html, "invitations-sent"), "3");
  EXPECT_EQ(Figure(html, "invitations-failed"), "0");
  EXPECT_EQ(Figure(html, "invitations-bounced"), "0");
  EXPECT_EQ(Figure(html, "invitations-suppressed"), "0");
  EXPECT_EQ(Figure(html, "invitations-cancelled"), "0");
  EXPECT_EQ(Figure(html, "opinions-received"), "2");
  EXPECT_EQ(Figure(html, "response-rate"), "67%");
  EXPECT_EQ(Figure(html, "average-30d"), "4,5 (2 opublikowanych)");
  EXPECT_EQ(Figure(html, "average-90d"), "4,5 (2 opublikowanych)");
  EXPECT_THAT(html, ::testing::HasSubstr("id=\"webhooks-silent\" hidden"));
  // The chart: this week's bar and dot, and the same in the hidden table.
  EXPECT_THAT(html, ::testing::HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""));
  const size_t figure = html.find("<figure class=\"weekly-chart\">");
  ASSERT_NE(figure, std::string::npos);
  const std::string chart = html.substr(figure, html.find("</figure>", figure) - figure);
  EXPECT_EQ(chart.find("<script"), std::string::npos);
  const std::string this_week =
      absl::FormatTime("%d.%m", absl::Now() - absl::Hours(7 * 24), warsaw);
  EXPECT_THAT(html, ::testing::HasSubstr(absl::StrCat("<th scope=\"row\">", this_week,
                                                      "</th><td>2</td><td>4,5</td>")));

  // Two days without webhooks while invitations are on: the page warns.
  database_->Execute("UPDATE order_events SET received_at = received_at - INTERVAL 49 HOUR");
  absl::StatusOr<HttpResponse> silent =
      SendHttpRequest(port, "GET", absl::StrCat("/panel/shops/", shop, "/dashboard"),
                      {{"Cookie", owner.cookie}}, "");
  ASSERT_TRUE(silent.ok()) << silent.status();
  EXPECT_THAT(silent->body, ::testing::HasSubstr("id=\"webhooks-silent\" >"));
}

}  // namespace
}  // namespace opinus::testing
