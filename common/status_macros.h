// OPINUS_RETURN_IF_ERROR and OPINUS_ASSIGN_OR_RETURN: early returns on a
// non-OK absl::Status, which Abseil 20220623 does not ship yet.
#ifndef OPINUS_COMMON_STATUS_MACROS_H_
#define OPINUS_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define OPINUS_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    const ::absl::Status opinus_status_ = (expr);    \
    if (!opinus_status_.ok()) return opinus_status_; \
  } while (false)

#define OPINUS_STATUS_CONCAT_INNER_(a, b) a##b
#define OPINUS_STATUS_CONCAT_(a, b) OPINUS_STATUS_CONCAT_INNER_(a, b)

// OPINUS_ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr),
// returns its status when not OK, else moves its value into `lhs`.
#define OPINUS_ASSIGN_OR_RETURN(lhs, expr) \
  OPINUS_ASSIGN_OR_RETURN_IMPL_(OPINUS_STATUS_CONCAT_(opinus_statusor_, __LINE__), lhs, expr)

#define OPINUS_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // OPINUS_COMMON_STATUS_MACROS_H_
