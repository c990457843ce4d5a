#include "gateway/http/status_to_http.h"

namespace opinus::gateway {

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kCancelled:
      // Not in RFC 9110; nginx's "client closed request", as code.proto says.
      return 499;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      // kUnknown, kInternal, kDataLoss and codes added later.
      return 500;
  }
}

std::string PublicErrorMessage(const absl::Status& status) {
  switch (HttpStatusFor(status.code())) {
    case 200:
      return "";
    case 400:
      return std::string(status.message());
    case 401:
      return "unauthenticated";
    case 403:
      return "permission denied";
    case 404:
      return "unknown key";
    case 409:
      return "conflict, please retry";
    case 429:
      return "too many requests, please retry later";
    case 499:
      return "request cancelled";
    case 501:
      return "not implemented";
    case 503:
    case 504:
      return "temporarily unavailable, please retry";
    default:
      return "internal error";
  }
}

}  // namespace opinus::gateway
