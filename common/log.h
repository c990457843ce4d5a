// A minimal structured logger: one line per event on stderr,
// `time level event key=value ...`. Thread-safe. At info level and above,
// e-mail addresses in values are written with their local part masked.
#ifndef OPINUS_COMMON_LOG_H_
#define OPINUS_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace opinus {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// LogField is one `key=value` of a log line. Values are quoted when they hold
// spaces, quotes or control characters. Never pass a secret: use RedactSecret.
// E-mail addresses are masked (MaskEmailLocalParts) except at debug level.
using LogField = std::pair<absl::string_view, std::string>;

// SetLogLevel drops every later line below `level`.
void SetLogLevel(LogLevel level);

// ParseLogLevel reads "debug", "info", "warning" or "error"; false otherwise.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// Log writes one line for `event` with `fields`, when `level` is enabled.
void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields = {});

}  // namespace opinus

#endif  // OPINUS_COMMON_LOG_H_
