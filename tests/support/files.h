// ReadFile: a whole file as a string, for tests reading their data.
#ifndef OPINUS_TESTS_SUPPORT_FILES_H_
#define OPINUS_TESTS_SUPPORT_FILES_H_

#include <fstream>
#include <sstream>
#include <string>

namespace opinus::testing {

// ReadFile returns the bytes of the file at `path`, "" when it cannot be read.
inline std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_SUPPORT_FILES_H_
