// CoreServer: the core's gRPC server with every service, reflection and
// health, over whatever stores it is given.
#ifndef OPINUS_SERVER_CORE_SERVER_H_
#define OPINUS_SERVER_CORE_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/metrics.h"
#include "server/auth/server_credentials.h"
#include "server/domain/account_mailer.h"
#include "server/domain/clock.h"
#include "server/domain/key_generator.h"
#include "server/domain/password_hasher.h"
#include "server/domain/privacy_mailer.h"
#include "server/domain/random.h"
#include "server/domain/shoper_api.h"
#include "server/domain/token.h"
#include "server/health_monitor.h"
#include "server/managers/account_manager.h"
#include "server/managers/appstore_connector.h"
#include "server/managers/appstore_manager.h"
#include "server/managers/claim_link_manager.h"
#include "server/managers/invitation_manager.h"
#include "server/managers/opinion_manager.h"
#include "server/managers/order_backfiller.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/privacy_manager.h"
#include "server/managers/privacy_request_manager.h"
#include "server/managers/shop_manager.h"
#include "server/managers/suppression_manager.h"
#include "server/periodic_task.h"
#include "server/rpc/account_service.h"
#include "server/rpc/appstore_service.h"
#include "server/rpc/backfill_service.h"
#include "server/rpc/invitation_service.h"
#include "server/rpc/opinion_service.h"
#include "server/rpc/order_event_service.h"
#include "server/rpc/owner_access.h"
#include "server/rpc/privacy_request_service.h"
#include "server/rpc/privacy_service.h"
#include "server/rpc/shop_service.h"
#include "server/rpc/suppression_service.h"
#include "server/storage/backfill_store.h"
#include "server/storage/dashboard_store.h"

namespace opinus::server {

// CoreStores are the storage the core runs on; not owned.
struct CoreStores {
  AccountStore* accounts;
  AppStoreStore* appstore;
  ShopStore* shops;
  OrderEventStore* order_events;
  InvitationStore* invitations;
  SuppressionStore* suppressions;
  OpinionStore* opinions;
  MailFeedbackStore* mail_feedback;
  PrivacyStore* privacy;
  PrivacyRequestStore* privacy_requests;
  DashboardStore* dashboards;
  // Owners' backfills of past orders; used only with a ShoperApi.
  BackfillStore* backfills = nullptr;
  // The App Store admin page's claim links; none: GetAdminPage and the
  // claim answer FAILED_PRECONDITION.
  ClaimLinkStore* claim_links = nullptr;
};

// CoreSettings: how the core serves. A rotated-out webhook key keeps working
// for `key_rotation_grace` (see ShopManager). The health service reports
// SERVING while `readiness` succeeds (checked every `health_interval`;
// always SERVING without one). Every call is logged and counted in `metrics`
// (see rpc::RpcObserverFactory; nullptr: a registry of the server's own that
// nobody reads). Buyers' data is purged as `retention` says, by a sweep every
// `retention_sweep_interval` (zero: only when an operator calls Purge).
// With `shoper` (not owned), installs are connected through it as
// `appstore_connect` says, due attempts looked for every
// `appstore_connect_interval`; and owners' backfills of past orders are
// read through it (with a BackfillStore) as `backfill` says, due ones
// looked for every `backfill_interval`.
struct CoreSettings {
  absl::Duration key_rotation_grace = kDefaultKeyRotationGrace;
  HealthMonitor::Probe readiness = nullptr;
  absl::Duration health_interval = absl::Seconds(1);
  metrics::Registry* metrics = nullptr;
  AppStoreSettings appstore;
  Retention retention;
  absl::Duration retention_sweep_interval = absl::ZeroDuration();
  ShoperApi* shoper = nullptr;
  AppStoreConnectSettings appstore_connect;
  absl::Duration appstore_connect_interval = absl::Seconds(1);
  BackfillSettings backfill;
  absl::Duration backfill_interval = absl::Seconds(1);
};

// CoreServer owns the domain services, their RPC adapters and the running
// grpc::Server. It does not own the stores, keys or clock. Owners' passwords
// are hashed with Argon2id at libsodium's interactive cost.
class CoreServer {
 public:
  // Start listens on `address` (e.g. "127.0.0.1:0") with `security`'s
  // credentials (which decide who may call; see server/auth) and serves as
  // `settings` say, answering by its tokens' roles where answers differ.
  // Owners' account mails leave through `account_mailer`, the mails of
  // people's privacy requests through `privacy_mailer`. Addresses that may
  // not be kept are kept as their hash under `addresses`. Returns UNAVAILABLE
  // when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<CoreServer>> Start(
      const std::string& address, const auth::ServerSecurity& security, const CoreStores& stores,
      AccountMailer* account_mailer, PrivacyMailer* privacy_mailer, KeyGenerator* keys,
      const AddressHasher* addresses, const Clock* clock, CoreSettings settings);

  ~CoreServer();

  // port returns the bound port.
  int port() const { return port_; }

  // Shutdown stops accepting calls and waits for running ones, at most until
  // `deadline`, then cancels the rest.
  void Shutdown(absl::Time deadline);

 private:
  CoreServer(const CoreStores& stores, AccountMailer* account_mailer, PrivacyMailer* privacy_mailer,
             KeyGenerator* keys, const AddressHasher* addresses, const Clock* clock,
             const CoreSettings& settings, std::shared_ptr<const auth::Authorizer> authorizer);

  // Before the services that use them.
  std::shared_ptr<const auth::Authorizer> authorizer_;
  metrics::Registry own_metrics_;
  Argon2idPasswordHasher password_hasher_;
  RandomTokenGenerator secret_tokens_;
  SystemRandom random_;
  AccountManager accounts_;
  // Before shops_, which tells it of key rotations.
  AppStoreManager appstore_;
  ClaimLinkManager claim_links_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  InvitationManager invitations_;
  SuppressionManager suppressions_;
  PrivacyManager privacy_;
  PrivacyRequestManager privacy_requests_;
  OpinionManager opinions_;
  rpc::OwnerAccess owner_access_;
  rpc::AccountServiceImpl account_service_;
  rpc::ShopServiceImpl shop_service_;
  rpc::OrderEventServiceImpl order_event_service_;
  rpc::InvitationServiceImpl invitation_service_;
  rpc::SuppressionServiceImpl suppression_service_;
  rpc::PrivacyServiceImpl privacy_service_;
  rpc::PrivacyRequestServiceImpl privacy_request_service_;
  rpc::OpinionServiceImpl opinion_service_;
  rpc::AppStoreServiceImpl appstore_service_;
  // Connecting installed shops; none without a ShoperApi. Before the
  // backfiller, which refreshes tokens through it.
  std::unique_ptr<AppStoreConnector> connector_;
  // Backfills of past orders (none without a ShoperApi and a BackfillStore:
  // the service then refuses them).
  std::unique_ptr<OrderBackfiller> backfiller_;
  std::unique_ptr<rpc::BackfillServiceImpl> backfill_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<HealthMonitor> health_;
  // The retention sweep (PrivacyManager::Purge, and forgetting old privacy
  // requests); none without an interval.
  std::unique_ptr<PeriodicTask> retention_;
  // The connector's rounds; none without a ShoperApi.
  std::unique_ptr<PeriodicTask> connecting_;
  std::unique_ptr<PeriodicTask> backfilling_;
  int port_ = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_CORE_SERVER_H_
