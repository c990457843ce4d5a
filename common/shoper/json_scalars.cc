#include "common/shoper/json_scalars.h"

#include <cmath>
#include <limits>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace opinus::shoper {
namespace {

using Json = nlohmann::json;

// Find returns the value under `key`, or nullptr when it is absent or null.
// nlohmann's objects compare keys with std::less<>, so a std::string_view
// looks up without building a std::string.
const Json* Find(const Json& object, absl::string_view key) {
  const auto it = object.find(std::string_view(key.data(), key.size()));
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// IntegralValue returns `number` as an int64 when it holds an integer that
// fits, whatever its JSON representation (1043, 1043.0).
std::optional<int64_t> IntegralValue(const Json& number) {
  if (number.is_number_integer() && !number.is_number_unsigned()) {
    return number.get<int64_t>();
  }
  if (number.is_number_unsigned()) {
    const uint64_t value = number.get<uint64_t>();
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(value);
  }
  if (number.is_number_float()) {
    const double value = number.get<double>();
    // 2^63 is exactly representable; anything at or beyond it does not fit.
    if (!std::isfinite(value) || std::trunc(value) != value || value < -9.2233720368547758e18 ||
        value >= 9.2233720368547758e18) {
      return std::nullopt;
    }
    return static_cast<int64_t>(value);
  }
  return std::nullopt;
}

}  // namespace

const Json* FindObject(const Json& object, absl::string_view key,
                       absl::string_view alternative_key) {
  const Json* value = Find(object, key);
  if (value != nullptr && value->is_object()) return value;
  if (alternative_key.empty()) return nullptr;
  value = Find(object, alternative_key);
  if (value != nullptr && value->is_object()) return value;
  return nullptr;
}

absl::StatusOr<std::optional<std::string>> ReadText(const Json& object, absl::string_view key) {
  const Json* value = Find(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    const absl::string_view stripped = absl::StripAsciiWhitespace(text);
    if (stripped.empty()) return std::nullopt;
    return std::string(stripped);
  }
  if (value->is_number()) {
    if (const std::optional<int64_t> integer = IntegralValue(*value)) {
      return absl::StrCat(*integer);
    }
    if (value->is_number_unsigned()) return absl::StrCat(value->get<uint64_t>());
    return value->dump();
  }
  return absl::InvalidArgumentError(absl::StrCat(key, ": not a string or number"));
}

std::string ReadTextOrEmpty(const Json& object, absl::string_view key) {
  absl::StatusOr<std::optional<std::string>> text = ReadText(object, key);
  if (!text.ok() || !text->has_value()) return std::string();
  return std::move(**text);
}

absl::StatusOr<std::optional<int64_t>> ReadInteger(const Json& object, absl::string_view key) {
  const Json* value = Find(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) {
    const absl::string_view stripped =
        absl::StripAsciiWhitespace(value->get_ref<const std::string&>());
    if (stripped.empty()) return std::nullopt;
    int64_t integer = 0;
    if (absl::SimpleAtoi(stripped, &integer)) return integer;
  } else if (const std::optional<int64_t> integer = IntegralValue(*value)) {
    return *integer;
  }
  return absl::InvalidArgumentError(absl::StrCat(key, ": not a number"));
}

}  // namespace opinus::shoper
