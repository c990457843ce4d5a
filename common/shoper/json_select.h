// Parsing only the fields a translation reads out of a large JSON object: a
// SAX pass that builds a small document instead of the whole body's.
#ifndef OPINUS_COMMON_SHOPER_JSON_SELECT_H_
#define OPINUS_COMMON_SHOPER_JSON_SELECT_H_

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus::shoper {

// JsonSelection names the members of a top-level JSON object to keep: some
// members whole when they are scalars, and of some object members only some of
// their scalar members. The views must outlive the selection (string literals).
struct JsonSelection {
  struct Object {
    absl::string_view name;
    std::vector<absl::string_view> members;
  };
  std::vector<absl::string_view> scalars;
  std::vector<Object> objects;
};

// ParseSelected parses `body` once and returns the selected members of its
// top-level object, as nlohmann::json::parse followed by removing every other
// member would. A selected member whose value is not of the expected kind is
// kept with its kind but without content (an object or array where a scalar is
// expected is kept empty; a scalar where an object is expected is kept as is),
// so that readers can tell "wrong type" from "absent".
// Returns INVALID_ARGUMENT "body: not valid JSON" or "body: not a JSON object".
[[nodiscard]] absl::StatusOr<nlohmann::json> ParseSelected(absl::string_view body,
                                                           const JsonSelection& selection);

}  // namespace opinus::shoper

#endif  // OPINUS_COMMON_SHOPER_JSON_SELECT_H_
