// Tests of the one absl::StatusCode -> HTTP table, code by code, and of what
// callers are told.
#include "gateway/http/status_to_http.h"

#include <gtest/gtest.h>

#include "absl/status/status.h"

namespace opinus::gateway {
namespace {

TEST(HttpStatusForTest, EveryCode) {
  const struct {
    absl::StatusCode code;
    int http;
  } kTable[] = {
      {absl::StatusCode::kOk, 200},
      {absl::StatusCode::kCancelled, 499},
      {absl::StatusCode::kUnknown, 500},
      {absl::StatusCode::kInvalidArgument, 400},
      {absl::StatusCode::kDeadlineExceeded, 504},
      {absl::StatusCode::kNotFound, 404},
      {absl::StatusCode::kAlreadyExists, 409},
      {absl::StatusCode::kPermissionDenied, 403},
      {absl::StatusCode::kResourceExhausted, 429},
      {absl::StatusCode::kFailedPrecondition, 400},
      {absl::StatusCode::kAborted, 409},
      {absl::StatusCode::kOutOfRange, 400},
      {absl::StatusCode::kUnimplemented, 501},
      {absl::StatusCode::kInternal, 500},
      {absl::StatusCode::kUnavailable, 503},
      {absl::StatusCode::kDataLoss, 500},
      {absl::StatusCode::kUnauthenticated, 401},
  };
  for (const auto& row : kTable) {
    EXPECT_EQ(HttpStatusFor(row.code), row.http) << absl::StatusCodeToString(row.code);
  }
  // A code this build does not know yet is an internal error, not a crash.
  EXPECT_EQ(HttpStatusFor(static_cast<absl::StatusCode>(42)), 500);
}

TEST(PublicErrorMessageTest, UserFixableMessagesPassThrough) {
  EXPECT_EQ(PublicErrorMessage(absl::InvalidArgumentError("order_id: missing")),
            "order_id: missing");
  EXPECT_EQ(PublicErrorMessage(absl::FailedPreconditionError("shop: sending disabled")),
            "shop: sending disabled");
  EXPECT_EQ(PublicErrorMessage(absl::OutOfRangeError("page_size: at most 1000")),
            "page_size: at most 1000");
}

TEST(PublicErrorMessageTest, NotFoundIsTheSameForEveryKey) {
  EXPECT_EQ(PublicErrorMessage(absl::NotFoundError("no shop with key abcdefghij0123456789")),
            "unknown key");
  EXPECT_EQ(PublicErrorMessage(absl::NotFoundError("")), "unknown key");
}

TEST(PublicErrorMessageTest, ServerErrorsNeverShowTheirText) {
  const std::string secret = "mysql://opinus:hunter2@10.0.0.5 refused";
  EXPECT_EQ(PublicErrorMessage(absl::UnavailableError(secret)),
            "temporarily unavailable, please retry");
  EXPECT_EQ(PublicErrorMessage(absl::DeadlineExceededError(secret)),
            "temporarily unavailable, please retry");
  EXPECT_EQ(PublicErrorMessage(absl::InternalError(secret)), "internal error");
  EXPECT_EQ(PublicErrorMessage(absl::UnknownError(secret)), "internal error");
  EXPECT_EQ(PublicErrorMessage(absl::DataLossError(secret)), "internal error");
  for (absl::StatusCode code :
       {absl::StatusCode::kUnauthenticated, absl::StatusCode::kPermissionDenied,
        absl::StatusCode::kAlreadyExists, absl::StatusCode::kAborted,
        absl::StatusCode::kResourceExhausted, absl::StatusCode::kCancelled,
        absl::StatusCode::kUnimplemented}) {
    const std::string message = PublicErrorMessage(absl::Status(code, secret));
    EXPECT_FALSE(message.empty()) << absl::StatusCodeToString(code);
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << absl::StatusCodeToString(code);
  }
}

}  // namespace
}  // namespace opinus::gateway
