// Reply: how every RPC handler finishes, so failures are mapped to gRPC the
// same way everywhere.
#ifndef OPINUS_SERVER_RPC_REPLY_H_
#define OPINUS_SERVER_RPC_REPLY_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace opinus::server::rpc {

// Reply returns `status` as a grpc::Status (through opinus::ToGrpcStatus).
// `method` names the handler for readers; the call is logged, with its
// status and request id, by RpcObserver.
grpc::Status Reply(absl::string_view method, const absl::Status& status);

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_REPLY_H_
