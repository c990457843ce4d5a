// OpinionServiceImpl: the opinus.v1.OpinionService RPCs over OpinionManager.
#ifndef OPINUS_SERVER_RPC_OPINION_SERVICE_H_
#define OPINUS_SERVER_RPC_OPINION_SERVICE_H_

#include "opinus/v1/opinion.grpc.pb.h"
#include "server/managers/opinion_manager.h"
#include "server/rpc/owner_access.h"

namespace opinus::server::rpc {

// OpinionServiceImpl translates requests and replies; for a call acting for an
// owner it reaches the opinions of the owner's shops only. It does not own
// `opinions` or `owners`.
class OpinionServiceImpl final : public opinus::v1::OpinionService::Service {
 public:
  OpinionServiceImpl(OpinionManager* opinions, OwnerAccess* owners)
      : opinions_(opinions), owners_(owners) {}

  grpc::Status GetOpinionForm(grpc::ServerContext* context,
                              const opinus::v1::GetOpinionFormRequest* request,
                              opinus::v1::OpinionForm* response) override;
  grpc::Status SubmitOpinion(grpc::ServerContext* context,
                             const opinus::v1::SubmitOpinionRequest* request,
                             opinus::v1::SubmitOpinionResponse* response) override;
  grpc::Status ListOpinions(grpc::ServerContext* context,
                            const opinus::v1::ListOpinionsRequest* request,
                            opinus::v1::ListOpinionsResponse* response) override;
  grpc::Status GetRatingSummary(grpc::ServerContext* context,
                                const opinus::v1::GetRatingSummaryRequest* request,
                                opinus::v1::RatingSummary* response) override;
  grpc::Status ReplyToOpinion(grpc::ServerContext* context,
                              const opinus::v1::ReplyToOpinionRequest* request,
                              opinus::v1::Opinion* response) override;
  grpc::Status ReportOpinion(grpc::ServerContext* context,
                             const opinus::v1::ReportOpinionRequest* request,
                             opinus::v1::Opinion* response) override;
  grpc::Status HideOpinion(grpc::ServerContext* context,
                           const opinus::v1::ModerateOpinionRequest* request,
                           opinus::v1::Opinion* response) override;
  grpc::Status RestoreOpinion(grpc::ServerContext* context,
                              const opinus::v1::ModerateOpinionRequest* request,
                              opinus::v1::Opinion* response) override;
  grpc::Status WithdrawOpinion(grpc::ServerContext* context,
                               const opinus::v1::WithdrawOpinionRequest* request,
                               opinus::v1::Opinion* response) override;

 private:
  OpinionManager* opinions_;
  OwnerAccess* owners_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_OPINION_SERVICE_H_
