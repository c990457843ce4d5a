// ShopServiceImpl: the opinus.v1.ShopService RPCs over ShopManager.
#ifndef OPINUS_SERVER_RPC_SHOP_SERVICE_H_
#define OPINUS_SERVER_RPC_SHOP_SERVICE_H_

#include "opinus/v1/shop.grpc.pb.h"
#include "server/domain/shop_manager.h"

namespace opinus::server::rpc {

// ShopServiceImpl translates requests and replies; it does not own `shops`.
class ShopServiceImpl final : public opinus::v1::ShopService::Service {
 public:
  explicit ShopServiceImpl(ShopManager* shops) : shops_(shops) {}

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
  grpc::Status GetShopSettings(grpc::ServerContext* context,
                               const opinus::v1::GetShopSettingsRequest* request,
                               opinus::v1::ShopSettings* response) override;
  grpc::Status UpdateShopSettings(grpc::ServerContext* context,
                                  const opinus::v1::UpdateShopSettingsRequest* request,
                                  opinus::v1::ShopSettings* response) override;

 private:
  ShopManager* shops_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_SHOP_SERVICE_H_
