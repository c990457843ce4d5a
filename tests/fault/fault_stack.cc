#include "tests/fault/fault_stack.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {

std::vector<std::string> UnlimitedGatewayFlags() {
  return {"--address_rate=0", "--key_rate=0", "--max_in_flight_per_key=0", "--unknown_key_rate=0"};
}

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

absl::Status FaultStack::StartCore(const std::vector<std::string>& flags) {
  if (core_port_ == 0) core_port_ = FreeLoopbackPort();
  std::vector<std::string> all = flags;
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
    absl::StatusOr<std::string> key = CreateShop(absl::StrCat(prefix, i));
    if (!key.ok()) return key.status();
    keys.push_back(*std::move(key));
  }
  return keys;
}

absl::StatusOr<std::string> FaultStack::CreateShop(const std::string& name) {
  CommandResult result =
      RunCommand({BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", core_port_),
                  absl::StrCat("--token-file=", GetTestTokens().operator_token_file), "--json",
                  "shop", "create", "--name", name, "--domain", absl::StrCat(name, ".shoparena.pl"),
                  "--owner-email", "owner@example.com"});
  if (result.exit_code != 0) return absl::InternalError(result.err);
  const nlohmann::json shop = nlohmann::json::parse(result.out, nullptr, false);
  if (!shop.is_object() || !shop.contains("webhookKey")) {
    return absl::InternalError(absl::StrCat("shop create printed: ", result.out));
  }
  return shop["webhookKey"].get<std::string>();
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

int FaultStack::ReadyStatus() const {
  absl::StatusOr<HttpResponse> response = SendHttpRequest(http_port(), "GET", "/readyz", {}, "");
  return response.ok() ? response->status : 0;
}

}  // namespace opinus::testing
