// Run: the whole `opinus` CLI behind a function that takes the command line
// and the output streams, so that main() stays thin and tests can run it.
#ifndef OPINUS_CLIENT_CLI_RUN_H_
#define OPINUS_CLIENT_CLI_RUN_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "client/client.h"

namespace opinus::client::cli {

// Exit codes of the CLI.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // a call to the server failed
inline constexpr int kExitUsage = 2;    // the command line is wrong

// The server used without --server and without $OPINUS_SERVER.
inline constexpr char kDefaultServer[] = "127.0.0.1:50051";

// ClientFactory returns a client for `options`; tests hand one that uses an
// in-process channel.
using ClientFactory = std::function<std::unique_ptr<Client>(const ClientOptions& options)>;

// Environment is what the CLI takes from the process's environment.
struct Environment {
  // The server used without --server: DefaultServer($OPINUS_SERVER).
  std::string server = kDefaultServer;
  // $OPINUS_TOKEN (the token itself, not a file), "" when unset; used
  // without --token-file.
  std::string token;
};

// DefaultServer returns `env_value` (the value of $OPINUS_SERVER, or nullptr
// when unset) when not empty, else kDefaultServer.
std::string DefaultServer(const char* env_value);

// Run executes the command line `args` (argv without the program name): help
// and results go to `out`; an error goes to `err` as one line, e.g.
// "opinus: shop get: NOT_FOUND: shop 42 not found". `environment` gives the
// server and token used without --server and --token-file; `make_client` is
// called once, only when a command runs. Returns kExitOk, kExitFailure or
// kExitUsage (also for a token or CA file that cannot be read).
int Run(const std::vector<std::string>& args, const Environment& environment,
        const ClientFactory& make_client, std::ostream& out, std::ostream& err);

}  // namespace opinus::client::cli

#endif  // OPINUS_CLIENT_CLI_RUN_H_
