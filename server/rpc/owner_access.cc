#include "server/rpc/owner_access.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/owner_metadata.h"
#include "common/status_macros.h"
#include "server/auth/method_policy.h"

namespace opinus::server::rpc {
namespace {

// MetadataValues returns the values the call carries under `key`.
std::vector<absl::string_view> MetadataValues(const grpc::ServerContext& context,
                                              absl::string_view key) {
  std::vector<absl::string_view> values;
  auto [first, last] =
      context.client_metadata().equal_range(grpc::string_ref(key.data(), key.size()));
  for (auto it = first; it != last; ++it) values.emplace_back(it->second.data(), it->second.size());
  return values;
}

}  // namespace

absl::StatusOr<CallCredential> CredentialOf(const grpc::ServerContext& context) {
  const std::vector<absl::string_view> credential = MetadataValues(context, kOwnerCredentialKey);
  if (credential.empty()) return absl::UnauthenticatedError("owner credential missing");
  if (credential.size() > 1) return absl::UnauthenticatedError("more than one owner credential");
  // Two CSRF values match no session: the check then fails.
  const std::vector<absl::string_view> csrf = MetadataValues(context, kOwnerCsrfKey);
  return CallCredential{credential[0], csrf.size() == 1 ? csrf[0] : absl::string_view()};
}

bool HasOwnerCredential(const grpc::ServerContext& context) {
  return !MetadataValues(context, kOwnerCredentialKey).empty();
}

absl::StatusOr<std::optional<ActingOwner>> OwnerAccess::Resolve(const grpc::ServerContext& context,
                                                                absl::string_view method) {
  if (!HasOwnerCredential(context)) return std::optional<ActingOwner>();
  OPINUS_ASSIGN_OR_RETURN(ActingOwner owner,
                          RequireOwner(context, auth::ChangesState(auth::RequiredAccess(method))));
  return std::optional<ActingOwner>(std::move(owner));
}

absl::StatusOr<ActingOwner> OwnerAccess::RequireOwner(const grpc::ServerContext& context,
                                                      bool changes) {
  OPINUS_ASSIGN_OR_RETURN(CallCredential call, CredentialOf(context));
  return accounts_->ActFor(call.credential, call.csrf_token, changes);
}

absl::StatusOr<Shop> OwnerAccess::ShopForCall(const grpc::ServerContext& context,
                                              absl::string_view method, ShopId id) {
  OPINUS_ASSIGN_OR_RETURN(std::optional<ActingOwner> owner, Resolve(context, method));
  return shops_->GetOwnedShop(id, owner ? std::optional<OwnerId>(owner->owner.id) : std::nullopt);
}

absl::Status OwnerAccess::CheckShop(const grpc::ServerContext& context, absl::string_view method,
                                    ShopId id) {
  OPINUS_ASSIGN_OR_RETURN(std::optional<ActingOwner> owner, Resolve(context, method));
  if (!owner) return absl::OkStatus();
  return shops_->GetOwnedShop(id, owner->owner.id).status();
}

absl::Status OwnerAccess::CheckBelonging(const grpc::ServerContext& context,
                                         absl::string_view method, absl::string_view thing,
                                         const std::function<absl::StatusOr<ShopId>()>& shop_of) {
  OPINUS_ASSIGN_OR_RETURN(std::optional<ActingOwner> owner, Resolve(context, method));
  if (!owner) return absl::OkStatus();
  OPINUS_ASSIGN_OR_RETURN(ShopId shop_id, shop_of());
  if (!shops_->GetOwnedShop(shop_id, owner->owner.id).ok()) {
    return absl::NotFoundError(absl::StrCat(thing, " not found"));
  }
  return absl::OkStatus();
}

}  // namespace opinus::server::rpc
