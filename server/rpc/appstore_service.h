// AppStoreServiceImpl: the opinus.v1.AppStoreService RPCs over
// AppStoreManager.
#ifndef OPINUS_SERVER_RPC_APPSTORE_SERVICE_H_
#define OPINUS_SERVER_RPC_APPSTORE_SERVICE_H_

#include "opinus/v1/appstore.grpc.pb.h"
#include "server/managers/appstore_manager.h"

namespace opinus::server::rpc {

// AppStoreServiceImpl translates requests and replies; it does not own
// `appstore`.
class AppStoreServiceImpl final : public opinus::v1::AppStoreService::Service {
 public:
  explicit AppStoreServiceImpl(AppStoreManager* appstore) : appstore_(appstore) {}

  grpc::Status RecordCallback(grpc::ServerContext* context,
                              const opinus::v1::AppStoreCallbackRequest* request,
                              opinus::v1::AppInstallation* response) override;
  grpc::Status ListInstallations(grpc::ServerContext* context,
                                 const opinus::v1::ListInstallationsRequest* request,
                                 opinus::v1::ListInstallationsResponse* response) override;

 private:
  AppStoreManager* appstore_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_APPSTORE_SERVICE_H_
