// PrivacyServiceImpl: the opinus.v1.PrivacyService RPCs over PrivacyManager.
#ifndef OPINUS_SERVER_RPC_PRIVACY_SERVICE_H_
#define OPINUS_SERVER_RPC_PRIVACY_SERVICE_H_

#include "opinus/v1/privacy.grpc.pb.h"
#include "server/managers/privacy_manager.h"

namespace opinus::server::rpc {

// PrivacyServiceImpl translates requests and replies; it does not own
// `privacy`. Only operators reach it (auth::MethodPolicy).
class PrivacyServiceImpl final : public opinus::v1::PrivacyService::Service {
 public:
  explicit PrivacyServiceImpl(PrivacyManager* privacy) : privacy_(privacy) {}

  grpc::Status ExportPersonalData(grpc::ServerContext* context,
                                  const opinus::v1::ExportPersonalDataRequest* request,
                                  opinus::v1::PersonalData* response) override;
  grpc::Status ErasePersonalData(grpc::ServerContext* context,
                                 const opinus::v1::ErasePersonalDataRequest* request,
                                 opinus::v1::Erasure* response) override;
  grpc::Status Purge(grpc::ServerContext* context, const opinus::v1::PurgeRequest* request,
                     opinus::v1::PurgeResponse* response) override;

 private:
  PrivacyManager* privacy_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_PRIVACY_SERVICE_H_
