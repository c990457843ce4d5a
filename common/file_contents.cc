#include "common/file_contents.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace opinus {

absl::StatusOr<std::string> ReadFileContents(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file"));
  }
  // A directory opens like a file on Linux and then reads as nothing.
  if (!std::filesystem::is_regular_file(status)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": not a regular file"));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    const std::string message = absl::StrCat(path, ": ", std::strerror(errno));
    if (errno == EACCES) return absl::PermissionDeniedError(message);
    return absl::FailedPreconditionError(message);
  }
  std::ostringstream content;
  content << file.rdbuf();
  if (file.bad()) return absl::FailedPreconditionError(absl::StrCat(path, ": read failed"));
  return content.str();
}

}  // namespace opinus
