#include "server/rpc/shop_service.h"

#include "common/secrets.h"
#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/rpc/caller_role.h"
#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

namespace {

constexpr char kCreateShop[] = "/opinus.v1.ShopService/CreateShop";
constexpr char kGetShop[] = "/opinus.v1.ShopService/GetShop";
constexpr char kListShops[] = "/opinus.v1.ShopService/ListShops";
constexpr char kRotateShopKey[] = "/opinus.v1.ShopService/RotateShopKey";
constexpr char kEndKeyRotationGrace[] = "/opinus.v1.ShopService/EndKeyRotationGrace";
constexpr char kGetShopSettings[] = "/opinus.v1.ShopService/GetShopSettings";
constexpr char kUpdateShopSettings[] = "/opinus.v1.ShopService/UpdateShopSettings";
constexpr char kApproveShop[] = "/opinus.v1.ShopService/ApproveShop";
constexpr char kGetShopDashboard[] = "/opinus.v1.ShopService/GetShopDashboard";

}  // namespace

void ShopServiceImpl::Answer(const grpc::ServerContext& context, const Shop& shop,
                             v1::Shop* proto) const {
  ToProto(shop, proto);
  if (CallerRole(context, authorizer_) != auth::Role::kReadonly) return;
  proto->set_webhook_key(RedactSecret(proto->webhook_key()));
  if (!proto->previous_webhook_key().empty()) {
    proto->set_previous_webhook_key(RedactSecret(proto->previous_webhook_key()));
  }
}

grpc::Status ShopServiceImpl::CreateShop(grpc::ServerContext* context,
                                         const v1::CreateShopRequest* request, v1::Shop* response) {
  absl::StatusOr<Shop> shop = [&]() -> absl::StatusOr<Shop> {
    OPINUS_ASSIGN_OR_RETURN(std::optional<ActingOwner> owner,
                            owners_->Resolve(*context, kCreateShop));
    return shops_->CreateShop(request->name(), request->domain(), request->owner_email(),
                              owner ? std::optional<Owner>(owner->owner) : std::nullopt);
  }();
  if (shop.ok()) Answer(*context, *shop, response);
  return Reply("CreateShop", shop.status());
}

grpc::Status ShopServiceImpl::GetShop(grpc::ServerContext* context,
                                      const v1::GetShopRequest* request, v1::Shop* response) {
  absl::StatusOr<Shop> shop = owners_->ShopForCall(*context, kGetShop, request->shop_id());
  if (shop.ok()) Answer(*context, *shop, response);
  return Reply("GetShop", shop.status());
}

grpc::Status ShopServiceImpl::ListShops(grpc::ServerContext* context,
                                        const v1::ListShopsRequest* request,
                                        v1::ListShopsResponse* response) {
  absl::StatusOr<Page<Shop>> page = [&]() -> absl::StatusOr<Page<Shop>> {
    OPINUS_ASSIGN_OR_RETURN(std::optional<ActingOwner> owner,
                            owners_->Resolve(*context, kListShops));
    return shops_->ListShops(
        MakePageRequest(request->page_size(), 100, 1000, request->page_token()),
        owner ? std::optional<OwnerId>(owner->owner.id) : std::nullopt);
  }();
  if (page.ok()) {
    for (const Shop& shop : page->items) Answer(*context, shop, response->add_shops());
    response->set_next_page_token(page->next_token);
  }
  return Reply("ListShops", page.status());
}

grpc::Status ShopServiceImpl::RotateShopKey(grpc::ServerContext* context,
                                            const v1::RotateShopKeyRequest* request,
                                            v1::Shop* response) {
  absl::StatusOr<Shop> shop = [&]() -> absl::StatusOr<Shop> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(*context, kRotateShopKey, request->shop_id()));
    return shops_->RotateKey(request->shop_id());
  }();
  if (shop.ok()) Answer(*context, *shop, response);
  return Reply("RotateShopKey", shop.status());
}

grpc::Status ShopServiceImpl::EndKeyRotationGrace(grpc::ServerContext* context,
                                                  const v1::EndKeyRotationGraceRequest* request,
                                                  v1::Shop* response) {
  absl::StatusOr<Shop> shop = [&]() -> absl::StatusOr<Shop> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(*context, kEndKeyRotationGrace, request->shop_id()));
    return shops_->EndKeyRotationGrace(request->shop_id());
  }();
  if (shop.ok()) Answer(*context, *shop, response);
  return Reply("EndKeyRotationGrace", shop.status());
}

grpc::Status ShopServiceImpl::GetShopSettings(grpc::ServerContext* context,
                                              const v1::GetShopSettingsRequest* request,
                                              v1::ShopSettings* response) {
  absl::StatusOr<Shop> shop = owners_->ShopForCall(*context, kGetShopSettings, request->shop_id());
  if (shop.ok()) ToProto(shop->settings, response);
  return Reply("GetShopSettings", shop.status());
}

grpc::Status ShopServiceImpl::UpdateShopSettings(grpc::ServerContext* context,
                                                 const v1::UpdateShopSettingsRequest* request,
                                                 v1::ShopSettings* response) {
  absl::StatusOr<Shop> shop = [&]() -> absl::StatusOr<Shop> {
    OPINUS_RETURN_IF_ERROR(owners_->CheckShop(*context, kUpdateShopSettings, request->shop_id()));
    OPINUS_ASSIGN_OR_RETURN(SettingsUpdate update, ToSettingsUpdate(*request));
    return shops_->UpdateSettings(request->shop_id(), update);
  }();
  if (shop.ok()) ToProto(shop->settings, response);
  return Reply("UpdateShopSettings", shop.status());
}

grpc::Status ShopServiceImpl::ApproveShop(grpc::ServerContext* context,
                                          const v1::ApproveShopRequest* request,
                                          v1::Shop* response) {
  absl::StatusOr<Shop> shop = [&]() -> absl::StatusOr<Shop> {
    OPINUS_ASSIGN_OR_RETURN(std::optional<ActingOwner> owner,
                            owners_->Resolve(*context, kApproveShop));
    // An owner may not approve their own shop, whatever token the call has.
    if (owner) return absl::PermissionDeniedError("only an operator approves shops");
    return shops_->ApproveShop(request->shop_id());
  }();
  if (shop.ok()) Answer(*context, *shop, response);
  return Reply("ApproveShop", shop.status());
}

grpc::Status ShopServiceImpl::GetShopDashboard(grpc::ServerContext* context,
                                               const v1::GetShopDashboardRequest* request,
                                               v1::ShopDashboard* response) {
  const absl::Time now = clock_->Now();
  absl::StatusOr<ShopDashboard> dashboard = [&]() -> absl::StatusOr<ShopDashboard> {
    OPINUS_ASSIGN_OR_RETURN(Shop shop,
                            owners_->ShopForCall(*context, kGetShopDashboard, request->shop_id()));
    return dashboards_->GetShopDashboard(shop.id, now);
  }();
  if (dashboard.ok()) ToProto(*dashboard, now, response);
  return Reply("GetShopDashboard", dashboard.status());
}

}  // namespace opinus::server::rpc
