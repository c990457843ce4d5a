#include "common/env_flags.h"

#include <cstdlib>
#include <string>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace opinus {

absl::Status ParseFlagsWithEnvironment(int argc, char** argv) {
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
  absl::ParseCommandLine(argc, argv);
  return absl::OkStatus();
}

}  // namespace opinus
