// opinus-server: the core gRPC service. Flags, wiring, nothing else.
#include <signal.h>

#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/env_flags.h"
#include "common/log.h"
#include "server/core_server.h"
#include "server/storage/mysql/migrations.h"
#include "server/storage/mysql/mysql_invitation_store.h"
#include "server/storage/mysql/mysql_order_event_store.h"
#include "server/storage/mysql/mysql_shop_store.h"
#include "server/storage/mysql/session_pool.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC address to listen on (host:port)");
ABSL_FLAG(std::string, db, "",
          "SOCI connection string, e.g. 'mysql://host=127.0.0.1 port=3306 db=opinus "
          "user=opinus password=...'");
ABSL_FLAG(int, db_pool_size, 8, "database connections");
ABSL_FLAG(absl::Duration, db_connect_timeout, absl::Seconds(30),
          "how long to keep trying to reach the database at start");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long running calls may finish after SIGTERM");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");

namespace opinus::server {
namespace {

int Fail(absl::string_view what, const absl::Status& status) {
  Log(LogLevel::kError, what, {{"error", std::string(status.message())}});
  return EXIT_FAILURE;
}

// OpenDatabase waits for the database up to the timeout, so the server and
// MariaDB may start together.
absl::StatusOr<std::unique_ptr<SessionPool>> OpenDatabase() {
  SessionPoolOptions options;
  options.connect_string = absl::GetFlag(FLAGS_db);
  options.size = absl::GetFlag(FLAGS_db_pool_size);
  const absl::Time give_up = absl::Now() + absl::GetFlag(FLAGS_db_connect_timeout);
  while (true) {
    absl::StatusOr<std::unique_ptr<SessionPool>> pool = SessionPool::Open(options);
    if (pool.ok() || !absl::IsUnavailable(pool.status()) || absl::Now() > give_up) return pool;
    Log(LogLevel::kWarning, "db_waiting", {{"error", std::string(pool.status().message())}});
    absl::SleepFor(absl::Seconds(1));
  }
}

int Run() {
  if (absl::GetFlag(FLAGS_db).empty()) {
    return Fail("config_invalid", absl::InvalidArgumentError("--db is required"));
  }
  // Signals are taken by sigwait below, never by a handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<SessionPool>> pool = OpenDatabase();
  if (!pool.ok()) return Fail("db_open_failed", pool.status());
  absl::StatusOr<int> migrated = ApplyMigrations(**pool);
  if (!migrated.ok()) return Fail("db_migration_failed", migrated.status());

  MysqlShopStore shops(pool->get());
  MysqlOrderEventStore order_events(pool->get());
  MysqlInvitationStore invitations(pool->get());
  RandomKeyGenerator keys;
  SystemClock clock;
  absl::StatusOr<std::unique_ptr<CoreServer>> server = CoreServer::Start(
      absl::GetFlag(FLAGS_listen), CoreStores{&shops, &order_events, &invitations}, &keys, &clock);
  if (!server.ok()) return Fail("listen_failed", server.status());
  const std::string host =
      absl::GetFlag(FLAGS_listen).substr(0, absl::GetFlag(FLAGS_listen).rfind(':'));
  Log(LogLevel::kInfo, "server_listening",
      {{"address", absl::StrCat(host, ":", (*server)->port())},
       {"migrations_applied", absl::StrCat(*migrated)}});

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  Log(LogLevel::kInfo, "server_stopping", {{"signal", absl::StrCat(signal_number)}});
  (*server)->Shutdown(absl::Now() + absl::GetFlag(FLAGS_shutdown_grace));
  Log(LogLevel::kInfo, "server_stopped");
  return EXIT_SUCCESS;
}

}  // namespace
}  // namespace opinus::server

int main(int argc, char** argv) {
  if (absl::Status status = opinus::ParseFlagsWithEnvironment(argc, argv); !status.ok()) {
    return opinus::server::Fail("config_invalid", status);
  }
  opinus::LogLevel level;
  if (!opinus::ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    return opinus::server::Fail(
        "config_invalid", absl::InvalidArgumentError("--log_level: debug|info|warning|error"));
  }
  opinus::SetLogLevel(level);
  return opinus::server::Run();
}
