#include "common/env_flags.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace opinus {

namespace {

// Flag names are C++ identifiers (`smtp_url`), while operators type
// `--smtp-url`: both spellings are accepted by rewriting the name part.
std::vector<std::string> NormalizeFlagNames(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (size_t i = 1; i < args.size(); ++i) {
    std::string& arg = args[i];
    if (arg == "--") break;
    if (!absl::StartsWith(arg, "--")) continue;
    const size_t name_end = std::min(arg.find('='), arg.size());
    std::replace(arg.begin() + 2, arg.begin() + name_end, '-', '_');
  }
  return args;
}

}  // namespace

absl::Status ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view main_file) {
  // abseil's default lists only files named after the program
  // ("opinus-server.cc"), so --help said "No flags matched".
  absl::FlagsUsageConfig usage;
  const std::string file(main_file);
  usage.contains_help_flags = [file](absl::string_view path) {
    return absl::StrContains(path, file);
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const std::string variable =
        absl::StrCat("OPINUS_", absl::AsciiStrToUpper(absl::StrReplaceAll(name, {{"-", "_"}})));
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(absl::StrCat(variable, ": ", error));
    }
  }
  std::vector<std::string> args = NormalizeFlagNames(argc, argv);
  std::vector<char*> arg_pointers;
  for (std::string& arg : args) arg_pointers.push_back(arg.data());
  absl::ParseCommandLine(static_cast<int>(arg_pointers.size()), arg_pointers.data());
  return absl::OkStatus();
}

}  // namespace opinus
