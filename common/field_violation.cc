#include "common/field_violation.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace opinus {

absl::Status InvalidFieldError(absl::string_view field, absl::string_view description) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
  status.SetPayload(kViolatedFieldPayload, absl::Cord(field));
  return status;
}

std::string ViolatedField(const absl::Status& status) {
  const auto field = status.GetPayload(kViolatedFieldPayload);
  return field.has_value() ? std::string(*field) : std::string();
}

std::string ViolationDescription(const absl::Status& status) {
  const std::string prefix = absl::StrCat(ViolatedField(status), ": ");
  absl::string_view message = status.message();
  if (prefix.size() > 2) absl::ConsumePrefix(&message, prefix);
  return std::string(message);
}

}  // namespace opinus
