#include "server/rpc/backfill_service.h"

#include "common/status_macros.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {
namespace {

namespace v1 = ::opinus::v1;

constexpr char kPreview[] = "/opinus.v1.BackfillService/GetOrderBackfillPreview";
constexpr char kStart[] = "/opinus.v1.BackfillService/StartOrderBackfill";
constexpr char kGet[] = "/opinus.v1.BackfillService/GetOrderBackfill";

v1::OrderBackfillState ToProto(BackfillState state) {
  switch (state) {
    case BackfillState::kRunning:
      return v1::ORDER_BACKFILL_STATE_RUNNING;
    case BackfillState::kDone:
      return v1::ORDER_BACKFILL_STATE_DONE;
    case BackfillState::kFailed:
      return v1::ORDER_BACKFILL_STATE_FAILED;
  }
  return v1::ORDER_BACKFILL_STATE_UNSPECIFIED;
}

void ToProto(const OrderBackfill& backfill, v1::OrderBackfill* proto) {
  proto->set_id(backfill.id);
  proto->set_shop_id(backfill.shop_id);
  proto->set_days(backfill.days);
  proto->set_since_local_time(backfill.query.since_local);
  proto->set_state(ToProto(backfill.state));
  proto->set_pages_read(backfill.state == BackfillState::kDone ? backfill.pages
                                                               : backfill.next_page - 1);
  proto->set_pages(backfill.pages);
  proto->set_expected_orders(backfill.expected);
  proto->set_scheduled(backfill.scheduled);
  proto->set_duplicates(backfill.duplicates);
  proto->set_other(backfill.other);
  proto->set_attempts(backfill.attempts);
  proto->set_error(backfill.error);
  rpc::ToProto(backfill.create_time, proto->mutable_create_time());
  rpc::ToProto(backfill.update_time, proto->mutable_update_time());
  rpc::ToProto(backfill.next_attempt_time, proto->mutable_next_attempt_time());
}

}  // namespace

absl::StatusOr<OrderBackfiller*> BackfillServiceImpl::Backfiller() const {
  if (backfiller_ == nullptr) {
    return absl::FailedPreconditionError(
        "past orders need the Shoper App Store: this Opinus has no app credentials");
  }
  return backfiller_;
}

grpc::Status BackfillServiceImpl::GetOrderBackfillPreview(
    grpc::ServerContext* context, const v1::GetOrderBackfillPreviewRequest* request,
    v1::OrderBackfillPreview* response) {
  absl::StatusOr<BackfillPreview> preview = [&]() -> absl::StatusOr<BackfillPreview> {
    OPINUS_ASSIGN_OR_RETURN(OrderBackfiller * backfiller, Backfiller());
    OPINUS_ASSIGN_OR_RETURN(Shop shop,
                            owners_->ShopForCall(*context, kPreview, request->shop_id()));
    return backfiller->Preview(shop.id, request->days());
  }();
  if (preview.ok()) {
    response->set_shop_id(request->shop_id());
    response->set_days(preview->days);
    response->set_order_count(preview->count);
    response->set_since_local_time(preview->query.since_local);
  }
  return Reply("GetOrderBackfillPreview", preview.status());
}

grpc::Status BackfillServiceImpl::StartOrderBackfill(grpc::ServerContext* context,
                                                     const v1::StartOrderBackfillRequest* request,
                                                     v1::OrderBackfill* response) {
  absl::StatusOr<OrderBackfill> backfill = [&]() -> absl::StatusOr<OrderBackfill> {
    OPINUS_ASSIGN_OR_RETURN(OrderBackfiller * backfiller, Backfiller());
    OPINUS_ASSIGN_OR_RETURN(Shop shop, owners_->ShopForCall(*context, kStart, request->shop_id()));
    return backfiller->Start(shop.id, request->days());
  }();
  if (backfill.ok()) ToProto(*backfill, response);
  return Reply("StartOrderBackfill", backfill.status());
}

grpc::Status BackfillServiceImpl::GetOrderBackfill(grpc::ServerContext* context,
                                                   const v1::GetOrderBackfillRequest* request,
                                                   v1::OrderBackfill* response) {
  absl::StatusOr<OrderBackfill> backfill = [&]() -> absl::StatusOr<OrderBackfill> {
    OPINUS_ASSIGN_OR_RETURN(OrderBackfiller * backfiller, Backfiller());
    OPINUS_ASSIGN_OR_RETURN(Shop shop, owners_->ShopForCall(*context, kGet, request->shop_id()));
    OPINUS_ASSIGN_OR_RETURN(std::optional<OrderBackfill> latest, backfiller->Latest(shop.id));
    if (!latest) return absl::NotFoundError("the shop has had no backfill");
    return *std::move(latest);
  }();
  if (backfill.ok()) ToProto(*backfill, response);
  return Reply("GetOrderBackfill", backfill.status());
}

}  // namespace opinus::server::rpc
