// BindEach: the named variables of an `IN (...)` list, for statements whose
// number of values varies.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_PLACEHOLDERS_H_
#define OPINUS_SERVER_STORAGE_MYSQL_PLACEHOLDERS_H_

#include <soci/soci.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace opinus::server {

// BindEach binds each of `values` to `statement` as name0, name1, ... and
// returns their placeholders, ":name0, :name1, ...". The values must stay
// where they are until the statement has run.
template <typename T>
std::string BindEach(soci::statement& statement, absl::string_view name,
                     const std::vector<T>& values) {
  std::string list;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string variable = absl::StrCat(name, i);
    statement.exchange(soci::use(values[i], variable));
    absl::StrAppend(&list, i == 0 ? "" : ", ", ":", variable);
  }
  return list;
}

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_PLACEHOLDERS_H_
