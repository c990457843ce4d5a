// Reading a small configuration file (tokens, PEM certificates) whole.
#ifndef OPINUS_COMMON_FILE_CONTENTS_H_
#define OPINUS_COMMON_FILE_CONTENTS_H_

#include <string>

#include "absl/status/statusor.h"

namespace opinus {

// ReadFileContents returns the bytes of the file at `path`. Returns
// NOT_FOUND, PERMISSION_DENIED or FAILED_PRECONDITION (e.g. a directory)
// with a message naming the path and the reason.
[[nodiscard]] absl::StatusOr<std::string> ReadFileContents(const std::string& path);

}  // namespace opinus

#endif  // OPINUS_COMMON_FILE_CONTENTS_H_
