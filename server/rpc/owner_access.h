// OwnerAccess: the one place where the core reads the owner's credential a
// call carries (gRPC metadata kOwnerCredentialKey, kOwnerCsrfKey; see
// proto/opinus/v1/account.proto) and keeps the owner to their own shops.
#ifndef OPINUS_SERVER_RPC_OWNER_ACCESS_H_
#define OPINUS_SERVER_RPC_OWNER_ACCESS_H_

#include <grpcpp/server_context.h>

#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/managers/account_manager.h"
#include "server/managers/shop_manager.h"

namespace opinus::server::rpc {

// CallCredential is the owner's credential a call carries, and its CSRF
// token (empty when none), viewing the call's metadata.
struct CallCredential {
  absl::string_view credential;
  absl::string_view csrf_token;
};

// CredentialOf returns the owner's credential `context` carries;
// UNAUTHENTICATED when it carries none or more than one.
absl::StatusOr<CallCredential> CredentialOf(const grpc::ServerContext& context);

// HasOwnerCredential returns whether `context` carries an owner's credential:
// once OwnerAccess let the call through, whether an owner (not an operator's
// token) makes it.
bool HasOwnerCredential(const grpc::ServerContext& context);

// OwnerAccess resolves owners' credentials for every service. It does not own
// the managers. Thread-safe.
class OwnerAccess {
 public:
  OwnerAccess(AccountManager* accounts, ShopManager* shops) : accounts_(accounts), shops_(shops) {}

  // Resolve returns nullopt for a call without an owner's credential (it
  // acts as its bearer token's role allows, as before owners existed), else
  // the owner. `method` is the full method name ("/opinus.v1.ShopService/
  // GetShop"); when its policy entry may change state (auth::ChangesState), a
  // session credential must come with its CSRF token. UNAUTHENTICATED for a
  // credential that is sent more than once, unknown or expired;
  // PERMISSION_DENIED for a missing or wrong CSRF token.
  absl::StatusOr<std::optional<ActingOwner>> Resolve(const grpc::ServerContext& context,
                                                     absl::string_view method);

  // RequireOwner is Resolve for the calls that only an owner makes
  // (AccountService), with the CSRF token checked when `changes`;
  // UNAUTHENTICATED also when the call carries no owner's credential.
  absl::StatusOr<ActingOwner> RequireOwner(const grpc::ServerContext& context, bool changes);

  // ShopForCall returns shop `id` when the call may reach it: any shop without
  // an owner's credential, else only the owner's (another's is NOT_FOUND, as
  // a missing one). Errors as Resolve.
  absl::StatusOr<Shop> ShopForCall(const grpc::ServerContext& context, absl::string_view method,
                                   ShopId id);

  // CheckShop returns OK when the call may reach shop `id`: always without an
  // owner's credential (nothing is looked up, so a missing shop answers as it
  // did before owners), else when it is the owner's; errors as ShopForCall.
  absl::Status CheckShop(const grpc::ServerContext& context, absl::string_view method, ShopId id);

  // CheckBelonging returns OK when the call may reach `thing` ("invitation
  // 7"): always without an owner's credential (`shop_of` is not called), else
  // when `shop_of()` (the shop it belongs to) is the owner's; NOT_FOUND
  // "<thing> not found" when it is another owner's, as when it is missing.
  absl::Status CheckBelonging(const grpc::ServerContext& context, absl::string_view method,
                              absl::string_view thing,
                              const std::function<absl::StatusOr<ShopId>()>& shop_of);

 private:
  AccountManager* accounts_;
  ShopManager* shops_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_OWNER_ACCESS_H_
