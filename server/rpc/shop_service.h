// ShopServiceImpl: the opinus.v1.ShopService RPCs over ShopManager.
#ifndef OPINUS_SERVER_RPC_SHOP_SERVICE_H_
#define OPINUS_SERVER_RPC_SHOP_SERVICE_H_

#include "opinus/v1/shop.grpc.pb.h"
#include "server/auth/authorizer.h"
#include "server/domain/clock.h"
#include "server/managers/shop_manager.h"
#include "server/rpc/owner_access.h"
#include "server/storage/dashboard_store.h"

namespace opinus::server::rpc {

// ShopServiceImpl translates requests and replies; for a call acting for an
// owner it answers for the owner's shops only, and to the readonly role with
// webhook keys redacted (with a key it could post orders for the shop). It
// does not own `shops`, `owners`, `dashboards`, `clock` or `authorizer`
// (null: no roles, the core runs without tokens).
class ShopServiceImpl final : public opinus::v1::ShopService::Service {
 public:
  ShopServiceImpl(ShopManager* shops, OwnerAccess* owners, DashboardStore* dashboards,
                  const Clock* clock, const auth::Authorizer* authorizer)
      : shops_(shops),
        owners_(owners),
        dashboards_(dashboards),
        clock_(clock),
        authorizer_(authorizer) {}

  grpc::Status CreateShop(grpc::ServerContext* context,
                          const opinus::v1::CreateShopRequest* request,
                          opinus::v1::Shop* response) override;
  grpc::Status GetShop(grpc::ServerContext* context, const opinus::v1::GetShopRequest* request,
                       opinus::v1::Shop* response) override;
  grpc::Status ListShops(grpc::ServerContext* context, const opinus::v1::ListShopsRequest* request,
                         opinus::v1::ListShopsResponse* response) override;
  grpc::Status RotateShopKey(grpc::ServerContext* context,
                             const opinus::v1::RotateShopKeyRequest* request,
                             opinus::v1::Shop* response) override;
  grpc::Status EndKeyRotationGrace(grpc::ServerContext* context,
                                   const opinus::v1::EndKeyRotationGraceRequest* request,
                                   opinus::v1::Shop* response) override;
  grpc::Status GetShopSettings(grpc::ServerContext* context,
                               const opinus::v1::GetShopSettingsRequest* request,
                               opinus::v1::ShopSettings* response) override;
  grpc::Status ApproveShop(grpc::ServerContext* context,
                           const opinus::v1::ApproveShopRequest* request,
                           opinus::v1::Shop* response) override;
  grpc::Status UpdateShopSettings(grpc::ServerContext* context,
                                  const opinus::v1::UpdateShopSettingsRequest* request,
                                  opinus::v1::ShopSettings* response) override;
  grpc::Status GetShopDashboard(grpc::ServerContext* context,
                                const opinus::v1::GetShopDashboardRequest* request,
                                opinus::v1::ShopDashboard* response) override;

 private:
  // Answer writes `shop` as the caller of `context` may see it.
  void Answer(const grpc::ServerContext& context, const Shop& shop, opinus::v1::Shop* proto) const;

  ShopManager* shops_;
  OwnerAccess* owners_;
  DashboardStore* dashboards_;
  const Clock* clock_;
  const auth::Authorizer* authorizer_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_SHOP_SERVICE_H_
