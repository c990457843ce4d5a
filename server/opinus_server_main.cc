// opinus-server: the core gRPC service. Flags, wiring, nothing else.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/env_flags.h"
#include "common/file_contents.h"
#include "common/log.h"
#include "common/metrics.h"
#include "server/auth/server_credentials.h"
#include "server/bounce_listener.h"
#include "server/core_server.h"
#include "server/dispatch/account_mail.h"
#include "server/dispatch/curl_shoper_api.h"
#include "server/dispatch/curl_smtp_mailer.h"
#include "server/dispatch/dispatcher.h"
#include "server/dispatch/dkim_signer.h"
#include "server/dispatch/metered_mailer.h"
#include "server/dispatch/privacy_mail.h"
#include "server/dispatch/shoper_api_limiter.h"
#include "server/domain/webhook_keys.h"
#include "server/managers/mail_feedback_manager.h"
#include "server/metrics_listener.h"
#include "server/storage/caching_shop_store.h"
#include "server/storage/group_commit_order_event_store.h"
#include "server/storage/mysql/invitation_state_gauge.h"
#include "server/storage/mysql/migrations.h"
#include "server/storage/mysql/mysql_account_store.h"
#include "server/storage/mysql/mysql_appstore_store.h"
#include "server/storage/mysql/mysql_backfill_store.h"
#include "server/storage/mysql/mysql_claim_link_store.h"
#include "server/storage/mysql/mysql_dashboard_store.h"
#include "server/storage/mysql/mysql_dispatch_store.h"
#include "server/storage/mysql/mysql_invitation_store.h"
#include "server/storage/mysql/mysql_mail_feedback_store.h"
#include "server/storage/mysql/mysql_opinion_store.h"
#include "server/storage/mysql/mysql_order_event_store.h"
#include "server/storage/mysql/mysql_privacy_request_store.h"
#include "server/storage/mysql/mysql_privacy_store.h"
#include "server/storage/mysql/mysql_shop_store.h"
#include "server/storage/mysql/mysql_suppression_store.h"
#include "server/storage/mysql/session_pool.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC address to listen on (host:port)");
ABSL_FLAG(std::string, auth_tokens_file, "",
          "file of the bearer tokens callers must present, one `ROLE TOKEN` a line "
          "(roles: gateway, operator, readonly)");
