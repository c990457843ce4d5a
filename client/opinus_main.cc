// opinus: the command-line tool for operators and scripts. Everything but
// reading the process's argv and environment is in client/cli.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "client/cli/run.h"
#include "client/client.h"

int main(int argc, char** argv) {
  namespace cli = ::opinus::client::cli;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const char* token = std::getenv("OPINUS_TOKEN");
  const cli::Environment environment{cli::DefaultServer(std::getenv("OPINUS_SERVER")),
                                     token == nullptr ? "" : token};
  return cli::Run(
      args, environment,
      [](const opinus::client::ClientOptions& options) {
        return std::make_unique<opinus::client::Client>(options);
      },
      std::cout, std::cerr);
}
