// Placeholders: the named variables of an `IN (...)` list or of several
// VALUES rows, for statements whose number of values varies.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_PLACEHOLDERS_H_
#define OPINUS_SERVER_STORAGE_MYSQL_PLACEHOLDERS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace opinus::server {

// Placeholders returns ":name0, :name1, ..." for `count` values; bind each as
// absl::StrCat(name, i).
inline std::string Placeholders(absl::string_view name, size_t count) {
  std::string list;
  for (size_t i = 0; i < count; ++i) absl::StrAppend(&list, i == 0 ? "" : ", ", ":", name, i);
  return list;
}

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_PLACEHOLDERS_H_
