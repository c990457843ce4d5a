#include "server/core_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"

namespace opinus::server {

CoreServer::CoreServer(const CoreStores& stores, KeyGenerator* keys, const Clock* clock)
    : shops_(stores.shops, keys, clock),
      recorder_(stores.shops, stores.order_events, clock),
      invitations_(stores.shops, stores.invitations, clock),
      shop_service_(&shops_),
      order_event_service_(&recorder_),
      invitation_service_(&invitations_) {}

CoreServer::~CoreServer() {
  if (server_) Shutdown(absl::Now());
}

absl::StatusOr<std::unique_ptr<CoreServer>> CoreServer::Start(const std::string& address,
                                                              const CoreStores& stores,
                                                              KeyGenerator* keys,
                                                              const Clock* clock) {
  std::unique_ptr<CoreServer> core(new CoreServer(stores, keys, clock));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &core->port_);
  builder.RegisterService(&core->shop_service_);
  builder.RegisterService(&core->order_event_service_);
  builder.RegisterService(&core->invitation_service_);
  core->server_ = builder.BuildAndStart();
  if (core->server_ == nullptr || core->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address));
  }
  grpc::HealthCheckServiceInterface* health = core->server_->GetHealthCheckService();
  for (const char* service : {"", "opinus.v1.ShopService", "opinus.v1.OrderEventService",
                              "opinus.v1.InvitationService"}) {
    health->SetServingStatus(service, true);
  }
  return core;
}

void CoreServer::Shutdown(absl::Time deadline) {
  if (!server_) return;
  server_->Shutdown(absl::ToChronoTime(deadline));
  server_->Wait();
  server_.reset();
}

}  // namespace opinus::server
