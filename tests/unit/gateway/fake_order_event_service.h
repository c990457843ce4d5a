// FakeOrderEventService: an in-process stand-in for the core's
// OrderEventService, served by a real gRPC server on loopback, that records
// what it receives and answers what the test tells it to.
#ifndef OPINUS_TESTS_UNIT_GATEWAY_FAKE_ORDER_EVENT_SERVICE_H_
#define OPINUS_TESTS_UNIT_GATEWAY_FAKE_ORDER_EVENT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "opinus/v1/order_event.grpc.pb.h"

namespace opinus::gateway::testing {

// FakeOrderEventService answers RecordOrderEvent with the status and response
// set last, or, when told to hang, only once the call is cancelled (its
// deadline passes). Thread-safe.
class FakeOrderEventService final : public opinus::v1::OrderEventService::Service {
 public:
  // Answer makes later calls answer `status` and, when it is OK, `response`.
  void Answer(const grpc::Status& status, const opinus::v1::RecordOrderEventResponse& response);
  // Hang makes later calls wait for their cancellation.
  void Hang();
  // Requests returns every request received so far.
  std::vector<opinus::v1::RecordOrderEventRequest> Requests() const;

  grpc::Status RecordOrderEvent(grpc::ServerContext* context,
                                const opinus::v1::RecordOrderEventRequest* request,
                                opinus::v1::RecordOrderEventResponse* response) override;

 private:
  mutable absl::Mutex mutex_;
  grpc::Status status_ ABSL_GUARDED_BY(mutex_);
  opinus::v1::RecordOrderEventResponse response_ ABSL_GUARDED_BY(mutex_);
  bool hang_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<opinus::v1::RecordOrderEventRequest> requests_ ABSL_GUARDED_BY(mutex_);
};

// FakeCore serves a FakeOrderEventService on 127.0.0.1 at a free port.
class FakeCore {
 public:
  FakeCore();
  ~FakeCore();
  // target returns "127.0.0.1:PORT", for GatewayOptions::core_target.
  std::string target() const;
  FakeOrderEventService& service() { return service_; }

 private:
  FakeOrderEventService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace opinus::gateway::testing

#endif  // OPINUS_TESTS_UNIT_GATEWAY_FAKE_ORDER_EVENT_SERVICE_H_
