// Reading command-line flags from OPINUS_* environment variables.
#ifndef OPINUS_COMMON_ENV_FLAGS_H_
#define OPINUS_COMMON_ENV_FLAGS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace opinus {

// ParseFlagsWithEnvironment sets every flag `some_name` defined in the
// program (spelled `--some-name` or `--some_name` on the command line) from the environment
// variable OPINUS_SOME_NAME (when set), then parses the command line, which wins. Exits like
// absl::ParseCommandLine on
// --help and on unknown flags; returns INVALID_ARGUMENT naming the variable
// whose value does not parse.
// `--help` lists the flags defined in files whose path contains `main_file`
// ("opinus_server_main"), grouped by file, and points to `--helpfull` for the
// libraries' own flags.
[[nodiscard]] absl::Status ParseFlagsWithEnvironment(int argc, char** argv,
                                                     absl::string_view main_file);

}  // namespace opinus

#endif  // OPINUS_COMMON_ENV_FLAGS_H_
