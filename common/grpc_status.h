// The one conversion between absl::Status (used inside every component) and
// grpc::Status (used on the wire), in both directions.
#ifndef OPINUS_COMMON_GRPC_STATUS_H_
#define OPINUS_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace opinus {

// ToGrpcStatus returns `status` with the same code and message, for a server
// to answer with; the field an InvalidFieldError names goes in the details, as a
// google.rpc.Status holding a google.rpc.BadRequest.
grpc::Status ToGrpcStatus(const absl::Status& status);

// FromGrpcStatus returns `status` with the same code and message, for a client
// to hand to its caller; a BadRequest in its details names the field as
// InvalidFieldError does (ViolatedField reads it).
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace opinus

#endif  // OPINUS_COMMON_GRPC_STATUS_H_
