// opinus-gateway: takes Shoper webhooks over HTTP and records them in the core
// over gRPC. Flags here; everything else lives in gateway/http and
// gateway/translate.
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/token_file.h"
#include "common/env_flags.h"
#include "common/file_contents.h"
#include "common/log.h"
#include "gateway/http/gateway_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:8080",
          "host:port the HTTP server listens on (port 0 picks a free port)");
ABSL_FLAG(std::string, server, "127.0.0.1:50051", "gRPC target of the core (opinus-server)");
ABSL_FLAG(std::string, token_file, "",
          "file holding the bearer token (role gateway) sent to the core with every call");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM of the CA that signed the core's certificate; when given, gRPC uses TLS");
ABSL_FLAG(int, rpc_timeout_ms, 3000, "deadline of each call to the core, in milliseconds");
ABSL_FLAG(int, threads, 4, "HTTP serving threads");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long requests in flight may take to be answered after SIGTERM");
ABSL_FLAG(std::string, log_level, "info", "lowest log level written: debug, info, warning, error");

namespace {

int Fail(absl::string_view event, const absl::Status& status) {
  opinus::Log(opinus::LogLevel::kError, event, {{"error", status.ToString()}});
  return EXIT_FAILURE;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Takes Shoper webhooks on POST /api/{key} and records them in the Opinus core.\n"
      "Every flag may also be set as OPINUS_<FLAG> in the environment.");
  if (absl::Status parsed = opinus::ParseFlagsWithEnvironment(argc, argv); !parsed.ok()) {
    return Fail("gateway_bad_flags", parsed);
  }
  opinus::LogLevel level;
  if (!opinus::ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    return Fail("gateway_bad_flags",
                absl::InvalidArgumentError("log_level: use debug, info, warning or error"));
  }
  opinus::SetLogLevel(level);
  if (absl::GetFlag(FLAGS_rpc_timeout_ms) <= 0) {
    return Fail("gateway_bad_flags", absl::InvalidArgumentError("rpc_timeout_ms: must be > 0"));
  }

  // Block the stop signals before any thread starts, so that every thread
  // inherits the mask and only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A peer that hangs up must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);

  opinus::gateway::GatewayOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.core_target = absl::GetFlag(FLAGS_server);
  options.rpc_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_rpc_timeout_ms));
  options.threads = absl::GetFlag(FLAGS_threads);
  options.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  if (const std::string file = absl::GetFlag(FLAGS_token_file); !file.empty()) {
    absl::StatusOr<std::string> token = opinus::client::ReadTokenFile(file);
    if (!token.ok()) return Fail("gateway_bad_flags", token.status());
    options.core_token = *std::move(token);
  } else {
    opinus::Log(opinus::LogLevel::kWarning, "gateway_without_token",
                {{"hint", "the core refuses calls without one unless it runs --insecure-no-auth"}});
  }
  if (const std::string file = absl::GetFlag(FLAGS_tls_ca); !file.empty()) {
    absl::StatusOr<std::string> pem = opinus::ReadFileContents(file);
    if (!pem.ok()) return Fail("gateway_bad_flags", pem.status());
    options.core_tls_ca_pem = *std::move(pem);
  }
  opinus::gateway::GatewayServer server(options);
  if (absl::Status started = server.Start(); !started.ok()) {
    return Fail("gateway_start_failed", started);
  }
  const std::string host = options.listen.substr(0, options.listen.rfind(':'));
  opinus::Log(opinus::LogLevel::kInfo, "gateway_listening",
              {{"address", absl::StrCat(host, ":", server.port())},
               {"server", options.core_target},
               {"transport", options.core_tls_ca_pem.empty() ? "plaintext" : "tls"},
               {"threads", absl::StrCat(options.threads)}});

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  opinus::Log(opinus::LogLevel::kInfo, "gateway_stopping",
              {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
  server.Shutdown();
  opinus::Log(opinus::LogLevel::kInfo, "gateway_stopped");
  return EXIT_SUCCESS;
}
