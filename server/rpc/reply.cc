#include "server/rpc/reply.h"

#include <string>

#include "common/grpc_status.h"
#include "common/log.h"

namespace opinus::server::rpc {
namespace {

bool IsServerFault(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDeadlineExceeded:
      return true;
    default:
      return false;
  }
}

}  // namespace

grpc::Status Reply(absl::string_view method, const absl::Status& status) {
  if (IsServerFault(status.code())) {
    Log(LogLevel::kError, "rpc_failed",
        {{"method", std::string(method)},
         {"code", absl::StatusCodeToString(status.code())},
         {"error", std::string(status.message())}});
  }
  return ToGrpcStatus(status);
}

}  // namespace opinus::server::rpc
