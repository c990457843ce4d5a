// opinus-gateway: takes Shoper webhooks over HTTP and records them in the core
// over gRPC. Flags here; everything else lives in the gateway's rooms (and
// Shoper's JSON in common/shoper).
#include <pthread.h>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "client/token_file.h"
#include "common/env_flags.h"
#include "common/file_contents.h"
#include "common/log.h"
#include "gateway/server/gateway_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:8080",
          "host:port the HTTP server listens on (port 0 picks a free port)");
ABSL_FLAG(std::string, server, "127.0.0.1:50051", "gRPC target of the core (opinus-server)");
ABSL_FLAG(std::string, token_file, "",
          "file holding the bearer token (role gateway) sent to the core with every call");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM of the CA that signed the core's certificate; when given, gRPC uses TLS");
ABSL_FLAG(std::string, public_url, "",
          "where browsers and Shoper reach the gateway, e.g. https://opinus.pl: the base of the "
          "webhook URL the owners' panel shows; https makes the panel's cookies Secure "
          "(default: http://<listen address>)");
ABSL_FLAG(bool, trust_forwarded_for, false,
          "behind a TLS proxy on this host: a request from a loopback peer comes from the last "
          "X-Forwarded-For address, for the per-address limits");
ABSL_FLAG(int, rpc_timeout_ms, 3000, "deadline of each call to the core, in milliseconds");
ABSL_FLAG(int, threads, 4, "HTTP serving threads");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long requests in flight may take to be answered after SIGTERM");
// Limits (see WebhookLimits); a rate <= 0 or a count < 1 switches one off.
ABSL_FLAG(int, max_url_bytes, 2048, "longest request target in bytes (414 above)");
ABSL_FLAG(int, max_header_bytes, 16 * 1024, "most bytes of all headers together (431 above)");
// Shoper delivers every shop's webhooks from a few addresses of its own: the
// per-address limit is set for a whole platform's burst, the per-key one for a shop's.
ABSL_FLAG(double, address_rate, 1000, "webhook requests per second of one client address (429)");
ABSL_FLAG(double, address_burst, 2000, "burst of webhook requests of one client address");
// A bulk status change sends a shop's thousands of orders at once, and whether
// Shoper retries a 429 is unknown: the per-key limit stops floods, not sales.
ABSL_FLAG(double, key_rate, 200, "webhook requests per second of one shop key (429)");
ABSL_FLAG(double, key_burst, 1000, "burst of webhook requests of one shop key");
ABSL_FLAG(int, max_in_flight_per_key, 4, "webhook requests of one key served at once (429)");
ABSL_FLAG(int, max_webhooks_in_flight, 1024,
          "webhook requests of all keys with the core at once (503: the core is saturated)");
ABSL_FLAG(double, unknown_key_rate, 0.5,
          "unknown-key answers per second one client address may get; then 429");
ABSL_FLAG(double, unknown_key_burst, 20, "burst of unknown-key answers of one client address");
ABSL_FLAG(int, unknown_key_floor_ms, 50,
          "an unknown-key answer is sent no sooner than this after the request arrived");
ABSL_FLAG(int, header_timeout_ms, 10000,
          "408 and close when the request line and headers take longer than this");
ABSL_FLAG(int, body_timeout_ms, 30000, "408 and close when the body takes longer than this");
ABSL_FLAG(int, idle_timeout_ms, 30000, "close a connection idle between requests after this");
ABSL_FLAG(std::string, log_level, "info", "lowest log level written: debug, info, warning, error");

