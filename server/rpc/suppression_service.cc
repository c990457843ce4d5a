#include "server/rpc/suppression_service.h"

#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

grpc::Status SuppressionServiceImpl::DescribeUnsubscribe(
    grpc::ServerContext*, const v1::DescribeUnsubscribeRequest* request,
    v1::UnsubscribeInfo* response) {
  absl::StatusOr<UnsubscribeView> view = suppressions_->Describe(request->token());
  if (view.ok()) ToProto(*view, response);
  return Reply("DescribeUnsubscribe", view.status());
}

grpc::Status SuppressionServiceImpl::Unsubscribe(grpc::ServerContext*,
                                                 const v1::UnsubscribeRequest* request,
                                                 v1::UnsubscribeInfo* response) {
  const bool all_shops = request->scope() == v1::SUPPRESSION_SCOPE_ALL_SHOPS;
  const char* source =
      request->source() == v1::UNSUBSCRIBE_SOURCE_ONE_CLICK ? kSourceOneClick : kSourcePage;
  absl::StatusOr<UnsubscribeView> view =
      suppressions_->Unsubscribe(request->token(), all_shops, source);
  if (view.ok()) ToProto(*view, response);
  return Reply("Unsubscribe", view.status());
}

grpc::Status SuppressionServiceImpl::ListSuppressions(grpc::ServerContext* context,
                                                      const v1::ListSuppressionsRequest* request,
                                                      v1::ListSuppressionsResponse* response) {
  // The addresses are customers': an owner reads their own shops' lists only,
  // never the list of all shops (no shop 0 is theirs).
  absl::StatusOr<Page<Suppression>> page = [&]() -> absl::StatusOr<Page<Suppression>> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(
        *context, "/opinus.v1.SuppressionService/ListSuppressions", request->shop_id()));
    return suppressions_->ListSuppressions(
        request->shop_id(),
        MakePageRequest(request->page_size(), 100, 1000, request->page_token()));
  }();
  if (page.ok()) {
    for (const Suppression& suppression : page->items) {
      ToProto(suppression, response->add_suppressions());
    }
    response->set_next_page_token(page->next_token);
  }
  return Reply("ListSuppressions", page.status());
}

grpc::Status SuppressionServiceImpl::AddSuppression(grpc::ServerContext*,
                                                    const v1::AddSuppressionRequest* request,
                                                    v1::Suppression* response) {
  absl::StatusOr<Suppression> suppression =
      suppressions_->AddSuppression(request->shop_id(), request->email(), request->reason());
  if (suppression.ok()) ToProto(*suppression, response);
  return Reply("AddSuppression", suppression.status());
}

grpc::Status SuppressionServiceImpl::RemoveSuppression(grpc::ServerContext*,
                                                       const v1::RemoveSuppressionRequest* request,
                                                       google::protobuf::Empty*) {
  return Reply("RemoveSuppression",
               suppressions_->RemoveSuppression(request->shop_id(), request->email()));
}

}  // namespace opinus::server::rpc
