// BackfillServiceImpl: the opinus.v1.BackfillService RPCs over
// OrderBackfiller.
#ifndef OPINUS_SERVER_RPC_BACKFILL_SERVICE_H_
#define OPINUS_SERVER_RPC_BACKFILL_SERVICE_H_

#include "opinus/v1/backfill.grpc.pb.h"
#include "server/managers/order_backfiller.h"
#include "server/rpc/owner_access.h"

namespace opinus::server::rpc {

// BackfillServiceImpl translates requests and replies, and lets an owner
// reach only their own shops; it does not own `backfiller` (nullptr when
// the core has no Shoper App Store credentials: every call then answers
// FAILED_PRECONDITION) or `owners`.
class BackfillServiceImpl final : public opinus::v1::BackfillService::Service {
 public:
  BackfillServiceImpl(OrderBackfiller* backfiller, OwnerAccess* owners)
      : backfiller_(backfiller), owners_(owners) {}

  grpc::Status GetOrderBackfillPreview(grpc::ServerContext* context,
                                       const opinus::v1::GetOrderBackfillPreviewRequest* request,
                                       opinus::v1::OrderBackfillPreview* response) override;
  grpc::Status StartOrderBackfill(grpc::ServerContext* context,
                                  const opinus::v1::StartOrderBackfillRequest* request,
                                  opinus::v1::OrderBackfill* response) override;
  grpc::Status GetOrderBackfill(grpc::ServerContext* context,
                                const opinus::v1::GetOrderBackfillRequest* request,
                                opinus::v1::OrderBackfill* response) override;

 private:
  // Backfiller returns the backfiller, FAILED_PRECONDITION when there is none.
  absl::StatusOr<OrderBackfiller*> Backfiller() const;

  OrderBackfiller* backfiller_;
  OwnerAccess* owners_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_BACKFILL_SERVICE_H_
