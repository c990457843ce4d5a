#include "server/rpc/shop_service.h"

#include "server/domain/paging.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

grpc::Status ShopServiceImpl::CreateShop(grpc::ServerContext*, const v1::CreateShopRequest* request,
                                         v1::Shop* response) {
  absl::StatusOr<Shop> shop =
      shops_->CreateShop(request->name(), request->domain(), request->owner_email());
  if (shop.ok()) ToProto(*shop, response);
  return Reply("CreateShop", shop.status());
}

grpc::Status ShopServiceImpl::GetShop(grpc::ServerContext*, const v1::GetShopRequest* request,
                                      v1::Shop* response) {
  absl::StatusOr<Shop> shop = shops_->GetShop(request->shop_id());
  if (shop.ok()) ToProto(*shop, response);
  return Reply("GetShop", shop.status());
}

grpc::Status ShopServiceImpl::ListShops(grpc::ServerContext*, const v1::ListShopsRequest* request,
                                        v1::ListShopsResponse* response) {
  absl::StatusOr<Page<Shop>> page =
      shops_->ListShops(MakePageRequest(request->page_size(), 100, 1000, request->page_token()));
  if (page.ok()) {
    for (const Shop& shop : page->items) ToProto(shop, response->add_shops());
    response->set_next_page_token(page->next_token);
  }
  return Reply("ListShops", page.status());
}

grpc::Status ShopServiceImpl::RotateShopKey(grpc::ServerContext*,
                                            const v1::RotateShopKeyRequest* request,
                                            v1::Shop* response) {
  absl::StatusOr<Shop> shop = shops_->RotateKey(request->shop_id());
  if (shop.ok()) ToProto(*shop, response);
  return Reply("RotateShopKey", shop.status());
}

grpc::Status ShopServiceImpl::GetShopSettings(grpc::ServerContext*,
                                              const v1::GetShopSettingsRequest* request,
                                              v1::ShopSettings* response) {
  absl::StatusOr<Shop> shop = shops_->GetShop(request->shop_id());
  if (shop.ok()) ToProto(shop->settings, response);
  return Reply("GetShopSettings", shop.status());
}

grpc::Status ShopServiceImpl::UpdateShopSettings(grpc::ServerContext*,
                                                 const v1::UpdateShopSettingsRequest* request,
                                                 v1::ShopSettings* response) {
  absl::StatusOr<SettingsUpdate> update = ToSettingsUpdate(*request);
  if (!update.ok()) return Reply("UpdateShopSettings", update.status());
  absl::StatusOr<Shop> shop = shops_->UpdateSettings(request->shop_id(), *update);
  if (shop.ok()) ToProto(shop->settings, response);
  return Reply("UpdateShopSettings", shop.status());
}

}  // namespace opinus::server::rpc