ABSL_FLAG(bool, insecure_no_auth, false,
          "serve every caller without a token; only with a loopback --listen address");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain for gRPC over TLS (with --tls-key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls-cert");
ABSL_FLAG(std::string, db, "",
          "SOCI connection string, e.g. 'mysql://host=127.0.0.1 port=3306 db=opinus "
          "user=opinus password=...'");
ABSL_FLAG(int, db_pool_size, 8, "database connections");
ABSL_FLAG(absl::Duration, db_connect_timeout, absl::Seconds(30),
          "how long to keep trying to reach the database at start");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long running calls may finish after SIGTERM");
ABSL_FLAG(absl::Duration, health_interval, absl::Seconds(1),
          "how often the database is probed for the gRPC health service");
ABSL_FLAG(absl::Duration, shop_cache_ttl, absl::Seconds(5),
          "how long a webhook key's shop (or that no shop has it) is remembered; 0: not at all. "
          "A key rotated or ended anywhere is refused at once (checked as each event commits); "
          "with several servers on one database another server's settings change applies here "
          "at most this late");
ABSL_FLAG(absl::Duration, ingest_batch_window, absl::Milliseconds(1),
          "how long a writer waits for more webhooks to commit with the oldest waiting one");
ABSL_FLAG(int, ingest_batch_max, 64, "webhooks committed in one transaction at most");
ABSL_FLAG(int, ingest_queue_max, 1024,
          "webhooks waiting for a commit at most; more are answered UNAVAILABLE at once");
ABSL_FLAG(int, ingest_writers, 2,
          "threads committing webhooks in batches, each with one database connection at a time");
ABSL_FLAG(int, shop_cache_size, 10000, "webhook keys remembered at most (see --shop_cache_ttl)");
ABSL_FLAG(absl::Duration, key_rotation_grace, opinus::server::kDefaultKeyRotationGrace,
          "how long a shop's webhook key keeps working after it was rotated; 0: not at all");
ABSL_FLAG(std::string, shoper_appstore_secret, "",
          "the Shoper App Store secret its callbacks (POST /shoper/appstore) and the app's admin "
          "page (GET /shoper/app) are signed with (prefer OPINUS_SHOPER_APPSTORE_SECRET or "
          "--shoper_appstore_secret_file); empty: the App Store is not connected and its "
          "callbacks are refused");
ABSL_FLAG(std::string, shoper_appstore_secret_file, "",
          "file holding --shoper_appstore_secret, one line");
ABSL_FLAG(absl::Duration, appstore_max_age, absl::Minutes(10),
          "how far an App Store callback's timestamp may be from now");
ABSL_FLAG(std::string, shoper_app_id, "",
          "the app's id (OAuth client id) from the App Store; with --shoper_app_secret the core "
          "connects each installed shop (tokens, its shop, our webhook at --public_url); empty: "
          "installs are only recorded");
ABSL_FLAG(std::string, shoper_app_id_file, "", "file holding --shoper_app_id, one line");
ABSL_FLAG(std::string, shoper_app_secret, "",
          "the app's secret (OAuth client secret, not the App Store secret; prefer "
          "OPINUS_SHOPER_APP_SECRET or --shoper_app_secret_file)");
ABSL_FLAG(std::string, shoper_app_secret_file, "", "file holding --shoper_app_secret, one line");
ABSL_FLAG(bool, shoper_insecure_http, false,
          "let a shop's URL be http:// to a loopback host (a stand-in Shoper in tests and "
          "scripts/dev); any other host stays https only");
ABSL_FLAG(absl::Duration, appstore_connect_retry, absl::Minutes(1),
          "wait after a shop's first failed connection attempt; doubles after each next one "
          "(max 1h), 8 attempts in all");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port of the Prometheus endpoint GET /metrics; empty: none");
ABSL_FLAG(std::string, bounce_listen, "",
          "host:port (keep it on loopback) where the MTA hands over, by SMTP or LMTP, the bounces "
          "and complaints that come back to bounces+<id>@ the mail domain; empty: none");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(bool, dispatch, true,
          "send due invitations from this server (--dispatch=false: RPCs only)");
ABSL_FLAG(absl::Duration, dispatch_interval, absl::Seconds(1), "pause between dispatch rounds");
ABSL_FLAG(int, dispatch_batch, 50, "invitations claimed per dispatch round");
ABSL_FLAG(int, dispatch_senders, 4,
          "mails of a round sent at once, each over an SMTP connection of its own and "
          "using a database connection of --db_pool_size");
ABSL_FLAG(int, dispatch_sends_per_commit, 8,
          "mails a sender sends under one lock and records in one commit: fewer statements a "
          "mail, but a cancel waits for as many sends and a dying server may send as many twice");
ABSL_FLAG(absl::Duration, dispatch_lease, absl::Minutes(5),
          "how long a claim holds before another server may take the invitation over");
ABSL_FLAG(absl::Duration, dispatch_retry_base, absl::Minutes(1),
          "wait after the first temporary failure; doubles after each next one (max 6h)");
ABSL_FLAG(int, dispatch_max_attempts, 8, "attempts before an invitation fails for good");
ABSL_FLAG(int, unapproved_daily_cap, 50,
          "most mails a day of a shop an owner made, until an operator approves it "
          "(opinus shop approve); the rest wait, scheduled with the reason");
ABSL_FLAG(std::string, smtp_url, "smtp://127.0.0.1:2525",
          "mail server, smtp://host:port or smtps://");
ABSL_FLAG(std::string, smtp_user, "", "SMTP user; empty: no authentication");
ABSL_FLAG(std::string, smtp_password, "", "SMTP password (prefer OPINUS_SMTP_PASSWORD)");
ABSL_FLAG(bool, smtp_allow_plain, false,
          "with --smtp_user on smtp://, send without STARTTLS; only for a mail server on "
          "loopback");
ABSL_FLAG(std::string, mail_from, "zaproszenia@opinus.example",
          "the From address of invitations; its domain ends every Message-ID");
ABSL_FLAG(std::string, dkim_domain, "",
          "DKIM: the signing domain (d=), the mail domain; with --dkim_selector and "
          "--dkim_key_file, or none of the three (mail unsigned)");
ABSL_FLAG(std::string, dkim_selector, "", "DKIM: the selector (s=) whose TXT record holds the key");
ABSL_FLAG(std::string, dkim_key_file, "", "DKIM: the PEM RSA private key (2048 bits)");
ABSL_FLAG(std::string, privacy_key_file, "",
          "required: the secret (at least 32 bytes, e.g. `openssl rand -hex 32`) under which "
          "suppression lists and erasure records keep addresses as a keyed hash (HMAC-SHA256). "
          "Keep it as the tokens are, and keep it: with another key every suppressed address "
          "would be mailed again");
ABSL_FLAG(int, retention_days, opinus::server::kDefaultRetentionDays,
          "days after an invitation ends (reviewed, expired, cancelled, suppressed, failed, "
          "bounced) before its buyer's data is purged; order events count from their receipt");
ABSL_FLAG(absl::Duration, retention_sweep_interval, absl::Hours(1),
          "pause between retention sweeps (the first runs at start); 0: only `opinus privacy "
          "purge`");
ABSL_FLAG(std::string, public_url, "http://127.0.0.1:8080",
          "the base of every link in a mail, e.g. https://opinus.example");

namespace opinus::server {
namespace {

int Fail(absl::string_view what, const absl::Status& status) {
  Log(LogLevel::kError, what, {{"error", std::string(status.message())}});
  return EXIT_FAILURE;
}

// OpenDatabase waits for the database up to the timeout, so the server and
// MariaDB may start together.
absl::StatusOr<std::unique_ptr<SessionPool>> OpenDatabase(metrics::Registry* metrics) {
  SessionPoolOptions options;
  options.metrics = metrics;
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

// ClaimerId names this process among all dispatchers on the database.
std::string ClaimerId() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(std::string(host).substr(0, 40), ":", getpid(), ":",
                      RandomTokenGenerator().NewToken().substr(0, 8));
}

DispatcherOptions DispatcherOptionsFromFlags() {
  DispatcherOptions options;
  options.claimer = ClaimerId();
  options.batch = absl::GetFlag(FLAGS_dispatch_batch);
  options.senders = absl::GetFlag(FLAGS_dispatch_senders);
  options.sends_per_commit = absl::GetFlag(FLAGS_dispatch_sends_per_commit);
  options.interval = absl::GetFlag(FLAGS_dispatch_interval);
  options.lease = absl::GetFlag(FLAGS_dispatch_lease);
  options.retry.initial_backoff = absl::GetFlag(FLAGS_dispatch_retry_base);
  options.retry.max_attempts = absl::GetFlag(FLAGS_dispatch_max_attempts);
  options.unapproved_daily_cap = absl::GetFlag(FLAGS_unapproved_daily_cap);
  options.mail.mail_from = absl::GetFlag(FLAGS_mail_from);
  options.mail.public_url = absl::GetFlag(FLAGS_public_url);
  return options;
}

auth::SecurityFlags SecurityFlagsFromFlags() {
  auth::SecurityFlags flags;
  flags.listen = absl::GetFlag(FLAGS_listen);
  flags.auth_tokens_file = absl::GetFlag(FLAGS_auth_tokens_file);
  flags.insecure_no_auth = absl::GetFlag(FLAGS_insecure_no_auth);
  flags.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  flags.tls_key = absl::GetFlag(FLAGS_tls_key);
  return flags;
}

// DkimSignerFromFlags returns the signer the --dkim_* flags ask for, null when
// none is set; INVALID_ARGUMENT when only some are, or for a key that cannot
// sign.
absl::StatusOr<std::unique_ptr<DkimSigner>> DkimSignerFromFlags() {
  const std::string domain = absl::GetFlag(FLAGS_dkim_domain);
  const std::string selector = absl::GetFlag(FLAGS_dkim_selector);
  const std::string key_file = absl::GetFlag(FLAGS_dkim_key_file);
  if (domain.empty() && selector.empty() && key_file.empty()) {
    return std::unique_ptr<DkimSigner>();
  }
  if (domain.empty() || selector.empty() || key_file.empty()) {
    return absl::InvalidArgumentError(
        "--dkim_domain, --dkim_selector and --dkim_key_file go together");
  }
  absl::StatusOr<std::string> key = ReadFileContents(key_file);
  if (!key.ok()) return key.status();
  return DkimSigner::Create(domain, selector, *std::move(key));
}

// ReadSecretFile returns the one-line secret in `path`; INVALID_ARGUMENT,
// naming `what`, when it is empty.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path, absl::string_view what) {
  absl::StatusOr<std::string> secret = ReadFileContents(path);
  if (!secret.ok()) return secret.status();
  std::string line(absl::StripAsciiWhitespace(*secret));
  if (line.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": empty ", what));
  return line;
}

// FlagOrFile returns the value (a secret, or the app's id) given as
// --<name> (or OPINUS_<NAME>) or in the file --<name>_file names, empty when
// neither is set; INVALID_ARGUMENT when both are, or for an empty file.
absl::StatusOr<std::string> FlagOrFile(const absl::Flag<std::string>& value_flag,
                                       const absl::Flag<std::string>& file_flag) {
  const std::string value = absl::GetFlag(value_flag);
  const std::string file = absl::GetFlag(file_flag);
  const std::string name(absl::GetFlagReflectionHandle(value_flag).Name());
  if (!value.empty() && !file.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, " and --", name, "_file: give one of the two"));
  }
  if (file.empty()) return value;
  return ReadSecretFile(file, name);
}

