// The policy table against the contract: every RPC of every opinus.v1 service
// (read from the descriptor set the build writes from all of proto/opinus/v1,
// so a new file or RPC cannot slip past) has an entry, and the entries follow
// the roles.
#include "server/auth/method_policy.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <fstream>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace opinus::server::auth {
namespace {

namespace protobuf = ::google::protobuf;

// ContractMethods returns "/opinus.v1.Service/Method" of every RPC in the
// descriptor set the build writes from proto/opinus/v1 (OPINUS_DESCRIPTOR_SET).
std::set<std::string> ContractMethods() {
  std::ifstream file(OPINUS_DESCRIPTOR_SET, std::ios::binary);
  protobuf::FileDescriptorSet files;
  if (!files.ParseFromIstream(&file)) {
    ADD_FAILURE() << "cannot read " << OPINUS_DESCRIPTOR_SET;
    return {};
  }
  protobuf::DescriptorPool pool;
  std::set<std::string> methods;
  // --include_imports lists each file after what it imports.
  for (const protobuf::FileDescriptorProto& proto : files.file()) {
    const protobuf::FileDescriptor* file_descriptor = pool.BuildFile(proto);
    if (file_descriptor == nullptr) {
      ADD_FAILURE() << proto.name() << " does not build";
      continue;
    }
    if (file_descriptor->package() != "opinus.v1") continue;
    for (int s = 0; s < file_descriptor->service_count(); ++s) {
      const protobuf::ServiceDescriptor* service = file_descriptor->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.insert(absl::StrCat("/", service->full_name(), "/", service->method(m)->name()));
      }
    }
  }
  return methods;
}

TEST(MethodPolicyTest, EveryRpcOfTheContractHasAnEntryAndNoEntryIsStale) {
  const std::set<std::string> contract = ContractMethods();
  ASSERT_GE(contract.size(), 12u) << "too few RPCs in " << OPINUS_DESCRIPTOR_SET;
  for (const std::string& method : contract) {
    EXPECT_EQ(MethodAccessTable().count(method), 1u)
        << method << " has no entry in MethodAccessTable (server/auth/method_policy.cc)";
  }
  for (const auto& [method, access] : MethodAccessTable()) {
    EXPECT_EQ(contract.count(method), 1u) << method << " is not an RPC of proto/opinus/v1";
  }
}

// readonly may call only what reads: every method open to it is a Get* or List*.
TEST(MethodPolicyTest, ReadAccessIsOnlyForGetAndList) {
  for (const auto& [method, access] : MethodAccessTable()) {
    if (access != Access::kRead) continue;
    const std::string name = method.substr(method.rfind('/') + 1);
    EXPECT_TRUE(absl::StartsWith(name, "Get") || absl::StartsWith(name, "List")) << method;
  }
}

TEST(MethodPolicyTest, OperatorOnlyMethods) {
  EXPECT_EQ(RequiredAccess("/opinus.v1.ShopService/ListShops"), Access::kOwnerRead);
  EXPECT_EQ(RequiredAccess("/opinus.v1.InvitationService/ResendInvitation"), Access::kOwnerWrite);
  EXPECT_EQ(RequiredAccess("/opinus.v1.ShopService/EndKeyRotationGrace"), Access::kOwnerWrite);
  EXPECT_EQ(RequiredAccess("/opinus.v1.OrderEventService/RecordOrderEvent"), Access::kWrite);
  EXPECT_EQ(RequiredAccess("/opinus.v1.ShopService/GetShop"), Access::kRead);
  // A method missing from the table fails closed.
  EXPECT_EQ(RequiredAccess("/opinus.v1.ShopService/DeleteEverything"), Access::kOperator);
  EXPECT_EQ(RequiredAccess(""), Access::kOperator);
}

TEST(MethodPolicyTest, RolesAreOrdered) {
  EXPECT_TRUE(RoleAllows(Role::kReadonly, Access::kRead, false));
  EXPECT_FALSE(RoleAllows(Role::kReadonly, Access::kWrite, false));
  EXPECT_FALSE(RoleAllows(Role::kReadonly, Access::kOperator, false));
  EXPECT_TRUE(RoleAllows(Role::kGateway, Access::kRead, false));
  EXPECT_TRUE(RoleAllows(Role::kGateway, Access::kWrite, false));
  EXPECT_FALSE(RoleAllows(Role::kGateway, Access::kOperator, false));
  EXPECT_TRUE(RoleAllows(Role::kOperator, Access::kRead, false));
  EXPECT_TRUE(RoleAllows(Role::kOperator, Access::kWrite, false));
  EXPECT_TRUE(RoleAllows(Role::kOperator, Access::kOperator, false));
}

// What owners need beyond the gateway's own calls: the operator always, the
// gateway only while it acts for an owner (whose credential the core checks).
TEST(MethodPolicyTest, OwnerMethodsNeedTheOperatorOrAnOwnersCredential) {
  for (Access access : {Access::kOwnerRead, Access::kOwnerWrite}) {
    EXPECT_TRUE(RoleAllows(Role::kOperator, access, false));
    EXPECT_TRUE(RoleAllows(Role::kGateway, access, true));
    EXPECT_FALSE(RoleAllows(Role::kGateway, access, false));
    EXPECT_FALSE(RoleAllows(Role::kReadonly, access, true));
  }
  // The owner's credential adds nothing to operator-only methods.
  EXPECT_FALSE(RoleAllows(Role::kGateway, Access::kOperator, true));
}

TEST(MethodPolicyTest, EverythingButReadsChangesState) {
  EXPECT_FALSE(ChangesState(Access::kRead));
  EXPECT_FALSE(ChangesState(Access::kOwnerRead));
  EXPECT_TRUE(ChangesState(Access::kWrite));
  EXPECT_TRUE(ChangesState(Access::kOwnerWrite));
  EXPECT_TRUE(ChangesState(Access::kOperator));
}

TEST(MethodPolicyTest, HealthAndReflectionAreOpen) {
  EXPECT_TRUE(IsOpenMethod("/grpc.health.v1.Health/Check"));
  EXPECT_TRUE(IsOpenMethod("/grpc.health.v1.Health/Watch"));
  EXPECT_TRUE(IsOpenMethod("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"));
  EXPECT_TRUE(IsOpenMethod("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"));
  EXPECT_FALSE(IsOpenMethod("/opinus.v1.ShopService/GetShop"));
  EXPECT_FALSE(IsOpenMethod("/grpc.health.v1.HealthX/Check"));
  EXPECT_FALSE(IsOpenMethod(""));
}

}  // namespace
}  // namespace opinus::server::auth
