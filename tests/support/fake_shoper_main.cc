// opinus_fake_shoper: the stand-in Shoper (FakeShoperServer) as a program, for
// scripts/dev: one shop's REST API on loopback that an app with --app_id and
// --app_secret can be installed into (--auth_code is good for one exchange),
// and that sends signed order webhooks on POST /stand-in/orders. Never for
// production: it is a test double.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "tests/support/fake_shoper_server.h"
#include "tests/support/files.h"

ABSL_FLAG(int, port, 0, "port on 127.0.0.1 to serve on; 0: a free one");
ABSL_FLAG(std::string, app_id, "", "the app's id the token endpoint takes (HTTP Basic)");
ABSL_FLAG(std::string, app_secret, "", "the app's secret the token endpoint takes (HTTP Basic)");
ABSL_FLAG(std::string, auth_code, "", "an install's auth code, good for one exchange");
ABSL_FLAG(std::string, licence, "dev-shop-1", "the shop's licence, sent as X-Shop-License");
ABSL_FLAG(std::string, order_file, "",
          "the order POST /stand-in/orders sends when it has no body (Shoper's JSON)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "A stand-in Shoper shop on loopback, for development and tests. POST /stand-in/orders "
      "sends an order.status webhook to the webhooks registered with it.");
  absl::ParseCommandLine(argc, argv);
  const int port = absl::GetFlag(FLAGS_port);
  if (absl::GetFlag(FLAGS_app_id).empty() || absl::GetFlag(FLAGS_app_secret).empty() || port < 0 ||
      port > 65535) {
    std::fprintf(stderr, "opinus_fake_shoper: --app_id and --app_secret are required\n");
    return EXIT_FAILURE;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  absl::StatusOr<std::unique_ptr<opinus::testing::FakeShoperServer>> shoper =
      opinus::testing::FakeShoperServer::Start(absl::GetFlag(FLAGS_app_id),
                                               absl::GetFlag(FLAGS_app_secret),
                                               static_cast<uint16_t>(port));
  if (!shoper.ok()) {
    std::fprintf(stderr, "opinus_fake_shoper: %s\n", shoper.status().ToString().c_str());
    return EXIT_FAILURE;
  }
  if (!absl::GetFlag(FLAGS_auth_code).empty())
    (*shoper)->IssueAuthCode(absl::GetFlag(FLAGS_auth_code));
  std::string order;
  if (const std::string file = absl::GetFlag(FLAGS_order_file); !file.empty()) {
    order = opinus::testing::ReadFile(file);
  }
  (*shoper)->SetStandIn(std::move(order), absl::GetFlag(FLAGS_licence));
  std::printf("fake_shoper_listening url=%s\n", (*shoper)->url().c_str());
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  return EXIT_SUCCESS;
}