// AppStoreSettingsFromFlags reads --shoper_appstore_secret (none: no
// secret) and --appstore_max_age; installs are connected with
// `connect_installs`.
absl::StatusOr<AppStoreSettings> AppStoreSettingsFromFlags(bool connect_installs) {
  AppStoreSettings settings;
  settings.max_age = absl::GetFlag(FLAGS_appstore_max_age);
  if (settings.max_age <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--appstore_max_age must be > 0");
  }
  settings.connect_installs = connect_installs;
  absl::StatusOr<std::string> secret =
      FlagOrFile(FLAGS_shoper_appstore_secret, FLAGS_shoper_appstore_secret_file);
  if (!secret.ok()) return secret.status();
  settings.secret = *std::move(secret);
  return settings;
}

// ShoperCredentialsFromFlags reads --shoper_app_id and --shoper_app_secret:
// both or neither (nullopt: installs are not connected), and only with an
// App Store secret.
absl::StatusOr<std::optional<CurlShoperCredentials>> ShoperCredentialsFromFlags() {
  absl::StatusOr<std::string> id = FlagOrFile(FLAGS_shoper_app_id, FLAGS_shoper_app_id_file);
  if (!id.ok()) return id.status();
  absl::StatusOr<std::string> secret =
      FlagOrFile(FLAGS_shoper_app_secret, FLAGS_shoper_app_secret_file);
  if (!secret.ok()) return secret.status();
  if (id->empty() && secret->empty()) return std::nullopt;
  const bool appstore = !absl::GetFlag(FLAGS_shoper_appstore_secret).empty() ||
                        !absl::GetFlag(FLAGS_shoper_appstore_secret_file).empty();
  if (id->empty() || secret->empty() || !appstore) {
    return absl::InvalidArgumentError(
        "--shoper_app_id and --shoper_app_secret go together, and with "
        "--shoper_appstore_secret");
  }
  if (absl::GetFlag(FLAGS_appstore_connect_retry) <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--appstore_connect_retry must be > 0");
  }
  return CurlShoperCredentials{*std::move(id), *std::move(secret)};
}

