#include "server/rpc/order_event_service.h"

#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

grpc::ServerUnaryReactor* OrderEventServiceImpl::RecordOrderEvent(
    grpc::CallbackServerContext* context, const v1::RecordOrderEventRequest* request,
    v1::RecordOrderEventResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // `request` and `response` live until Finish.
  recorder_->RecordAsync(
      request->webhook_key(), FromProto(request->event()), FromProto(request->signature()),
      [reactor, response](absl::StatusOr<EventRecord> record) {
        if (record.ok()) {
          response->set_outcome(ToProto(record->outcome));
          response->set_reason(record->reason);
          ToProto(record->structured_reason, response->mutable_structured_reason());
          response->set_invitation_id(record->invitation_id);
          response->set_event_id(record->id);
        }
        reactor->Finish(Reply("RecordOrderEvent", record.status()));
      });
  return reactor;
}

grpc::Status OrderEventServiceImpl::ListOrderEvents(grpc::ServerContext* context,
                                                    const v1::ListOrderEventsRequest* request,
                                                    v1::ListOrderEventsResponse* response) {
  absl::StatusOr<Page<EventRecord>> page = [&]() -> absl::StatusOr<Page<EventRecord>> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(
        *context, "/opinus.v1.OrderEventService/ListOrderEvents", request->shop_id()));
    return recorder_->ListEvents(
        request->shop_id(), MakePageRequest(request->page_size(), 50, 1000, request->page_token()));
  }();
  if (page.ok()) {
    for (const EventRecord& record : page->items) ToProto(record, response->add_events());
    response->set_next_page_token(page->next_token);
  }
  return Reply("ListOrderEvents", page.status());
}

}  // namespace opinus::server::rpc
