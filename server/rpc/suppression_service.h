// SuppressionServiceImpl: the opinus.v1.SuppressionService RPCs over
// SuppressionManager.
#ifndef OPINUS_SERVER_RPC_SUPPRESSION_SERVICE_H_
#define OPINUS_SERVER_RPC_SUPPRESSION_SERVICE_H_

#include "opinus/v1/suppression.grpc.pb.h"
#include "server/managers/suppression_manager.h"
#include "server/rpc/owner_access.h"

namespace opinus::server::rpc {

// SuppressionServiceImpl translates requests and replies; it does not own
// `suppressions`.
class SuppressionServiceImpl final : public opinus::v1::SuppressionService::Service {
 public:
  SuppressionServiceImpl(SuppressionManager* suppressions, OwnerAccess* owners)
      : suppressions_(suppressions), owners_(owners) {}

  grpc::Status DescribeUnsubscribe(grpc::ServerContext* context,
                                   const opinus::v1::DescribeUnsubscribeRequest* request,
                                   opinus::v1::UnsubscribeInfo* response) override;
  grpc::Status Unsubscribe(grpc::ServerContext* context,
                           const opinus::v1::UnsubscribeRequest* request,
                           opinus::v1::UnsubscribeInfo* response) override;
  grpc::Status ListSuppressions(grpc::ServerContext* context,
                                const opinus::v1::ListSuppressionsRequest* request,
                                opinus::v1::ListSuppressionsResponse* response) override;
  grpc::Status AddSuppression(grpc::ServerContext* context,
                              const opinus::v1::AddSuppressionRequest* request,
                              opinus::v1::Suppression* response) override;
  grpc::Status RemoveSuppression(grpc::ServerContext* context,
                                 const opinus::v1::RemoveSuppressionRequest* request,
                                 google::protobuf::Empty* response) override;

 private:
  SuppressionManager* suppressions_;
  OwnerAccess* owners_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_SUPPRESSION_SERVICE_H_
