#include "server/storage/mysql/session_pool.h"

#include <algorithm>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"

namespace opinus::server {
namespace {

constexpr absl::string_view kScheme = "mysql://";

// NormalizeConnectString drops the scheme, makes sure every connection
// speaks utf8mb4 whatever the server's default, and bounds the connect time so
// an unreachable database answers UNAVAILABLE within a caller's deadline.
std::string NormalizeConnectString(absl::string_view text) {
  std::string params(absl::StartsWith(text, kScheme) ? text.substr(kScheme.size()) : text);
  if (!absl::StrContains(params, "charset=")) absl::StrAppend(&params, " charset=utf8mb4");
  if (!absl::StrContains(params, "connect_timeout="))
    absl::StrAppend(&params, " connect_timeout=2");
  return params;
}

// PrepareSession sets what every statement relies on: UTC for any time the
// server computes, and strict mode so oversized values fail instead of being cut.
void PrepareSession(soci::session& session) {
  session << "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE'";
}

metrics::Registry& MetricsOf(const SessionPoolOptions& options, metrics::Registry* own) {
  return options.metrics != nullptr ? *options.metrics : *own;
}

}  // namespace

SessionPool::SessionPool(const SessionPoolOptions& options)
    : options_(options),
      lease_wait_(MetricsOf(options, &own_metrics_)
                      .AddHistogram("opinus_db_pool_wait_seconds",
                                    "Time a caller waited for a free database connection.", {})
                      .With({})),
      lease_timeouts_(MetricsOf(options, &own_metrics_)
                          .AddCounter("opinus_db_pool_timeouts_total",
                                      "Callers that found no free database connection in time.")
                          .With({})),
      conflicts_(MetricsOf(options, &own_metrics_)
                     .AddCounter("opinus_db_conflicts_total",
                                 "Transactions run again after a write conflict (deadlock, lock "
                                 "wait timeout, Galera certification failure).")
                     .With({})),
      pool_(static_cast<std::size_t>(options.size)),
      broken_(static_cast<std::size_t>(options.size), false) {}

SessionPool::~SessionPool() = default;

absl::StatusOr<std::unique_ptr<SessionPool>> SessionPool::Open(const SessionPoolOptions& options) {
  if (options.size < 1) return absl::InvalidArgumentError("pool size: at least 1");
  std::unique_ptr<SessionPool> pool(new SessionPool(options));
  const std::string params = NormalizeConnectString(options.connect_string);
  for (int i = 0; i < options.size; ++i) {
    try {
      soci::session& session = pool->pool_.at(static_cast<std::size_t>(i));
      session.open("mysql", params);
      PrepareSession(session);
    } catch (const std::exception& error) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to the database: ", SociErrorMessage(error)));
    }
  }
  return pool;
}

absl::StatusOr<std::size_t> SessionPool::Lease() {
  std::size_t position = 0;
  const int timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(options_.lease_timeout));
  const absl::Time start = absl::Now();
  const bool leased = pool_.try_lease(position, timeout_ms);
  lease_wait_.ObserveDuration(absl::Now() - start);
  if (!leased) {
    lease_timeouts_.Increment();
    return absl::UnavailableError("database busy: no free connection");
  }
  return position;
}

absl::StatusOr<std::unique_ptr<SessionPool::Held>> SessionPool::Hold() {
  absl::StatusOr<std::size_t> position = Lease();
  if (!position.ok()) return position.status();
  auto held = std::make_unique<Held>(this, *position);
  if (broken_[*position]) Recover(*position);
  if (broken_[*position]) return absl::UnavailableError("database unreachable");
  return held;
}

absl::Status SessionPool::Ping() {
  return Run([](soci::session& session) {
    session << "SELECT 1";
    return absl::OkStatus();
  });
}

void SessionPool::BackOffAfterConflict(int retry) {
  conflicts_.Increment();
  thread_local absl::BitGen random;
  const int64_t most_ms = int64_t{5} << std::min(retry, 4);
  absl::SleepFor(absl::Milliseconds(absl::Uniform<int64_t>(random, 1, most_ms + 1)));
}

void SessionPool::Recover(std::size_t position) {
  try {
    soci::session& session = pool_.at(position);
    session.reconnect();
    PrepareSession(session);
    broken_[position] = false;
    Log(LogLevel::kInfo, "db_reconnected");
  } catch (const std::exception& error) {
    Log(LogLevel::kWarning, "db_reconnect_failed",
        {{"error", std::string(SociErrorToStatus(error).message())}});
  }
}

}  // namespace opinus::server
