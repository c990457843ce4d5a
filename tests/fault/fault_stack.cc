#include "tests/fault/fault_stack.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/log_failures.h"
#include "tests/integration/loopback_ports.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {

absl::StatusOr<std::vector<std::string>> FaultStack::DispatchFlags() {
  if (sink_ == nullptr) {
    if (absl::Status started = StartSink(); !started.ok()) return started;
  }
  // Every part on: the App Store's callbacks are checked too.
  const std::string appstore_secret = absl::StrCat(log_prefix_, "-appstore-secret");
  std::ofstream(appstore_secret) << "fault-appstore-secret\n";
  return std::vector<std::string>{absl::StrCat("--shoper_appstore_secret_file=", appstore_secret),
                                  absl::StrCat("--smtp_url=smtp://127.0.0.1:", smtp_port_),
                                  "--mail_from=zaproszenia@opinus.example",
                                  "--public_url=https://opinus.example",
                                  "--dispatch_interval=100ms",
                                  absl::StrCat("--dispatch_lease=", kDispatchLease)};
}

absl::Status FaultStack::StartCore(const std::vector<std::string>& flags) {
  if (core_port_ == 0) core_port_ = FreePort();
  absl::StatusOr<std::vector<std::string>> dispatch = DispatchFlags();
  if (!dispatch.ok()) return dispatch.status();
  std::vector<std::string> all = *std::move(dispatch);
  all.insert(all.end(), flags.begin(), flags.end());
  // The later --listen wins over StartCoreServer's port 0.
  all.push_back(absl::StrCat("--listen=127.0.0.1:", core_port_));
  // A killed core's port may linger a moment: try a few times.
  absl::Status last;
  for (int attempt = 0; attempt < 10; ++attempt) {
    absl::StatusOr<RunningService> core =
        StartCoreServer(db_, absl::StrCat(log_prefix_, "-core-", core_starts_++, ".log"), all);
    if (core.ok()) {
      core_ = std::move(core->process);
      return absl::OkStatus();
    }
    last = core.status();
    absl::SleepFor(absl::Milliseconds(500));
  }
  return last;
}

absl::Status FaultStack::StartDispatcher() {
  absl::StatusOr<std::vector<std::string>> flags = DispatchFlags();
  if (!flags.ok()) return flags.status();
  absl::StatusOr<RunningService> core =
      StartCoreServer(db_, absl::StrCat(log_prefix_, "-core-", core_starts_++, ".log"), *flags);
  if (!core.ok()) return core.status();
  dispatchers_.push_back(std::move(core->process));
  dispatcher_ports_.push_back(core->port);
  return absl::OkStatus();
}

absl::Status FaultStack::StartGateway(const std::vector<std::string>& flags) {
  absl::StatusOr<RunningService> gateway =
      opinus::testing::StartGateway(core_port_, absl::StrCat(log_prefix_, "-gateway.log"), flags);
  if (!gateway.ok()) return gateway.status();
  gateway_ = std::move(gateway->process);
  http_port_ = gateway->port;
  return absl::OkStatus();
}

absl::Status FaultStack::Start(const std::vector<std::string>& gateway_flags) {
  if (absl::Status core = StartCore(); !core.ok()) return core;
  return StartGateway(gateway_flags);
}

absl::StatusOr<std::vector<std::string>> FaultStack::CreateShops(const std::string& prefix,
                                                                 int count) {
  std::vector<std::string> keys;
  for (int i = 0; i < count; ++i) {
    absl::StatusOr<NewShop> shop = MakeShop(absl::StrCat(prefix, i));
    if (!shop.ok()) return shop.status();
    if (i % 2 == 1) {
      absl::StatusOr<std::string> set =
          RunCli({"settings", "set", "--shop", absl::StrCat(shop->id), "--sending-hours", "0-24"});
      if (!set.ok()) return set.status();
    }
    keys.push_back(shop->key);
  }
  return keys;
}

absl::StatusOr<std::string> FaultStack::CreateShop(const std::string& name) {
  absl::StatusOr<NewShop> shop = MakeShop(name);
  if (!shop.ok()) return shop.status();
  return shop->key;
}

