// Which role may call which RPC of the core: one table keyed by the full
// method name, as gRPC carries it in `:path` ("/opinus.v1.ShopService/GetShop").
#ifndef OPINUS_SERVER_AUTH_METHOD_POLICY_H_
#define OPINUS_SERVER_AUTH_METHOD_POLICY_H_

#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "server/auth/role.h"

namespace opinus::server::auth {

// Access is what an RPC needs. kRead: it changes nothing (Get*, List*), any
// role. kWrite: what the gateway needs besides reading, gateway and operator.
// kOperator: operator only (e.g. moderating opinions). kOwnerRead and
// kOwnerWrite: the operator, or the gateway acting for a shop owner (the call
// carries kOwnerCredentialKey; the core then answers for the owner's shops
// only), reading or changing (e.g. listing shops, resending invitations).
enum class Access { kRead, kWrite, kOperator, kOwnerRead, kOwnerWrite };

// MethodAccessTable returns the access every opinus.v1 RPC needs, keyed by
// full method name. Every RPC must have an entry (a unit test holds every
// service of proto/opinus/v1 to it); add one with each new RPC.
const std::map<std::string, Access, std::less<>>& MethodAccessTable();

// RequiredAccess returns what calling `method` needs: its entry in
// MethodAccessTable, or kOperator for a method not in it, so that a forgotten
// entry fails closed.
Access RequiredAccess(absl::string_view method);

// IsOpenMethod returns whether `method` may be called without a token: the
// standard health service and server reflection, which describe the server
// but reveal no data.
bool IsOpenMethod(absl::string_view method);

// RoleAllows returns whether `role` may call an RPC that needs `access`;
// `acts_for_owner` says whether the call carries an owner's credential.
bool RoleAllows(Role role, Access access, bool acts_for_owner);

// ChangesState returns whether an RPC that needs `access` may change
// something, so that a browser session acting for an owner must prove it
// meant to (CSRF): everything but kRead and kOwnerRead.
bool ChangesState(Access access);

}  // namespace opinus::server::auth

#endif  // OPINUS_SERVER_AUTH_METHOD_POLICY_H_
