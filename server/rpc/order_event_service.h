// OrderEventServiceImpl: the opinus.v1.OrderEventService RPCs over
// OrderEventRecorder.
#ifndef OPINUS_SERVER_RPC_ORDER_EVENT_SERVICE_H_
#define OPINUS_SERVER_RPC_ORDER_EVENT_SERVICE_H_

#include "opinus/v1/order_event.grpc.pb.h"
#include "server/managers/order_event_recorder.h"
#include "server/rpc/owner_access.h"

namespace opinus::server::rpc {

// OrderEventServiceImpl translates requests and replies; it does not own
// `recorder`. RecordOrderEvent, the webhooks' call, is served on gRPC's
// callback API: a call waiting for its group commit holds no thread.
class OrderEventServiceImpl final
    : public opinus::v1::OrderEventService::WithCallbackMethod_RecordOrderEvent<
          opinus::v1::OrderEventService::Service> {
 public:
  OrderEventServiceImpl(OrderEventRecorder* recorder, OwnerAccess* owners)
      : recorder_(recorder), owners_(owners) {}

  grpc::ServerUnaryReactor* RecordOrderEvent(
      grpc::CallbackServerContext* context, const opinus::v1::RecordOrderEventRequest* request,
      opinus::v1::RecordOrderEventResponse* response) override;
  grpc::Status ListOrderEvents(grpc::ServerContext* context,
                               const opinus::v1::ListOrderEventsRequest* request,
                               opinus::v1::ListOrderEventsResponse* response) override;

 private:
  OrderEventRecorder* recorder_;
  OwnerAccess* owners_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_ORDER_EVENT_SERVICE_H_
