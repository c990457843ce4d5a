// Tolerant readers of scalar fields in JSON objects from shop platforms, which
// send numbers as strings and strings as numbers.
#ifndef OPINUS_COMMON_SHOPER_JSON_SCALARS_H_
#define OPINUS_COMMON_SHOPER_JSON_SCALARS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus::shoper {

// FindObject returns the object `object[key]`, or the object under
// `alternative_key` when `key` does not name an object (absent, null, or a
// PHP-style empty array); nullptr when neither does. `object` must be an
// object. The result points into `object`.
const nlohmann::json* FindObject(const nlohmann::json& object, absl::string_view key,
                                 absl::string_view alternative_key = {});

// ReadText returns `object[key]` as text: a string without its surrounding
// whitespace, or a number in decimal. std::nullopt when the field is absent,
// null or blank. INVALID_ARGUMENT "key: not a string or number" for an object,
// an array or a boolean. `object` must be an object.
[[nodiscard]] absl::StatusOr<std::optional<std::string>> ReadText(const nlohmann::json& object,
                                                                  absl::string_view key);

// ReadTextOrEmpty returns ReadText's text, or "" when there is none or the
// field is not a string or number: for fields that are nice to have.
std::string ReadTextOrEmpty(const nlohmann::json& object, absl::string_view key);

// ReadInteger returns `object[key]` as an integer, from a JSON integer, an
// integral JSON number, or a string holding a decimal integer ("7", " 7 ").
// std::nullopt when the field is absent, null or blank. INVALID_ARGUMENT
// "key: not a number" for anything else. `object` must be an object.
[[nodiscard]] absl::StatusOr<std::optional<int64_t>> ReadInteger(const nlohmann::json& object,
                                                                 absl::string_view key);

}  // namespace opinus::shoper

#endif  // OPINUS_COMMON_SHOPER_JSON_SCALARS_H_
