// NormalizedEmailArgument: an address an operator names (a suppression, a
// customer's data request), checked and put in the form lists compare.
#ifndef OPINUS_SERVER_MANAGERS_EMAIL_ARGUMENT_H_
#define OPINUS_SERVER_MANAGERS_EMAIL_ARGUMENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/validation.h"

namespace opinus::server {

// NormalizedEmailArgument returns `email` normalised (NormalizeEmail);
// INVALID_ARGUMENT "email: not an e-mail address" unless it is a plausible
// address of at most kMaxEmailLength.
inline absl::StatusOr<std::string> NormalizedEmailArgument(absl::string_view email) {
  std::string normalized = NormalizeEmail(email);
  if (!IsPlausibleEmail(normalized) || normalized.size() > kMaxEmailLength) {
    return absl::InvalidArgumentError("email: not an e-mail address");
  }
  return normalized;
}

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_EMAIL_ARGUMENT_H_
