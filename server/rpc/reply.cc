#include "server/rpc/reply.h"

#include "common/grpc_status.h"

namespace opinus::server::rpc {

// Failures are logged by RpcObserver, which sees every call's status together
// with its request id and latency; logging here too would log them twice.
grpc::Status Reply(absl::string_view, const absl::Status& status) { return ToGrpcStatus(status); }

}  // namespace opinus::server::rpc
