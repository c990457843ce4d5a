// gRPC reflection as grpcurl uses it, spoken to a real opinus-server by a
// client generated from grpc/reflection/v1alpha/reflection.proto. The server
// requires tokens (the test tokens); reflection, like health, works without.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {
namespace {

namespace reflection = ::grpc::reflection::v1alpha;

TEST(ReflectionTest, ListsAndDescribesEveryService) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("reflection");
  ASSERT_TRUE(database.ok()) << database.status();
  absl::StatusOr<RunningService> server = StartCoreServer(
      (*database)->connect_string(), absl::StrCat(::testing::TempDir(), "/reflection-server.log"));
  ASSERT_TRUE(server.ok()) << server.status();

  // No token: reflection must not need one.
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->port),
                                     grpc::InsecureChannelCredentials());
  auto stub = reflection::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  auto stream = stub->ServerReflectionInfo(&context);

  reflection::ServerReflectionRequest request;
  reflection::ServerReflectionResponse response;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  std::set<std::string> services;
  for (const auto& service : response.list_services_response().service()) {
    services.insert(service.name());
  }
  const std::set<std::string> expected = {"opinus.v1.ShopService",
                                          "opinus.v1.OrderEventService",
                                          "opinus.v1.AppStoreService",
                                          "opinus.v1.InvitationService",
                                          "opinus.v1.PrivacyService",
                                          "grpc.health.v1.Health",
                                          "grpc.reflection.v1alpha.ServerReflection"};
  for (const std::string& name : expected) {
    EXPECT_EQ(services.count(name), 1u) << name << " not listed";
  }

  // `grpcurl describe` asks for the file that defines each service.
  for (const std::string& name : expected) {
    SCOPED_TRACE(name);
    request.set_file_containing_symbol(name);
    ASSERT_TRUE(stream->Write(request));
    ASSERT_TRUE(stream->Read(&response));
    EXPECT_FALSE(response.has_error_response()) << response.error_response().error_message();
    EXPECT_GT(response.file_descriptor_response().file_descriptor_proto_size(), 0);
  }
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace opinus::testing
