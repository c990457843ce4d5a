#include "tests/unit/gateway/fake_order_event_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace opinus::gateway::testing {

namespace v1 = ::opinus::v1;

void FakeOrderEventService::Answer(const grpc::Status& status,
                                   const v1::RecordOrderEventResponse& response) {
  absl::MutexLock lock(&mutex_);
  status_ = status;
  response_ = response;
  hang_ = false;
}

void FakeOrderEventService::Hang() {
  absl::MutexLock lock(&mutex_);
  hang_ = true;
}

std::vector<v1::RecordOrderEventRequest> FakeOrderEventService::Requests() const {
  absl::MutexLock lock(&mutex_);
  return requests_;
}

grpc::Status FakeOrderEventService::RecordOrderEvent(grpc::ServerContext* context,
                                                     const v1::RecordOrderEventRequest* request,
                                                     v1::RecordOrderEventResponse* response) {
  bool hang = false;
  {
    absl::MutexLock lock(&mutex_);
    requests_.push_back(*request);
    hang = hang_;
    *response = response_;
    if (!hang) return status_;
  }
  // gRPC's sync API offers no wait for cancellation: poll, bounded by the
  // caller's deadline.
  while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(2));
  return grpc::Status(grpc::StatusCode::CANCELLED, "caller gave up");
}

FakeCore::FakeCore() {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(&service_);
  server_ = builder.BuildAndStart();
}

FakeCore::~FakeCore() {
  if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
}

std::string FakeCore::target() const { return absl::StrCat("127.0.0.1:", port_); }

}  // namespace opinus::gateway::testing