namespace {

int Fail(absl::string_view event, const absl::Status& status) {
  opinus::Log(opinus::LogLevel::kError, event, {{"error", status.ToString()}});
  return EXIT_FAILURE;
}

// ReadLimits sets the limits and timeouts of `options` from the flags;
// INVALID_ARGUMENT names a flag whose value cannot be used.
absl::Status ReadLimits(opinus::gateway::GatewayOptions* options) {
  opinus::gateway::WebhookLimits& limits = options->limits;
  const int max_url_bytes = absl::GetFlag(FLAGS_max_url_bytes);
  const int max_header_bytes = absl::GetFlag(FLAGS_max_header_bytes);
  if (max_url_bytes < 64) return absl::InvalidArgumentError("max_url_bytes: must be >= 64");
  if (max_header_bytes < 1024) {
    return absl::InvalidArgumentError("max_header_bytes: must be >= 1024");
  }
  limits.max_url_bytes = static_cast<size_t>(max_url_bytes);
  limits.max_header_bytes = static_cast<size_t>(max_header_bytes);
  limits.per_address = {absl::GetFlag(FLAGS_address_rate), absl::GetFlag(FLAGS_address_burst)};
  limits.per_key = {absl::GetFlag(FLAGS_key_rate), absl::GetFlag(FLAGS_key_burst)};
  limits.max_in_flight_per_key = absl::GetFlag(FLAGS_max_in_flight_per_key);
  limits.max_in_flight = absl::GetFlag(FLAGS_max_webhooks_in_flight);
  limits.unknown_keys_per_address = {absl::GetFlag(FLAGS_unknown_key_rate),
                                     absl::GetFlag(FLAGS_unknown_key_burst)};
  for (const auto& [name, limit] :
       {std::pair{"address", limits.per_address}, std::pair{"key", limits.per_key},
        std::pair{"unknown_key", limits.unknown_keys_per_address}}) {
    // NaN would compare false with everything and make a limit that is
    // neither on nor off.
    if (!std::isfinite(limit.per_second) || !std::isfinite(limit.burst)) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, "_rate, ", name, "_burst: must be finite"));
    }
  }
  const int floor_ms = absl::GetFlag(FLAGS_unknown_key_floor_ms);
  if (floor_ms < 0 || floor_ms > 5000) {
    return absl::InvalidArgumentError("unknown_key_floor_ms: must be 0..5000");
  }
  limits.unknown_key_floor = absl::Milliseconds(floor_ms);
  const int header_ms = absl::GetFlag(FLAGS_header_timeout_ms);
  const int body_ms = absl::GetFlag(FLAGS_body_timeout_ms);
  if (header_ms <= 0) return absl::InvalidArgumentError("header_timeout_ms: must be > 0");
  if (body_ms <= 0) return absl::InvalidArgumentError("body_timeout_ms: must be > 0");
  const int idle_ms = absl::GetFlag(FLAGS_idle_timeout_ms);
  if (idle_ms <= 0) return absl::InvalidArgumentError("idle_timeout_ms: must be > 0");
  options->idle_timeout = absl::Milliseconds(idle_ms);
  options->header_timeout = absl::Milliseconds(header_ms);
  options->body_timeout = absl::Milliseconds(body_ms);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's Abseil checks every lock's order against a graph of all locks
  // held, a few per cent of the CPU a webhook costs; the tests keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "Takes Shoper webhooks on POST /api/{key} and records them in the Opinus core.\n"
      "Every flag may also be set as OPINUS_<FLAG> in the environment.");
  if (absl::Status parsed = opinus::ParseFlagsWithEnvironment(argc, argv, "opinus_gateway_main");
      !parsed.ok()) {
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
  if (absl::Status limits = ReadLimits(&options); !limits.ok()) {
    return Fail("gateway_bad_flags", limits);
  }
  options.listen = absl::GetFlag(FLAGS_listen);
  options.core_target = absl::GetFlag(FLAGS_server);
  options.public_url = absl::GetFlag(FLAGS_public_url);
  if (!options.public_url.empty() && !absl::StartsWith(options.public_url, "http://") &&
      !absl::StartsWith(options.public_url, "https://")) {
    return Fail("gateway_bad_flags",
                absl::InvalidArgumentError("public_url: must begin with http:// or https://"));
  }
  options.trust_forwarded_for = absl::GetFlag(FLAGS_trust_forwarded_for);
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
