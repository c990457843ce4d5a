// Status matchers and assertions for tests: Abseil 20220623 ships none.
#ifndef OPINUS_TESTS_UNIT_SERVER_STATUS_MATCHERS_H_
#define OPINUS_TESTS_UNIT_SERVER_STATUS_MATCHERS_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::testing {

// GetStatus returns the status of an absl::Status or an absl::StatusOr.
inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// IsOk() matches an OK Status or StatusOr.
MATCHER(IsOk, "is OK") {
  const absl::Status& status = ::opinus::testing::GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.ok();
}

// StatusIs(code) matches a Status or StatusOr with that code.
MATCHER_P(StatusIs, code, "") {
  const absl::Status& status = ::opinus::testing::GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code;
}

// StatusIs(code, message_matcher) also matches the message.
MATCHER_P2(StatusIs, code, message_matcher, "") {
  const absl::Status& status = ::opinus::testing::GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code && ::testing::Matches(::testing::SafeMatcherCast<const std::string&>(
                                      message_matcher))(std::string(status.message()));
}

}  // namespace opinus::testing

#define OPINUS_TEST_CONCAT_INNER_(a, b) a##b
#define OPINUS_TEST_CONCAT_(a, b) OPINUS_TEST_CONCAT_INNER_(a, b)

// ASSERT_OK_AND_ASSIGN(lhs, expr): asserts that the absl::StatusOr `expr` is
// OK and moves its value into `lhs` (a declaration or a variable).
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  OPINUS_ASSERT_OK_AND_ASSIGN_IMPL_(OPINUS_TEST_CONCAT_(opinus_statusor_, __LINE__), lhs, expr)
#define OPINUS_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                      \
  ASSERT_TRUE(statusor.ok()) << statusor.status();             \
  lhs = std::move(statusor).value()

#endif  // OPINUS_TESTS_UNIT_SERVER_STATUS_MATCHERS_H_
