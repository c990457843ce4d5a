// Starting opinus-server and opinus-gateway as real processes on free
// loopback ports, for integration tests.
#ifndef OPINUS_TESTS_INTEGRATION_OPINUS_PROCESSES_H_
#define OPINUS_TESTS_INTEGRATION_OPINUS_PROCESSES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/integration/child_process.h"

namespace opinus::testing {

// RunningService is a started process and the port it listens on.
struct RunningService {
  std::unique_ptr<ChildProcess> process;
  int port = 0;
};

// TestTokens are real tokens for the processes under test: a token file with
// one random token per role, and each token alone in a file as a client reads
// it. Written once per test binary, under the test's temporary folder.
struct TestTokens {
  // For opinus-server --auth-tokens-file.
  std::string tokens_file;
  std::string operator_token;
  std::string gateway_token;
  std::string readonly_token;
  // For opinus-gateway and opinus --token-file.
  std::string operator_token_file;
  std::string gateway_token_file;
  std::string readonly_token_file;
  // For opinus-server --privacy_key_file: kTestPrivacyKey, so that a test
  // finds what the server hashed with TestAddressHasher.
  std::string privacy_key_file;
};

// GetTestTokens returns the tokens, writing their files on the first call.
const TestTokens& GetTestTokens();

// ServerAuth says how StartCoreServer sets up authentication.
enum class ServerAuth {
  // --auth-tokens-file with GetTestTokens().
  kTestTokens,
  // No authentication flag: the caller's extra flags give them.
  kFromFlags,
};

// StartCoreServer starts opinus-server on database `db` with the test
// privacy key and `extra_flags`,
// logging to `log_path`, and waits until it listens.
absl::StatusOr<RunningService> StartCoreServer(const std::string& db, const std::string& log_path,
                                               const std::vector<std::string>& extra_flags = {},
                                               ServerAuth auth = ServerAuth::kTestTokens);

// StartGateway starts opinus-gateway with the gateway's test token in front of
// the core on `core_port`, with `extra_flags`, and waits until it listens.
absl::StatusOr<RunningService> StartGateway(int core_port, const std::string& log_path,
                                            const std::vector<std::string>& extra_flags = {});

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_OPINUS_PROCESSES_H_
