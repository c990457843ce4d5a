#include "client/cli/commands.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/cli/output.h"
#include "common/time_zone_name.h"

namespace opinus::client::cli {

namespace {

// "--shop ID", "[--state scheduled|cancelled|sent]" or "--json".
std::string FlagSynopsis(const FlagSpec& flag) {
  std::string text = absl::StrCat("--", flag.name);
  if (!flag.value_name.empty()) absl::StrAppend(&text, " ", flag.value_name);
  return flag.required ? text : absl::StrCat("[", text, "]");
}

// "opinus shop get --shop ID".
std::string UsageLine(const Command& command) {
  std::string line = absl::StrCat("opinus ", command.noun, " ", command.verb);
  for (const FlagSpec& flag : command.flags) absl::StrAppend(&line, " ", FlagSynopsis(flag));
  return line;
}

// One aligned line per flag: "  --shop ID    the shop's id".
std::string FlagList(const std::vector<FlagSpec>& flags) {
  // A name longer than this gets its help on the next line, so that one
  // long choice list does not push every help text far to the right.
  constexpr size_t kMaxNameWidth = 24;
  std::vector<std::string> names;
  size_t width = 0;
  for (const FlagSpec& flag : flags) {
    names.push_back(absl::StrCat(
        "--", flag.name, flag.value_name.empty() ? "" : absl::StrCat(" ", flag.value_name)));
    if (names.back().size() <= kMaxNameWidth) width = std::max(width, names.back().size());
  }
  std::string text;
  for (size_t i = 0; i < flags.size(); ++i) {
    absl::StrAppend(&text, "  ", names[i]);
    if (names[i].size() > width) {
      absl::StrAppend(&text, "\n", std::string(width + 4, ' '));
    } else {
      text.append(width - names[i].size() + 2, ' ');
    }
    absl::StrAppend(&text, flags[i].help, flags[i].required ? " (required)" : "", "\n");
  }
  return text;
}

constexpr absl::string_view kGlobalSynopsis =
    "opinus [--server HOST:PORT] [--token-file FILE] [--tls-ca FILE] [--json] [--timeout-ms N] "
    "NOUN VERB [FLAGS]";

}  // namespace

void CommandTable::Add(Command command) { commands_.push_back(std::move(command)); }

const Command* CommandTable::Find(absl::string_view noun, absl::string_view verb) const {
  for (const Command& command : commands_) {
    if (command.noun == noun && command.verb == verb) return &command;
  }
  return nullptr;
}

bool CommandTable::HasNoun(absl::string_view noun) const {
  return std::any_of(commands_.begin(), commands_.end(),
                     [&](const Command& command) { return command.noun == noun; });
}

CommandTable BuildCommandTable() {
  CommandTable table;
  AddShopCommands(&table);
  AddSettingsCommands(&table);
  AddInvitationCommands(&table);
  AddEventCommands(&table);
  AddSuppressionCommands(&table);
  AddOpinionCommands(&table);
  AddPrivacyCommands(&table);
  return table;
}

const std::vector<FlagSpec>& GlobalFlags() {
  static const auto* const kFlags = new std::vector<FlagSpec>{
      {"server", "HOST:PORT", false,
       "the opinus-server to call; default $OPINUS_SERVER, else 127.0.0.1:50051"},
      {"token-file", "FILE", false,
       "file holding the bearer token sent to the server; default $OPINUS_TOKEN (the token)"},
      {"tls-ca", "FILE", false, "PEM of the CA to trust; connect over TLS"},
      {"json", "", false, "print the response as proto3 JSON instead of text"},
      {"timeout-ms", "N", false, "deadline of each call in milliseconds; default 5000"},
      {"help", "", false, "print this help and exit"},
  };
  return *kFlags;
}

std::string CommandUsage(const Command& command) {
  std::string text = absl::StrCat("Usage: ", UsageLine(command), "\n\n", command.summary, "\n");
  if (!command.flags.empty()) absl::StrAppend(&text, "\nFlags:\n", FlagList(command.flags));
  absl::StrAppend(&text, "\nGlobal flags (anywhere on the line):\n", FlagList(GlobalFlags()));
  if (!command.details.empty()) absl::StrAppend(&text, "\n", command.details, "\n");
  return text;
}

std::string NounUsage(const CommandTable& table, absl::string_view noun) {
  std::string text = absl::StrCat("Usage: opinus ", noun, " VERB [FLAGS]\n\nCommands:\n");
  for (const Command& command : table.commands()) {
    if (command.noun != noun) continue;
    absl::StrAppend(&text, "  ", UsageLine(command), "\n      ", command.summary, "\n");
  }
  absl::StrAppend(&text, "\nRun `opinus ", noun, " VERB --help` for the flags of one command.\n");
  return text;
}

std::string MainUsage(const CommandTable& table) {
  std::string text = absl::StrCat(
      "opinus: operate Opinus, the review-invitation service, through its gRPC API.\n\nUsage: ",
      kGlobalSynopsis, "\n\nCommands:\n");
  for (const Command& command : table.commands()) {
    absl::StrAppend(&text, "  ", UsageLine(command), "\n      ", command.summary, "\n");
  }
  absl::StrAppend(
      &text, "\nGlobal flags (anywhere on the line; --flag value or --flag=value):\n",
      FlagList(GlobalFlags()),
      "\nTables of one shop's invitations, events and opinions print times in the shop's time "
      "zone, named in the column; other times, and --json, are UTC. Run `opinus NOUN "
      "VERB --help` for the flags of one "
      "command.\nExit status: 0 on success, 1 when a call to the server fails, 2 for "
      "a usage error.\n");
  return text;
}

absl::StatusOr<TableZone> ShopTableZone(const Invocation& inv, int64_t shop_id) {
  opinus::v1::GetShopSettingsRequest request;
  request.set_shop_id(shop_id);
  absl::StatusOr<opinus::v1::ShopSettings> settings = inv.client.GetShopSettings(request);
  if (!settings.ok()) return settings.status();
  if (std::optional<absl::TimeZone> zone = LoadNamedTimeZone(settings->time_zone())) {
    return TableZone{*zone, settings->time_zone()};
  }
  return TableZone{};
}

absl::Status FetchAllPages(
    const std::function<absl::StatusOr<std::string>(const std::string& page_token)>& fetch_page) {
  std::string token;
  while (true) {
    absl::StatusOr<std::string> next = fetch_page(token);
    if (!next.ok()) return next.status();
    if (next->empty()) return absl::OkStatus();
    if (*next == token) {
      return absl::InternalError("the server returned the same page token twice");
    }
    token = *std::move(next);
  }
}

absl::Status PrintJson(const google::protobuf::Message& message, std::ostream& out) {
  absl::StatusOr<std::string> json = ToJson(message);
  if (!json.ok()) return json.status();
  out << *json;
  return absl::OkStatus();
}

}  // namespace opinus::client::cli
