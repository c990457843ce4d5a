// The command table of the `opinus` CLI: what each `opinus NOUN VERB` accepts
// and runs, and the helpers the per-noun files share.
#ifndef OPINUS_CLIENT_CLI_COMMANDS_H_
#define OPINUS_CLIENT_CLI_COMMANDS_H_

#include <google/protobuf/message.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/cli/args.h"
#include "client/cli/output.h"
#include "client/client.h"

namespace opinus::client::cli {

// Invocation is what a command runs with. It borrows everything: the caller
// keeps `args`, `client` and `out` alive for the call.
struct Invocation {
  // The whole command line, global flags included.
  const ParsedArgs& args;
  // Connected to the server named by --server.
  Client& client;
  // Whether to print JSON (--json) instead of text for people.
  bool json = false;
  // Where the result goes (stdout); errors are returned, not printed.
  std::ostream& out;
};

// Command is one `opinus NOUN VERB`.
struct Command {
  std::string noun;
  std::string verb;
  // One line on what it does.
  std::string summary;
  // The flags it takes besides the global ones.
  std::vector<FlagSpec> flags;
  // More help, printed after the flags; may be empty.
  std::string details;
  // Runs the command. Returns a usage error (see IsUsageError) for a bad flag
  // value, or the status of a failed call to the server.
  std::function<absl::Status(const Invocation&)> run;
};

// CommandTable holds every command, in the order added (which the usage text
// follows). Not thread-safe for Add; built once at start.
class CommandTable {
 public:
  // Add appends `command`.
  void Add(Command command);
  // Find returns the command `noun verb`, or nullptr when there is none.
  const Command* Find(absl::string_view noun, absl::string_view verb) const;
  // HasNoun returns whether any command has `noun`.
  bool HasNoun(absl::string_view noun) const;
  // commands returns all commands in order.
  const std::vector<Command>& commands() const { return commands_; }

 private:
  std::vector<Command> commands_;
};

// The per-noun files add their verbs with these.
void AddShopCommands(CommandTable* table);
void AddSettingsCommands(CommandTable* table);
void AddInvitationCommands(CommandTable* table);
void AddEventCommands(CommandTable* table);
void AddSuppressionCommands(CommandTable* table);
void AddOpinionCommands(CommandTable* table);
void AddPrivacyCommands(CommandTable* table);

// BuildCommandTable returns the table of every command of the CLI.
CommandTable BuildCommandTable();

// GlobalFlags returns the flags every command accepts: --server, --json,
// --timeout-ms and --help.
const std::vector<FlagSpec>& GlobalFlags();

// CommandUsage returns the help of `command`: its usage line, its flags, the
// global flags and its details.
std::string CommandUsage(const Command& command);

// NounUsage returns the help of `noun`: the usage line of each of its verbs.
std::string NounUsage(const CommandTable& table, absl::string_view noun);

// MainUsage returns the help of `opinus` itself: every command's usage line.
std::string MainUsage(const CommandTable& table);

// kListPageSize is the page size list commands ask for: the most the server
// allows, so that few calls fetch everything.
inline constexpr int kListPageSize = 1000;

// FetchAllPages calls `fetch_page` with "" and then with each page token it
// returns, until it returns "" (the last page). Returns the first error of
// `fetch_page`, or INTERNAL when the server hands out the same token twice
// (which would loop forever).
[[nodiscard]] absl::Status FetchAllPages(
    const std::function<absl::StatusOr<std::string>(const std::string& page_token)>& fetch_page);

// ShopTableZone returns the zone a table of shop `shop_id` writes its times
// in: the shop's settings' time zone (UTC when this system lacks it), read
// with GetShopSettings; that call's error otherwise.
[[nodiscard]] absl::StatusOr<TableZone> ShopTableZone(const Invocation& inv, int64_t shop_id);

// PrintJson writes `message` as ToJson prints it to `out`. INTERNAL when it
// cannot be printed.
[[nodiscard]] absl::Status PrintJson(const google::protobuf::Message& message, std::ostream& out);

}  // namespace opinus::client::cli

#endif  // OPINUS_CLIENT_CLI_COMMANDS_H_
