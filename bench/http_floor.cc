// opinus-bench-http-floor: the HTTP floor for the gateway's benchmark. A
// Pistache endpoint set up as the gateway's (same threads, same options) whose
// handler answers every request at once with a small JSON body, so wrk against
// it measures what HTTP parsing and the socket cost on this machine.
#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "gateway/server/keep_alive.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:8090", "address to listen on (host:port)");
ABSL_FLAG(int, threads, 4, "HTTP serving threads (the gateway's default)");

namespace {

// Answers every request 200 with a body the size of the gateway's answer.
class FloorHandler final : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(FloorHandler)

  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter response) override {
    // Connections kept as the gateway keeps them.
    opinus::gateway::KeepConnectionOpen(request, response);
    response.headers().add<Pistache::Http::Header::ContentType>(MIME(Application, Json));
    response.send(Pistache::Http::Code::Ok, R"({"outcome":"recorded"})");
  }
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Pistache::Http::Endpoint endpoint{Pistache::Address(absl::GetFlag(FLAGS_listen))};
  endpoint.init(Pistache::Http::Endpoint::options()
                    .threads(absl::GetFlag(FLAGS_threads))
                    .flags(Pistache::Tcp::Options::ReuseAddr)
                    .maxRequestSize(1 << 20));
  endpoint.setHandler(Pistache::Http::make_handler<FloorHandler>());
  endpoint.serveThreaded();
  std::printf("http-floor listening on %s\n", absl::GetFlag(FLAGS_listen).c_str());
  std::fflush(stdout);

  int signal = 0;
  sigwait(&signals, &signal);
  endpoint.shutdown();
  return 0;
}
