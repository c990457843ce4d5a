#include "server/rpc/rpc_observer.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/server_context.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/grpc_status.h"
#include "common/log.h"
#include "common/request_id.h"

namespace opinus::server::rpc {
namespace {

namespace experimental = ::grpc::experimental;

bool IsServerFault(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DATA_LOSS:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return true;
    default:
      return false;
  }
}

// MethodLabel returns "package.Service/Method" for a method some linked
// service defines, else "unknown": the path comes from the caller.
std::string MethodLabel(absl::string_view path) {
  absl::ConsumePrefix(&path, "/");
  const std::string full_name = absl::StrReplaceAll(path, {{"/", "."}});
  if (google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full_name) == nullptr) {
    return "unknown";
  }
  return std::string(path);
}

// Health checks come every second from each gateway and load balancer.
bool IsRoutine(absl::string_view method) {
  return absl::StartsWith(method, "grpc.health.") || absl::StartsWith(method, "grpc.reflection.");
}

// RequestIdOf returns the caller's request id, or a new one for callers that
// send none (the CLI, grpcurl) so that the lines of one call still match.
std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find(kRequestIdKey); it != metadata.end()) {
    const absl::string_view id(it->second.data(), it->second.size());
    if (IsValidRequestId(id)) return std::string(id);
  }
  return NewRequestId();
}

class RpcObserver : public experimental::Interceptor {
 public:
  RpcObserver(experimental::ServerRpcInfo* info, metrics::Family<metrics::Counter>* requests,
              metrics::Family<metrics::Histogram>* duration)
      : info_(info), requests_(requests), duration_(duration), start_(absl::Now()) {}

  void Intercept(experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Finish(const grpc::Status& status) {
    const absl::Duration latency = absl::Now() - start_;
    const std::string method = MethodLabel(info_->method());
    const std::string code = absl::StatusCodeToString(FromGrpcStatus(status).code());
    requests_->With({method, code}).Increment();
    duration_->With({method}).ObserveDuration(latency);

    LogLevel level = LogLevel::kInfo;
    if (IsServerFault(status.error_code())) {
      level = LogLevel::kError;
    } else if (IsRoutine(method)) {
      level = LogLevel::kDebug;
    }
    Log(level, "rpc",
        {{"method", method},
         {"code", code},
         {"latency_ms", absl::StrCat(absl::ToInt64Microseconds(latency) / 1000.0)},
         {"request_id", RequestIdOf(*info_->server_context())},
         {"error", status.ok() ? std::string("-") : status.error_message()}});
  }

  experimental::ServerRpcInfo* info_;
  metrics::Family<metrics::Counter>* requests_;
  metrics::Family<metrics::Histogram>* duration_;
  const absl::Time start_;
};

}  // namespace

RpcObserverFactory::RpcObserverFactory(metrics::Registry* registry)
    : requests_(&registry->AddCounter("opinus_rpc_requests_total",
                                      "RPCs answered by the core, by method and status code.",
                                      {"method", "code"})),
      duration_(&registry->AddHistogram("opinus_rpc_duration_seconds",
                                        "Time from a call's arrival to its status, by method.",
                                        {"method"})) {}

experimental::Interceptor* RpcObserverFactory::CreateServerInterceptor(
    experimental::ServerRpcInfo* info) {
  return new RpcObserver(info, requests_, duration_);
}

}  // namespace opinus::server::rpc