absl::StatusOr<FaultStack::NewShop> FaultStack::MakeShop(const std::string& name) {
  absl::StatusOr<std::string> out =
      RunCli({"--json", "shop", "create", "--name", name, "--domain",
              absl::StrCat(name, ".shoparena.pl"), "--owner-email", "owner@example.com"});
  if (!out.ok()) return out.status();
  const nlohmann::json shop = nlohmann::json::parse(*out, nullptr, false);
  if (!shop.is_object() || !shop.contains("webhookKey") || !shop.contains("id")) {
    return absl::InternalError(absl::StrCat("shop create printed: ", *out));
  }
  // proto3's JSON writes an int64 as a string.
  int64_t id = 0;
  if (!absl::SimpleAtoi(shop["id"].get<std::string>(), &id)) {
    return absl::InternalError(absl::StrCat("shop create printed: ", *out));
  }
  return NewShop{id, shop["webhookKey"].get<std::string>()};
}

absl::StatusOr<std::string> FaultStack::RunCli(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {
      BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", core_port_),
      absl::StrCat("--token-file=", GetTestTokens().operator_token_file)};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult result = RunCommand(argv);
  if (result.exit_code != 0) return absl::InternalError(result.err);
  return result.out;
}

absl::Status FaultStack::StartSink() {
  // A new stack, a new mailbox: what an earlier run left is no mail of ours.
  std::filesystem::remove_all(absl::StrCat(log_prefix_, "-mailbox"));
  smtp_port_ = FreePort();
  absl::StatusOr<ChildProcess> sink = ChildProcess::Start(
      {"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", absl::StrCat("127.0.0.1:", smtp_port_),
       "-c", "aiosmtpd.handlers.Mailbox", absl::StrCat(log_prefix_, "-mailbox")},
      absl::StrCat(log_prefix_, "-sink.log"));
  if (!sink.ok()) return sink.status();
  sink_ = std::make_unique<ChildProcess>(*std::move(sink));
  const absl::Time give_up = absl::Now() + absl::Seconds(15);
  while (!Accepts(smtp_port_)) {
    if (absl::Now() > give_up) return absl::UnavailableError("the SMTP sink did not start");
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::OkStatus();
}

std::vector<ParsedMail> FaultStack::Mails() const {
  std::vector<ParsedMail> mails;
  const std::filesystem::path box = absl::StrCat(log_prefix_, "-mailbox/new");
  if (!std::filesystem::exists(box)) return mails;
  for (const auto& entry : std::filesystem::directory_iterator(box)) {
    mails.push_back(ParseStoredMail(ReadFile(entry.path().string())));
  }
  return mails;
}

void FaultStack::ExpectNoSecretsInLogs(const std::vector<std::string>& keys) const {
  std::vector<std::string> logs = {absl::StrCat(log_prefix_, "-gateway.log")};
  for (int i = 0; i < core_starts_; ++i)
    logs.push_back(absl::StrCat(log_prefix_, "-core-", i, ".log"));
  std::vector<std::string> secrets = keys;
  const TestTokens& tokens = GetTestTokens();
  secrets.insert(secrets.end(),
                 {tokens.operator_token, tokens.gateway_token, tokens.readonly_token});
  size_t bytes = 0;
  for (const std::string& log : logs) {
    const std::string text = ReadFile(log);
    bytes += text.size();
    for (const std::string& secret : secrets) {
      EXPECT_EQ(text.find(secret), std::string::npos) << log << " holds a secret in full";
    }
  }
  std::cout << "[fault] logs: " << logs.size() << " files, " << bytes << " bytes, no key or token"
            << " in full\n";
}

std::vector<std::string> FaultStack::FailuresInCoreLogs() const {
  std::vector<std::string> failures;
  for (int i = 0; i < core_starts_; ++i) {
    const std::vector<std::string> lines =
        FailureLines(ReadFile(absl::StrCat(log_prefix_, "-core-", i, ".log")));
    failures.insert(failures.end(), lines.begin(), lines.end());
  }
  return failures;
}

int FaultStack::ReadyStatus() const {
  absl::StatusOr<HttpResponse> response = SendHttpRequest(http_port(), "GET", "/readyz", {}, "");
  return response.ok() ? response->status : 0;
}

}  // namespace opinus::testing