int Run() {
  // Security first: a server that would refuse to start says so before
  // waiting for the database.
  absl::StatusOr<auth::ServerSecurity> security =
      auth::MakeServerCredentials(SecurityFlagsFromFlags());
  if (!security.ok()) return Fail("config_invalid", security.status());
  if (absl::GetFlag(FLAGS_db).empty()) {
    return Fail("config_invalid", absl::InvalidArgumentError("--db is required"));
  }
  absl::StatusOr<std::optional<CurlShoperCredentials>> shoper_credentials =
      ShoperCredentialsFromFlags();
  if (!shoper_credentials.ok()) return Fail("config_invalid", shoper_credentials.status());
  absl::StatusOr<AppStoreSettings> appstore =
      AppStoreSettingsFromFlags(shoper_credentials->has_value());
  if (!appstore.ok()) return Fail("config_invalid", appstore.status());
  const DispatcherOptions dispatch_options = DispatcherOptionsFromFlags();
  if (absl::Status mail = ValidateMailConfig(dispatch_options.mail); !mail.ok()) {
    return Fail("config_invalid", mail);
  }
  const absl::StatusOr<bool> starttls =
      SmtpNeedsStartTls(absl::GetFlag(FLAGS_smtp_url), absl::GetFlag(FLAGS_smtp_user),
                        absl::GetFlag(FLAGS_smtp_allow_plain));
  if (!starttls.ok()) return Fail("config_invalid", starttls.status());
  absl::StatusOr<std::unique_ptr<DkimSigner>> dkim = DkimSignerFromFlags();
  if (!dkim.ok()) return Fail("config_invalid", dkim.status());
  // No default key, not even for development: hashes under a known key
  // would name their addresses to anyone who guesses them.
  if (absl::GetFlag(FLAGS_privacy_key_file).empty()) {
    return Fail("config_invalid",
                absl::InvalidArgumentError("--privacy_key_file is required (make one with "
                                           "`openssl rand -hex 32 > privacy.key`)"));
  }
  absl::StatusOr<AddressHasher> addresses =
      AddressHasher::FromKeyFile(absl::GetFlag(FLAGS_privacy_key_file));
  if (!addresses.ok()) return Fail("config_invalid", addresses.status());
  if (*dkim == nullptr) {
    Log(LogLevel::kWarning, "mail_unsigned",
        {{"why", "no --dkim_domain, --dkim_selector, --dkim_key_file: receivers may reject"}});
  }
  const ShopCacheOptions shop_cache{absl::GetFlag(FLAGS_shop_cache_ttl),
                                    static_cast<std::size_t>(absl::GetFlag(FLAGS_shop_cache_size))};
  if (absl::GetFlag(FLAGS_shop_cache_size) < 1 || shop_cache.ttl < absl::ZeroDuration()) {
    return Fail("config_invalid", absl::InvalidArgumentError(
                                      "--shop_cache_size must be positive, --shop_cache_ttl >= 0"));
  }
  GroupCommitOptions group_commit;
  group_commit.window = absl::GetFlag(FLAGS_ingest_batch_window);
  group_commit.max_batch = absl::GetFlag(FLAGS_ingest_batch_max);
  group_commit.max_queued = absl::GetFlag(FLAGS_ingest_queue_max);
  group_commit.writers = absl::GetFlag(FLAGS_ingest_writers);
  if (group_commit.window < absl::ZeroDuration() || group_commit.max_batch < 1 ||
      group_commit.max_queued < 1 || group_commit.writers < 1) {
    return Fail("config_invalid", absl::InvalidArgumentError(
                                      "--ingest_batch_window must be >= 0, --ingest_batch_max, "
                                      "--ingest_queue_max and --ingest_writers positive"));
  }
  if (absl::GetFlag(FLAGS_key_rotation_grace) < absl::ZeroDuration()) {
    return Fail("config_invalid", absl::InvalidArgumentError("--key_rotation_grace must be >= 0"));
  }
  if (dispatch_options.batch < 1 || dispatch_options.senders < 1 ||
      dispatch_options.sends_per_commit < 1 || dispatch_options.lease < absl::Seconds(1) ||
      dispatch_options.retry.max_attempts < 1 || dispatch_options.unapproved_daily_cap < 0) {
    return Fail("config_invalid",
                absl::InvalidArgumentError("--dispatch_batch, --dispatch_senders, "
                                           "--dispatch_sends_per_commit, --dispatch_lease "
                                           "(>= 1s) and --dispatch_max_attempts must be positive, "
                                           "--unapproved_daily_cap at least 0"));
  }
  if (absl::GetFlag(FLAGS_retention_days) < 1 ||
      absl::GetFlag(FLAGS_retention_sweep_interval) < absl::ZeroDuration()) {
    return Fail("config_invalid",
                absl::InvalidArgumentError(
                    "--retention_days must be positive, --retention_sweep_interval >= 0"));
  }
  // Signals are taken by sigwait below, never by a handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Declared before everything that counts in it, so it outlives them all.
  metrics::Registry metrics;
  absl::StatusOr<std::unique_ptr<SessionPool>> pool = OpenDatabase(&metrics);
  if (!pool.ok()) return Fail("db_open_failed", pool.status());
  absl::StatusOr<int> migrated = ApplyMigrations(**pool, *addresses);
  if (!migrated.ok()) return Fail("db_migration_failed", migrated.status());

  MysqlAccountStore accounts(pool->get());
  MysqlShopStore mysql_shops(pool->get());
  MysqlOrderEventStore mysql_order_events(pool->get(), &metrics);
  MysqlInvitationStore invitations(pool->get());
  MysqlSuppressionStore suppressions(pool->get());
  MysqlOpinionStore opinions(pool->get());
  MysqlDashboardStore dashboards(pool->get());
  MysqlMailFeedbackStore feedback_store(pool->get());
  MysqlPrivacyStore privacy(pool->get());
  MysqlPrivacyRequestStore privacy_requests(pool->get());
  MysqlAppStoreStore appstore_store(pool->get());
  MysqlBackfillStore backfills(pool->get());
  MysqlClaimLinkStore claim_links(pool->get());
  RandomKeyGenerator keys;
  SystemClock clock;
  // Every user of shops goes through the cache, so that its changes drop
  // what the cache holds.
  CachingShopStore shops(&mysql_shops, &clock, shop_cache);
  group_commit.metrics = &metrics;
  GroupCommitOrderEventStore order_events(&mysql_order_events, group_commit);
  SessionPool* db = pool->get();
  CurlSmtpOptions smtp_options{absl::GetFlag(FLAGS_smtp_url), absl::GetFlag(FLAGS_smtp_user),
                               absl::GetFlag(FLAGS_smtp_password)};
  smtp_options.connections = dispatch_options.senders;
  smtp_options.require_starttls = *starttls;
  CurlSmtpMailer smtp(std::move(smtp_options));
  MeteredMailer metered(&smtp, &metrics);
  DkimSigningMailer signing(dkim->get(), &metered);
  Mailer* mailer = *dkim != nullptr ? static_cast<Mailer*>(&signing) : &metered;
  SmtpAccountMailer account_mailer(dispatch_options.mail, mailer, &clock);
  SmtpPrivacyMailer privacy_mailer(dispatch_options.mail, mailer, &clock);
  Retention retention;
  retention.retention = absl::Hours(24) * absl::GetFlag(FLAGS_retention_days);
  CoreSettings settings;
  settings.key_rotation_grace = absl::GetFlag(FLAGS_key_rotation_grace);
  settings.readiness = [db] { return db->Ping(); };
  settings.health_interval = absl::GetFlag(FLAGS_health_interval);
  settings.metrics = &metrics;
  settings.appstore = *std::move(appstore);
  settings.retention = retention;
  settings.retention_sweep_interval = absl::GetFlag(FLAGS_retention_sweep_interval);
  SystemRandom shoper_jitter;
  ShoperApiLimiter shoper_limiter(ShoperCallPolicy{}, &clock, &shoper_jitter, &metrics);
  std::optional<CurlShoperApi> shoper;
  if (*shoper_credentials) {
    FetchLimits limits;
    limits.insecure_loopback_http = absl::GetFlag(FLAGS_shoper_insecure_http);
    shoper.emplace(**std::move(shoper_credentials), limits, &shoper_limiter);
    settings.shoper = &*shoper;
    settings.appstore_connect.public_url = dispatch_options.mail.public_url;
    settings.appstore_connect.contact_email = dispatch_options.mail.mail_from;
    settings.appstore_connect.retry.initial_backoff = absl::GetFlag(FLAGS_appstore_connect_retry);
  }
  absl::StatusOr<std::unique_ptr<CoreServer>> server = CoreServer::Start(
      absl::GetFlag(FLAGS_listen), *security,
      CoreStores{&accounts, &appstore_store, &shops, &order_events, &invitations, &suppressions,
                 &opinions, &feedback_store, &privacy, &privacy_requests, &dashboards, &backfills,
                 &claim_links},
      &account_mailer, &privacy_mailer, &keys, &*addresses, &clock, std::move(settings));
  if (!server.ok()) return Fail("listen_failed", server.status());
  InvitationStateGauge invitation_states(db, &metrics);
  std::unique_ptr<MetricsListener> metrics_listener;
  if (const std::string address = absl::GetFlag(FLAGS_metrics_listen); !address.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsListener>> listener =
        MetricsListener::Start(address, &metrics);
    if (!listener.ok()) return Fail("metrics_listen_failed", listener.status());
    metrics_listener = *std::move(listener);
  }
  MailFeedbackManager feedback(&feedback_store, &*addresses, &clock);
  metrics::Family<metrics::Counter>& feedback_counts = metrics.AddCounter(
      "opinus_mail_feedback_total",
      "Reports taken by the bounce listener, by kind (hard_bounce, soft_bounce, complaint, "
      "unmatched) and shop (none when unmatched).",
      {"kind", "shop"});
  std::unique_ptr<BounceListener> bounce_listener;
  if (const std::string address = absl::GetFlag(FLAGS_bounce_listen); !address.empty()) {
    absl::StatusOr<std::unique_ptr<BounceListener>> listener = BounceListener::Start(
        address, [&](const std::vector<std::string>& recipients, absl::string_view message) {
          absl::StatusOr<MailFeedback> taken = feedback.Take(recipients, message);
          if (!taken.ok()) {
            Log(LogLevel::kWarning, "mail_feedback_not_recorded",
                {{"error", std::string(taken.status().message())}});
            return taken.status();
          }
          const std::string shop =
              taken->shop_id == 0 ? std::string("none") : absl::StrCat(taken->shop_id);
          feedback_counts.With({FeedbackKindName(taken->kind), shop}).Increment();
          Log(LogLevel::kInfo, "mail_feedback",
              {{"kind", FeedbackKindName(taken->kind)},
               {"shop", shop},
               {"invitation", absl::StrCat(taken->invitation_id)},
               {"status", taken->status}});
          return absl::OkStatus();
        });
    if (!listener.ok()) return Fail("bounce_listen_failed", listener.status());
    bounce_listener = *std::move(listener);
  }
  // The bound ports, which differ from the flags' when those say port 0.
  auto bound = [](const std::string& address, int port) {
    return absl::StrCat(address.substr(0, address.rfind(':')), ":", port);
  };
  Log(LogLevel::kInfo, "server_listening",
      {{"address", bound(absl::GetFlag(FLAGS_listen), (*server)->port())},
       {"auth", security->auth},
       {"transport", security->transport},
       {"metrics", metrics_listener == nullptr
                       ? std::string("off")
                       : bound(absl::GetFlag(FLAGS_metrics_listen), metrics_listener->port())},
       {"bounces", bounce_listener == nullptr
                       ? std::string("off")
                       : bound(absl::GetFlag(FLAGS_bounce_listen), bounce_listener->port())},
       {"migrations_applied", absl::StrCat(*migrated)}});

  // The dispatcher uses the pool, so it is declared after it and stopped first.
  MysqlDispatchStore dispatch_store(pool->get());
  RandomTokenGenerator tokens;
  SystemRandom random;
  Dispatcher dispatcher(&dispatch_store, &shops, &accounts, &suppressions, &*addresses, mailer,
                        &tokens, &random, &clock, dispatch_options);
  if (absl::GetFlag(FLAGS_dispatch)) dispatcher.Start();

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  Log(LogLevel::kInfo, "server_stopping", {{"signal", absl::StrCat(signal_number)}});
  // Both at once, so neither waits for the other: the dispatcher finishes the
  // mail it is sending and gives the rest of its claims back (scheduled, due
  // as before); gRPC stops taking calls and lets running ones finish within
  // the grace, cancelling what is left.
  std::thread stop_dispatch([&dispatcher] { dispatcher.Stop(); });
  (*server)->Shutdown(absl::Now() + absl::GetFlag(FLAGS_shutdown_grace));
  stop_dispatch.join();
  // Nothing uses the database now: close every connection before saying so.
  metrics_listener.reset();
  bounce_listener.reset();
  pool->reset();
  Log(LogLevel::kInfo, "server_stopped");
  return EXIT_SUCCESS;
}

}  // namespace
}  // namespace opinus::server

int main(int argc, char** argv) {
  // Debian's Abseil checks every lock's order against a graph of all locks
  // held, a few per cent of the CPU a webhook costs; the tests keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "The Opinus core: shops, owners, orders, invitations and their sending, and opinions, "
      "over gRPC.\nEvery flag may also be set as OPINUS_<FLAG> in the environment.");
  if (absl::Status status = opinus::ParseFlagsWithEnvironment(argc, argv, "opinus_server_main");
      !status.ok()) {
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
