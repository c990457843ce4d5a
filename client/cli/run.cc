#include "client/cli/run.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/cli/args.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "client/token_file.h"
#include "common/file_contents.h"

namespace opinus::client::cli {

namespace {

// Writes the one error line and returns the exit code that goes with it.
// `context` is "" or the command ("shop get"); messages are flattened to one
// line so that scripts can read stderr line by line.
int Fail(std::ostream& err, absl::string_view context, const absl::Status& status) {
  std::string message(status.message());
  if (!IsUsageError(status)) {
    message = absl::StrCat(absl::StatusCodeToString(status.code()), ": ", message);
  }
  message = ForTerminal(absl::StrReplaceAll(message, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}}));
  err << "opinus: " << context << (context.empty() ? "" : ": ") << message << "\n";
  return IsUsageError(status) ? kExitUsage : kExitFailure;
}

// The verbs of `noun`, "create, get, list", for error messages.
std::string VerbsOf(const CommandTable& table, absl::string_view noun) {
  std::vector<std::string> verbs;
  for (const Command& command : table.commands()) {
    if (command.noun == noun) verbs.push_back(command.verb);
  }
  return absl::StrJoin(verbs, ", ");
}

// TokenFrom returns the token of --token-file, else of $OPINUS_TOKEN, else "".
absl::StatusOr<std::string> TokenFrom(const ParsedArgs& args, const Environment& environment) {
  if (const std::string* file = args.Get("token-file")) {
    absl::StatusOr<std::string> token = ReadTokenFile(*file);
    if (!token.ok()) return UsageError(absl::StrCat("--token-file: ", token.status().message()));
    return token;
  }
  if (environment.token.empty()) return "";
  absl::StatusOr<std::string> token = ParseToken(environment.token);
  if (!token.ok()) return UsageError(absl::StrCat("$OPINUS_TOKEN: ", token.status().message()));
  return token;
}

// ClientOptionsFrom returns the target, deadline, token and TLS trust the
// global flags and the environment ask for.
absl::StatusOr<ClientOptions> ClientOptionsFrom(const ParsedArgs& args,
                                                const Environment& environment) {
  ClientOptions options;
  options.target = environment.server;
  if (const std::string* server = args.Get("server")) {
    if (server->empty()) return UsageError("--server: empty");
    options.target = *server;
  }
  if (const std::string* value = args.Get("timeout-ms")) {
    absl::StatusOr<int32_t> ms = ParseInt32("timeout-ms", *value);
    if (!ms.ok()) return ms.status();
    if (*ms <= 0) return UsageError("--timeout-ms: must be positive");
    options.timeout = absl::Milliseconds(*ms);
  }
  absl::StatusOr<std::string> token = TokenFrom(args, environment);
  if (!token.ok()) return token.status();
  options.token = *std::move(token);
  if (const std::string* ca = args.Get("tls-ca")) {
    absl::StatusOr<std::string> pem = ReadFileContents(*ca);
    if (!pem.ok()) return UsageError(absl::StrCat("--tls-ca: ", pem.status().message()));
    options.tls_ca_pem = *std::move(pem);
  }
  return options;
}

// Help answers `opinus help [NOUN [VERB]]`.
int Help(const CommandTable& table, const std::vector<std::string>& topic, std::ostream& out,
         std::ostream& err) {
  if (topic.empty()) {
    out << MainUsage(table);
    return kExitOk;
  }
  if (!table.HasNoun(topic[0])) {
    return Fail(err, "help", UsageError(absl::StrCat(topic[0], ": unknown command")));
  }
  if (topic.size() == 1) {
    out << NounUsage(table, topic[0]);
    return kExitOk;
  }
  const Command* command = table.Find(topic[0], topic[1]);
  if (command == nullptr || topic.size() > 2) {
    return Fail(err, "help",
                UsageError(absl::StrCat(absl::StrJoin(topic, " "), ": unknown command")));
  }
  out << CommandUsage(*command);
  return kExitOk;
}

}  // namespace

std::string DefaultServer(const char* env_value) {
  if (env_value != nullptr && *env_value != '\0') return env_value;
  return kDefaultServer;
}

int Run(const std::vector<std::string>& args, const Environment& environment,
        const ClientFactory& make_client, std::ostream& out, std::ostream& err) {
  const CommandTable table = BuildCommandTable();
  ParsedArgs parsed;
  if (absl::Status status = ParseArgsInto(args, &parsed); !status.ok()) {
    // Name the command when its words came before the bad flag.
    const std::vector<std::string>& words = parsed.words;
    const std::string context = words.size() >= 2 && table.Find(words[0], words[1]) != nullptr
                                    ? absl::StrCat(words[0], " ", words[1])
                                    : "";
    return Fail(err, context, status);
  }
  const std::vector<std::string>& words = parsed.words;
  const bool help = parsed.Has("help");

  if (words.empty()) {
    if (help) return Help(table, {}, out, err);
    return Fail(err, "", UsageError("missing command (see opinus --help)"));
  }
  if (words[0] == "help") {
    return Help(table, std::vector<std::string>(words.begin() + 1, words.end()), out, err);
  }
  const std::string& noun = words[0];
  if (!table.HasNoun(noun)) {
    return Fail(err, "", UsageError(absl::StrCat(noun, ": unknown command")));
  }
  if (words.size() == 1) {
    if (help) return Help(table, {noun}, out, err);
    return Fail(err, noun,
                UsageError(absl::StrCat("missing command, one of: ", VerbsOf(table, noun))));
  }
  const std::string context = absl::StrCat(noun, " ", words[1]);
  const Command* command = table.Find(noun, words[1]);
  if (command == nullptr) {
    return Fail(err, context,
                UsageError(absl::StrCat("unknown command, want one of: ", VerbsOf(table, noun))));
  }
  if (help) {
    out << CommandUsage(*command);
    return kExitOk;
  }
  if (words.size() > 2) {
    return Fail(err, context, UsageError(absl::StrCat(words[2], ": unexpected argument")));
  }

  std::vector<FlagSpec> allowed = command->flags;
  allowed.insert(allowed.end(), GlobalFlags().begin(), GlobalFlags().end());
  if (absl::Status status = CheckFlags(parsed, allowed); !status.ok()) {
    return Fail(err, context, status);
  }
  absl::StatusOr<ClientOptions> options = ClientOptionsFrom(parsed, environment);
  if (!options.ok()) return Fail(err, context, options.status());

  std::unique_ptr<Client> client = make_client(*options);
  const Invocation invocation{parsed, *client, parsed.Has("json"), out};
  if (absl::Status status = command->run(invocation); !status.ok()) {
    return Fail(err, context, status);
  }
  out.flush();
  return kExitOk;
}

}  // namespace opinus::client::cli
