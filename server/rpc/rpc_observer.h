// RpcObserver: the one place the core sees every RPC it answers, for one log
// line per call (with the caller's request id) and the RPC metrics.
#ifndef OPINUS_SERVER_RPC_RPC_OBSERVER_H_
#define OPINUS_SERVER_RPC_RPC_OBSERVER_H_

#include <grpcpp/support/server_interceptor.h>

#include "common/metrics.h"

namespace opinus::server::rpc {

// RpcObserverFactory makes the interceptor gRPC runs around each call. When
// the call ends it logs `rpc` with the method, code, latency and request id
// (from `x-request-id` metadata, else a new one): at error level for server
// faults (INTERNAL, UNAVAILABLE, ...), debug for health checks and reflection,
// info otherwise; and it counts opinus_rpc_requests_total{method,code} and
// opinus_rpc_duration_seconds{method}. Methods the server does not know are
// counted as "unknown", so callers cannot grow the label set. Calls refused
// before any handler (authentication) are logged by server/auth. Thread-safe;
// the registry must outlive the factory.
class RpcObserverFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcObserverFactory(metrics::Registry* registry);

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  metrics::Family<metrics::Counter>* requests_;
  metrics::Family<metrics::Histogram>* duration_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_RPC_OBSERVER_H_
