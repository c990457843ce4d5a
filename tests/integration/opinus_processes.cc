#include "tests/integration/opinus_processes.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/test_address_hasher.h"

namespace opinus::testing {
namespace {

// ListeningPort reads PORT from "EVENT address=HOST:PORT" in `log`.
absl::StatusOr<int> ListeningPort(const std::string& log, const std::string& event) {
  const size_t line = log.find(event);
  const size_t address = log.find("address=", line);
  const size_t colon = log.find(':', address);
  const size_t end = log.find_first_of(" \n", colon);
  int port = 0;
  if (line == std::string::npos || address == std::string::npos ||
      !absl::SimpleAtoi(log.substr(colon + 1, end - colon - 1), &port)) {
    return absl::InternalError(absl::StrCat("no port in the log:\n", log));
  }
  return port;
}

absl::StatusOr<RunningService> Launch(const std::vector<std::string>& argv,
                                      const std::string& log_path, const std::string& event) {
  absl::StatusOr<ChildProcess> process = ChildProcess::Start(argv, log_path);
  if (!process.ok()) return process.status();
  RunningService service;
  service.process = std::make_unique<ChildProcess>(*std::move(process));
  absl::StatusOr<std::string> log = service.process->WaitForLog(event);
  if (!log.ok()) return log.status();
  absl::StatusOr<int> port = ListeningPort(*log, event);
  if (!port.ok()) return port.status();
  service.port = *port;
  return service;
}

// RandomToken returns `role` and 32 random hex digits: unguessable, and easy
// to tell apart in a failing test's output.
std::string RandomToken(const std::string& role) {
  std::random_device random;
  std::string token = role + "-";
  for (int i = 0; i < 4; ++i) absl::StrAppend(&token, absl::Hex(random(), absl::kZeroPad8));
  return token;
}

// WriteSecretFile writes `content` readable by its owner only, as secrets are kept.
std::string WriteSecretFile(const std::string& name, const std::string& content) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  std::ofstream(path, std::ios::trunc) << content;
  chmod(path.c_str(), 0600);
  return path;
}

}  // namespace

const TestTokens& GetTestTokens() {
  static const TestTokens* const kTokens = [] {
    auto* tokens = new TestTokens;
    tokens->operator_token = RandomToken("operator");
    tokens->gateway_token = RandomToken("gateway");
    tokens->readonly_token = RandomToken("readonly");
    const std::string prefix = absl::StrCat("opinus-test-", getpid(), "-");
    tokens->tokens_file =
        WriteSecretFile(prefix + "tokens", absl::StrCat("# written by opinus_processes.cc\n",
                                                        "operator ", tokens->operator_token, "\n",
                                                        "gateway ", tokens->gateway_token, "\n",
                                                        "readonly ", tokens->readonly_token, "\n"));
    tokens->operator_token_file =
        WriteSecretFile(prefix + "operator.token", tokens->operator_token + "\n");
    tokens->gateway_token_file =
        WriteSecretFile(prefix + "gateway.token", tokens->gateway_token + "\n");
    tokens->readonly_token_file =
        WriteSecretFile(prefix + "readonly.token", tokens->readonly_token + "\n");
    tokens->privacy_key_file =
        WriteSecretFile(prefix + "privacy.key", absl::StrCat(kTestPrivacyKey, "\n"));
    return tokens;
  }();
  return *kTokens;
}

absl::StatusOr<RunningService> StartCoreServer(const std::string& db, const std::string& log_path,
                                               const std::vector<std::string>& extra_flags,
                                               ServerAuth auth) {
  std::vector<std::string> argv = {
      BinaryPath("opinus-server"), "--listen=127.0.0.1:0", absl::StrCat("--db=", db),
      absl::StrCat("--privacy_key_file=", GetTestTokens().privacy_key_file)};
  if (auth == ServerAuth::kTestTokens) {
    argv.push_back(absl::StrCat("--auth-tokens-file=", GetTestTokens().tokens_file));
  }
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  return Launch(argv, log_path, "server_listening");
}

absl::StatusOr<RunningService> StartGateway(int core_port, const std::string& log_path,
                                            const std::vector<std::string>& extra_flags) {
  std::vector<std::string> argv = {
      BinaryPath("opinus-gateway"), "--listen=127.0.0.1:0",
      absl::StrCat("--server=127.0.0.1:", core_port),
      absl::StrCat("--token-file=", GetTestTokens().gateway_token_file)};
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  return Launch(argv, log_path, "gateway_listening");
}

}  // namespace opinus::testing
