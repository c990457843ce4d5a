// The `opinus` command line split into words and flags, and the helpers that
// check flags and turn their values into numbers, lists and choices. Pure: no
// I/O, so every rule here is unit-tested.
#ifndef OPINUS_CLIENT_CLI_ARGS_H_
#define OPINUS_CLIENT_CLI_ARGS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus::client::cli {

// FlagSpec describes one flag a command accepts.
struct FlagSpec {
  // Name without the leading dashes, e.g. "shop".
  std::string name;
  // What the value is, for the usage text, e.g. "ID"; empty for a boolean flag.
  std::string value_name;
  // Whether the command refuses to run without it.
  bool required = false;
  // One line for the usage text.
  std::string help;
};

// ParsedArgs is a command line split into positional words (the noun and the
// verb, e.g. {"shop", "get"}) and flags in the order given. A boolean flag
// (--json, --help) has an empty value.
struct ParsedArgs {
  std::vector<std::string> words;
  std::vector<std::pair<std::string, std::string>> flags;

  // Has returns whether flag `name` was given.
  bool Has(absl::string_view name) const;
  // Get returns the value of flag `name`, or nullptr when it was not given.
  const std::string* Get(absl::string_view name) const;
};

// UsageError returns an INVALID_ARGUMENT status marked as the user's mistake
// on the command line (exit code 2), as opposed to an error of the server.
absl::Status UsageError(absl::string_view message);

// IsUsageError returns whether `status` was made by UsageError.
bool IsUsageError(const absl::Status& status);

// ParseArgs splits `args` (argv without the program name). Flags may come
// anywhere, as `--name value` or `--name=value`; `--json` and `--help` (or
// `-h`) take no value; everything after `--` is a word. A value that starts
// with "--" must be given as `--name=value`. Returns a usage error naming the
// flag for a flag without its value, a value given to a boolean flag, a flag
// given twice, or a single-dash flag.
[[nodiscard]] absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args);

// ParseArgsInto is ParseArgs writing into `parsed`; on error, `parsed` holds
// the words and flags before the bad one (so that the error can name the
// command it belongs to).
[[nodiscard]] absl::Status ParseArgsInto(const std::vector<std::string>& args, ParsedArgs* parsed);

// CheckFlags returns OK when every flag of `args` is in `allowed` and every
// required flag of `allowed` is present; otherwise a usage error naming the
// first unknown flag ("--foo: unknown flag"), else the first missing one
// ("--shop: missing").
[[nodiscard]] absl::Status CheckFlags(const ParsedArgs& args, const std::vector<FlagSpec>& allowed);

// The Parse* helpers take the flag's name without dashes ("shop"), for their
// error messages, and its value.

// ParseId returns the value of flag `flag` as a positive id; a usage error
// ("--shop: not a number", "--shop: must be positive") otherwise.
[[nodiscard]] absl::StatusOr<int64_t> ParseId(absl::string_view flag, absl::string_view value);

// ParseInt32 returns the value of flag `flag` as a 32-bit integer, or a usage
// error ("--delay-days: not a number").
[[nodiscard]] absl::StatusOr<int32_t> ParseInt32(absl::string_view flag, absl::string_view value);

// ParseIdList returns a comma-separated list of positive ids ("7,12", spaces
// around ids allowed) as numbers; "" is the empty list. A usage error
// ("--trigger-status-ids: not a list of numbers") otherwise.
[[nodiscard]] absl::StatusOr<std::vector<int64_t>> ParseIdList(absl::string_view flag,
                                                               absl::string_view value);

// ParseOnOff returns true for "on", false for "off", and a usage error
// ("--sending: want on or off") for anything else.
[[nodiscard]] absl::StatusOr<bool> ParseOnOff(absl::string_view flag, absl::string_view value);

// ParseChoice returns the number paired with `value` in `choices`, or a usage
// error listing the choices ("--state: want one of scheduled, cancelled, sent").
[[nodiscard]] absl::StatusOr<int> ParseChoice(
    absl::string_view flag, absl::string_view value,
    const std::vector<std::pair<std::string, int>>& choices);

// GetRequiredValue returns the value of flag `name` of `args`, or a usage
// error ("--name: missing") when it was not given.
[[nodiscard]] absl::StatusOr<std::string> GetRequiredValue(const ParsedArgs& args,
                                                           absl::string_view name);

// GetRequiredId returns flag `name` of `args` parsed by ParseId, or a usage
// error when it is missing or not an id.
[[nodiscard]] absl::StatusOr<int64_t> GetRequiredId(const ParsedArgs& args, absl::string_view name);

}  // namespace opinus::client::cli

#endif  // OPINUS_CLIENT_CLI_ARGS_H_
