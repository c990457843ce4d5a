#include "server/core_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "grpc/health/v1/health.pb.h"
#include "server/rpc/personal_data_json.h"
#include "server/rpc/rpc_observer.h"
#include "server/rpc/shoper_order_reader.h"

namespace opinus::server {
namespace {

// Each log-in or sign-up hashes with 64 MiB: four at once bound that to 256 MiB.
constexpr int kMaxConcurrentPasswordHashes = 4;

// Threads the server keeps waiting for calls (see Start).
constexpr int kIdleThreadsKept = 64;

metrics::Counter& PurgedInvitations(metrics::Registry* registry) {
  return registry
      ->AddCounter("opinus_retention_purged_invitations_total",
                   "Invitations whose buyer's data the retention sweep purged.")
      .With({});
}

}  // namespace

CoreServer::CoreServer(const CoreStores& stores, AccountMailer* account_mailer,
                       PrivacyMailer* privacy_mailer, KeyGenerator* keys,
                       const AddressHasher* addresses, const Clock* clock,
                       const CoreSettings& settings,
                       std::shared_ptr<const auth::Authorizer> authorizer)
    : authorizer_(std::move(authorizer)),
      password_hasher_(kInteractiveCost, kMaxConcurrentPasswordHashes),
      accounts_(stores.accounts, &password_hasher_, &secret_tokens_, account_mailer, clock),
      appstore_(stores.appstore, keys, clock, settings.appstore),
      claim_links_(stores.claim_links, &secret_tokens_, clock, settings.appstore),
      shops_(stores.shops, keys, clock, settings.key_rotation_grace, &appstore_),
      recorder_(stores.shops, stores.order_events, clock),
      invitations_(stores.shops, stores.invitations, stores.mail_feedback, clock),
      suppressions_(stores.shops, stores.invitations, stores.suppressions, addresses, clock),
      privacy_(stores.privacy, addresses, clock, settings.retention,
               &PurgedInvitations(settings.metrics != nullptr ? settings.metrics : &own_metrics_)),
      privacy_requests_(stores.privacy_requests, &privacy_, privacy_mailer, &secret_tokens_,
                        addresses, clock, rpc::PersonalDataToJson),
      opinions_(stores.shops, stores.invitations, stores.opinions, clock),
      owner_access_(&accounts_, &shops_),
      account_service_(&accounts_, &owner_access_),
      shop_service_(&shops_, &owner_access_, stores.dashboards, clock, authorizer_.get()),
      order_event_service_(&recorder_, &owner_access_),
      invitation_service_(&invitations_, &owner_access_),
      suppression_service_(&suppressions_, &owner_access_),
      privacy_service_(&privacy_),
      privacy_request_service_(&privacy_requests_),
      opinion_service_(&opinions_, &owner_access_),
      appstore_service_(&appstore_, &claim_links_, &owner_access_) {}

CoreServer::~CoreServer() {
  if (server_) Shutdown(absl::Now());
}

absl::StatusOr<std::unique_ptr<CoreServer>> CoreServer::Start(
    const std::string& address, const auth::ServerSecurity& security, const CoreStores& stores,
    AccountMailer* account_mailer, PrivacyMailer* privacy_mailer, KeyGenerator* keys,
    const AddressHasher* addresses, const Clock* clock, CoreSettings settings) {
  // Referencing health.proto's messages links their descriptors into the
  // binary, so reflection can describe grpc.health.v1.Health.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  std::unique_ptr<CoreServer> core(new CoreServer(stores, account_mailer, privacy_mailer, keys,
                                                  addresses, clock, settings, security.authorizer));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // A RecordOrderEvent call holds its thread until its batch commits, so a
  // busy core has as many threads as calls in flight. gRPC keeps at most
  // MAX_POLLERS idle ones and ends the rest: at its default of 2, every
  // burst made and ended threads by the dozen (a quarter of the core's CPU
  // under 64 concurrent webhooks). Idle threads cost only their stacks.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, kIdleThreadsKept);
  builder.AddListeningPort(address, security.credentials, &core->port_);
  builder.RegisterService(&core->account_service_);
  builder.RegisterService(&core->shop_service_);
  builder.RegisterService(&core->order_event_service_);
  builder.RegisterService(&core->invitation_service_);
  builder.RegisterService(&core->suppression_service_);
  builder.RegisterService(&core->privacy_service_);
  builder.RegisterService(&core->privacy_request_service_);
  builder.RegisterService(&core->opinion_service_);
  builder.RegisterService(&core->appstore_service_);
  if (settings.shoper != nullptr) {
    core->connector_ = std::make_unique<AppStoreConnector>(
        stores.appstore, &core->shops_, settings.shoper, &core->secret_tokens_, &core->random_,
        clock, settings.appstore_connect);
  }
  if (core->connector_ != nullptr && stores.backfills != nullptr) {
    // A 401 refreshes the tokens by the connector's one path.
    core->backfiller_ = std::make_unique<OrderBackfiller>(
        stores.backfills, stores.shops, settings.shoper, &core->recorder_, ReadShoperOrder,
        [connector = core->connector_.get()](ShopApiAccess access) {
          return connector->RefreshAccess(std::move(access));
        },
        &core->random_, clock, settings.backfill);
  }
  core->backfill_service_ =
      std::make_unique<rpc::BackfillServiceImpl>(core->backfiller_.get(), &core->owner_access_);
  builder.RegisterService(core->backfill_service_.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  observers.push_back(std::make_unique<rpc::RpcObserverFactory>(
      settings.metrics != nullptr ? settings.metrics : &core->own_metrics_));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  core->server_ = builder.BuildAndStart();
  if (core->server_ == nullptr || core->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address));
  }
  std::vector<std::string> services = {"",
                                       "opinus.v1.AccountService",
                                       "opinus.v1.ShopService",
                                       "opinus.v1.OrderEventService",
                                       "opinus.v1.InvitationService",
                                       "opinus.v1.SuppressionService",
                                       "opinus.v1.OpinionService",
                                       "opinus.v1.PrivacyService",
                                       "opinus.v1.PrivacyRequestService",
                                       "opinus.v1.AppStoreService",
                                       "opinus.v1.BackfillService"};
  grpc::HealthCheckServiceInterface* health = core->server_->GetHealthCheckService();
  if (settings.readiness) {
    core->health_ = std::make_unique<HealthMonitor>(std::move(settings.readiness), health,
                                                    std::move(services), settings.health_interval);
  } else {
    for (const std::string& service : services) health->SetServingStatus(service, true);
  }
  if (settings.retention_sweep_interval > absl::ZeroDuration()) {
    // A failed sweep is logged; the next one tries again.
    core->retention_ = std::make_unique<PeriodicTask>(
        [privacy = &core->privacy_, requests = &core->privacy_requests_] {
          const absl::StatusOr<Purged> purged = privacy->Purge();
          if (!purged.ok()) {
            Log(LogLevel::kWarning, "retention_sweep_failed",
                {{"error", std::string(purged.status().message())}});
          }
          const absl::StatusOr<int> forgotten = requests->ForgetOld();
          if (!forgotten.ok()) {
            Log(LogLevel::kWarning, "privacy_requests_sweep_failed",
                {{"error", std::string(forgotten.status().message())}});
          }
        },
        settings.retention_sweep_interval);
  }
  if (core->connector_ != nullptr) {
    // A failed round is logged; the next one tries again.
    core->connecting_ = std::make_unique<PeriodicTask>(
        [connector = core->connector_.get()] {
          const absl::StatusOr<int> tried = connector->ConnectDue();
          if (!tried.ok()) {
            Log(LogLevel::kWarning, "appstore_connect_round_failed",
                {{"error", std::string(tried.status().message())}});
          }
          const absl::StatusOr<int> updated = connector->UpdateWebhookUrlsDue();
          if (!updated.ok()) {
            Log(LogLevel::kWarning, "appstore_webhook_url_round_failed",
                {{"error", std::string(updated.status().message())}});
          }
        },
        settings.appstore_connect_interval);
  }
  if (core->backfiller_ != nullptr) {
    // A failed round is logged; the next one tries again.
    core->backfilling_ = std::make_unique<PeriodicTask>(
        [backfiller = core->backfiller_.get()] {
          const absl::StatusOr<int> ran = backfiller->RunDue();
          if (!ran.ok()) {
            Log(LogLevel::kWarning, "backfill_round_failed",
                {{"error", std::string(ran.status().message())}});
          }
        },
        settings.backfill_interval);
  }
  return core;
}

void CoreServer::Shutdown(absl::Time deadline) {
  if (!server_) return;
  retention_.reset();
  connecting_.reset();
  backfilling_.reset();
  health_.reset();
  server_->Shutdown(absl::ToChronoTime(deadline));
  server_->Wait();
  server_.reset();
}

}  // namespace opinus::server
