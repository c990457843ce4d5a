// AppStoreServiceImpl: the opinus.v1.AppStoreService RPCs over
// AppStoreManager (callbacks) and ClaimLinkManager (the admin page and its
// claim link).
#ifndef OPINUS_SERVER_RPC_APPSTORE_SERVICE_H_
#define OPINUS_SERVER_RPC_APPSTORE_SERVICE_H_

#include "opinus/v1/appstore.grpc.pb.h"
#include "server/managers/appstore_manager.h"
#include "server/managers/claim_link_manager.h"
#include "server/rpc/owner_access.h"

namespace opinus::server::rpc {

// AppStoreServiceImpl translates requests and replies; it owns none of its
// collaborators.
class AppStoreServiceImpl final : public opinus::v1::AppStoreService::Service {
 public:
  AppStoreServiceImpl(AppStoreManager* appstore, ClaimLinkManager* claims, OwnerAccess* owners)
      : appstore_(appstore), claims_(claims), owners_(owners) {}

  grpc::Status RecordCallback(grpc::ServerContext* context,
                              const opinus::v1::AppStoreCallbackRequest* request,
                              opinus::v1::AppInstallation* response) override;
  grpc::Status ListInstallations(grpc::ServerContext* context,
                                 const opinus::v1::ListInstallationsRequest* request,
                                 opinus::v1::ListInstallationsResponse* response) override;
  grpc::Status GetAdminPage(grpc::ServerContext* context,
                            const opinus::v1::AdminPageRequest* request,
                            opinus::v1::AdminPage* response) override;
  grpc::Status DescribeClaimLink(grpc::ServerContext* context,
                                 const opinus::v1::ClaimLinkRequest* request,
                                 opinus::v1::ClaimLink* response) override;
  grpc::Status ClaimShop(grpc::ServerContext* context, const opinus::v1::ClaimLinkRequest* request,
                         opinus::v1::ClaimLink* response) override;

 private:
  AppStoreManager* appstore_;
  ClaimLinkManager* claims_;
  OwnerAccess* owners_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_APPSTORE_SERVICE_H_
