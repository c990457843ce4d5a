#include "client/cli/args.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace opinus::client::cli {

namespace {

// The payload that tells a usage error from an INVALID_ARGUMENT of the server.
constexpr absl::string_view kUsagePayload = "type.opinus/client.cli.UsageError";

// Flags that take no value. They are global, so the parser needs no command
// table to know whether the next word is a value.
bool IsBooleanFlag(absl::string_view name) { return name == "json" || name == "help"; }

std::string Dashed(absl::string_view flag) { return absl::StrCat("--", flag); }

}  // namespace

bool ParsedArgs::Has(absl::string_view name) const { return Get(name) != nullptr; }

const std::string* ParsedArgs::Get(absl::string_view name) const {
  for (const auto& [flag, value] : flags) {
    if (flag == name) return &value;
  }
  return nullptr;
}

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  absl::Status status = ParseArgsInto(args, &parsed);
  if (!status.ok()) return status;
  return parsed;
}

absl::Status ParseArgsInto(const std::vector<std::string>& args, ParsedArgs* parsed_args) {
  ParsedArgs& parsed = *parsed_args;
  parsed = ParsedArgs();
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      parsed.words.insert(parsed.words.end(), args.begin() + i + 1, args.end());
      break;
    }
    std::string name;
    std::string value;
    if (arg == "-h") {
      name = "help";
    } else if (absl::StartsWith(arg, "--")) {
      const size_t equals = arg.find('=');
      name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
      if (name.empty()) return UsageError(absl::StrCat(arg, ": not a flag"));
      if (equals != std::string::npos) {
        if (IsBooleanFlag(name)) return UsageError(absl::StrCat(Dashed(name), ": takes no value"));
        value = arg.substr(equals + 1);
      } else if (!IsBooleanFlag(name)) {
        // A following flag is not taken as the value: `--reason --json` is
        // far more likely a forgotten value than a reason.
        if (i + 1 >= args.size() || absl::StartsWith(args[i + 1], "--")) {
          return UsageError(absl::StrCat(Dashed(name), ": missing value"));
        }
        value = args[++i];
      }
    } else if (absl::StartsWith(arg, "-") && arg.size() > 1) {
      return UsageError(absl::StrCat(arg, ": unknown flag"));
    } else {
      parsed.words.push_back(arg);
      continue;
    }
    if (parsed.Has(name)) return UsageError(absl::StrCat(Dashed(name), ": given more than once"));
    parsed.flags.emplace_back(std::move(name), std::move(value));
  }
  return absl::OkStatus();
}

absl::Status CheckFlags(const ParsedArgs& args, const std::vector<FlagSpec>& allowed) {
  for (const auto& flag : args.flags) {
    const bool known = std::any_of(allowed.begin(), allowed.end(),
                                   [&](const FlagSpec& spec) { return spec.name == flag.first; });
    if (!known) return UsageError(absl::StrCat(Dashed(flag.first), ": unknown flag"));
  }
  for (const FlagSpec& spec : allowed) {
    if (spec.required && !args.Has(spec.name)) {
      return UsageError(absl::StrCat(Dashed(spec.name), ": missing"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseId(absl::string_view flag, absl::string_view value) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(value, &id))
    return UsageError(absl::StrCat(Dashed(flag), ": not a number"));
  if (id <= 0) return UsageError(absl::StrCat(Dashed(flag), ": must be positive"));
  return id;
}

absl::StatusOr<int32_t> ParseInt32(absl::string_view flag, absl::string_view value) {
  int32_t number = 0;
  if (!absl::SimpleAtoi(value, &number)) {
    return UsageError(absl::StrCat(Dashed(flag), ": not a number"));
  }
  return number;
}

absl::StatusOr<std::vector<int64_t>> ParseIdList(absl::string_view flag, absl::string_view value) {
  std::vector<int64_t> ids;
  if (absl::StripAsciiWhitespace(value).empty()) return ids;
  for (absl::string_view part : absl::StrSplit(value, ',')) {
    int64_t id = 0;
    // SimpleAtoi already skips surrounding whitespace.
    if (!absl::SimpleAtoi(part, &id) || id <= 0) {
      return UsageError(absl::StrCat(Dashed(flag), ": not a list of numbers"));
    }
    ids.push_back(id);
  }
  return ids;
}

absl::StatusOr<bool> ParseOnOff(absl::string_view flag, absl::string_view value) {
  if (value == "on") return true;
  if (value == "off") return false;
  return UsageError(absl::StrCat(Dashed(flag), ": want on or off"));
}

absl::StatusOr<int> ParseChoice(absl::string_view flag, absl::string_view value,
                                const std::vector<std::pair<std::string, int>>& choices) {
  for (const auto& [name, number] : choices) {
    if (name == value) return number;
  }
  return UsageError(absl::StrCat(
      Dashed(flag), ": want one of ",
      absl::StrJoin(choices, ", ", [](std::string* out, const std::pair<std::string, int>& c) {
        out->append(c.first);
      })));
}

absl::StatusOr<std::string> GetRequiredValue(const ParsedArgs& args, absl::string_view name) {
  const std::string* value = args.Get(name);
  if (value == nullptr) return UsageError(absl::StrCat(Dashed(name), ": missing"));
  return *value;
}

absl::StatusOr<int64_t> GetRequiredId(const ParsedArgs& args, absl::string_view name) {
  const std::string* value = args.Get(name);
  if (value == nullptr) return UsageError(absl::StrCat(Dashed(name), ": missing"));
  return ParseId(name, *value);
}

}  // namespace opinus::client::cli
