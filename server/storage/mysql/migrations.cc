#include "server/storage/mysql/migrations.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/secrets.h"

namespace opinus::server {
namespace {

struct Migration {
  int version;
  const char* description;
  std::vector<const char*> statements;
  // Rewrites rows in C++ where SQL cannot (a keyed hash), after `statements`
  // and before `after`; must be safe to repeat, as the statements are.
  void (*rewrite)(soci::session& sql, const AddressHasher& addresses) = nullptr;
  std::vector<const char*> after = {};
};

// HashSuppressedAddresses fills each suppression's email_hash from its
// address while the email column exists, masks addresses quoted in reasons
// (a bounce's diagnostic names its recipient), and keeps the oldest of rows
// that normalise to one address in one scope.
void HashSuppressedAddresses(soci::session& sql, const AddressHasher& addresses) {
  int email_column = 0;
  sql << "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() "
         "AND table_name = 'suppressions' AND column_name = 'email'",
      soci::into(email_column);
  if (email_column == 0) return;
  struct Row {
    long long id;
    std::string email;
    std::string reason;
  };
  std::vector<Row> rows;
  {
    soci::rowset<soci::row> found =
        (sql.prepare << "SELECT id, email, reason FROM suppressions WHERE email_hash IS NULL");
    for (const soci::row& row : found) {
      rows.push_back({row.get<long long>(0), row.get<std::string>(1), row.get<std::string>(2)});
    }
  }
  for (const Row& row : rows) {
    const std::string hash = addresses.Hash(row.email);
    const std::string reason = MaskEmailLocalParts(row.reason);
    long long id = row.id;
    sql << "UPDATE suppressions SET email_hash = :hash, reason = :reason WHERE id = :id",
        soci::use(hash, "hash"), soci::use(reason, "reason"), soci::use(id, "id");
  }
  sql << "DELETE later FROM suppressions later JOIN suppressions earlier "
         "ON later.email_hash = earlier.email_hash AND later.shop_id = earlier.shop_id "
         "AND later.id > earlier.id";
}

// Append new migrations at the end; never edit one that has shipped.
const std::vector<Migration>& AllMigrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1,
       "shops, orders, invitations, order events",
       {
           R"sql(CREATE TABLE IF NOT EXISTS shops (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  domain VARCHAR(253) CHARACTER SET ascii NOT NULL,
  owner_email VARCHAR(254) NOT NULL,
  webhook_key CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  invitation_delay_days INT NOT NULL,
  trigger_status_type INT NOT NULL,
  trigger_status_ids VARCHAR(1000) CHARACTER SET ascii NOT NULL,
  time_zone VARCHAR(64) CHARACTER SET ascii NOT NULL,
  sending_enabled INT NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  UNIQUE KEY shops_webhook_key (webhook_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
           R"sql(CREATE TABLE IF NOT EXISTS orders (
  shop_id BIGINT NOT NULL,
  order_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  known INT NOT NULL,
  deleted INT NOT NULL,
  last_status_id BIGINT NOT NULL,
  last_status_time DATETIME NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (shop_id, order_id),
  CONSTRAINT orders_shop FOREIGN KEY (shop_id) REFERENCES shops (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
           R"sql(CREATE TABLE IF NOT EXISTS invitations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  order_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  customer_email VARCHAR(254) NOT NULL,
  customer_first_name VARCHAR(100) NOT NULL,
  customer_last_name VARCHAR(100) NOT NULL,
  state VARCHAR(16) CHARACTER SET ascii NOT NULL,
  state_reason VARCHAR(500) NOT NULL,
  status_time DATETIME NOT NULL,
  send_at DATETIME NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  UNIQUE KEY invitations_shop_order (shop_id, order_id),
  KEY invitations_due (state, send_at),
  KEY invitations_shop_state (shop_id, state, id),
  CONSTRAINT invitations_shop FOREIGN KEY (shop_id) REFERENCES shops (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
           R"sql(CREATE TABLE IF NOT EXISTS order_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  received_at DATETIME NOT NULL,
  event_name VARCHAR(64) NOT NULL,
  order_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  status_id BIGINT NOT NULL,
  status_type INT NOT NULL,
  status_name VARCHAR(200) NOT NULL,
  status_time DATETIME NULL,
  outcome VARCHAR(16) CHARACTER SET ascii NOT NULL,
  reason VARCHAR(500) NOT NULL,
  invitation_id BIGINT NOT NULL,
  KEY order_events_shop (shop_id, id),
  CONSTRAINT order_events_shop FOREIGN KEY (shop_id) REFERENCES shops (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      {2,
       "dispatch: claims, attempts, tokens, transitions; sender, language, sending hours",
       {
           R"sql(ALTER TABLE shops
  ADD COLUMN IF NOT EXISTS sender_name VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS language CHAR(2) CHARACTER SET ascii NOT NULL DEFAULT 'pl',
  ADD COLUMN IF NOT EXISTS sending_hour_start INT NOT NULL DEFAULT 8,
  ADD COLUMN IF NOT EXISTS sending_hour_end INT NOT NULL DEFAULT 20)sql",
           // send_at doubles as the time of the next attempt, so the due
           // query keeps walking invitations_due (state, send_at).
           R"sql(ALTER TABLE invitations
  ADD COLUMN IF NOT EXISTS claimed_by VARCHAR(64) CHARACTER SET ascii NULL,
  ADD COLUMN IF NOT EXISTS lease_until DATETIME NULL,
  ADD COLUMN IF NOT EXISTS attempts INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS last_error VARCHAR(500) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS sent_at DATETIME NULL,
  ADD COLUMN IF NOT EXISTS message_id VARCHAR(255) CHARACTER SET ascii NULL,
  ADD COLUMN IF NOT EXISTS token_hash BINARY(32) NULL,
  ADD UNIQUE KEY IF NOT EXISTS invitations_token_hash (token_hash),
  ADD KEY IF NOT EXISTS invitations_lease (state, lease_until))sql",
           R"sql(CREATE TABLE IF NOT EXISTS invitation_transitions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invitation_id BIGINT NOT NULL,
  at DATETIME(3) NOT NULL,
  from_state VARCHAR(16) CHARACTER SET ascii NOT NULL,
  to_state VARCHAR(16) CHARACTER SET ascii NOT NULL,
  reason VARCHAR(500) NOT NULL,
  KEY invitation_transitions_invitation (invitation_id, id),
  CONSTRAINT invitation_transitions_invitation FOREIGN KEY (invitation_id)
    REFERENCES invitations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      {3,
       "shops: the secret Shoper signs webhooks with",
       {
           R"sql(ALTER TABLE shops
  ADD COLUMN IF NOT EXISTS webhook_secret VARCHAR(200) NOT NULL DEFAULT '')sql",
       }},
      {4,
       "reminders, suppression lists, tokens of every mailed link",
       {
           R"sql(ALTER TABLE shops
  ADD COLUMN IF NOT EXISTS reminder_days INT NOT NULL DEFAULT 0)sql",
           // reminder_at is set only while a reminder is pending, so the
           // reminder query walks (state, reminder_at) like the due query.
           R"sql(ALTER TABLE invitations
  ADD COLUMN IF NOT EXISTS reminder_at DATETIME NULL,
  ADD COLUMN IF NOT EXISTS reminder_sent_at DATETIME NULL,
  ADD KEY IF NOT EXISTS invitations_reminder (state, reminder_at))sql",
           // An invitation and its reminder carry different tokens; both open
           // the same invitation.
           R"sql(CREATE TABLE IF NOT EXISTS invitation_tokens (
  token_hash BINARY(32) NOT NULL PRIMARY KEY,
  invitation_id BIGINT NOT NULL,
  mail VARCHAR(16) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL,
  KEY invitation_tokens_invitation (invitation_id),
  CONSTRAINT invitation_tokens_invitation FOREIGN KEY (invitation_id)
    REFERENCES invitations (id)
) ENGINE=InnoDB)sql",
           R"sql(INSERT IGNORE INTO invitation_tokens (token_hash, invitation_id, mail, created_at)
  SELECT token_hash, id, 'invitation', COALESCE(sent_at, updated_at)
  FROM invitations WHERE token_hash IS NOT NULL)sql",
           // shop_id 0 is the list of addresses that asked to hear from no shop.
           R"sql(CREATE TABLE IF NOT EXISTS suppressions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  email VARCHAR(254) NOT NULL,
  created_at DATETIME NOT NULL,
  source VARCHAR(32) NOT NULL,
  reason VARCHAR(500) NOT NULL,
  UNIQUE KEY suppressions_email_shop (email, shop_id),
  KEY suppressions_shop (shop_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      // Apart from 4, so that a rerun of 4 still finds the column to copy.
      {5,
       "invitations: tokens live in invitation_tokens only",
       {
           R"sql(ALTER TABLE invitations
  DROP INDEX IF EXISTS invitations_token_hash,
  DROP COLUMN IF EXISTS token_hash)sql",
       }},
      {6,
       "opinions, their history, and each shop's rating kept as sums",
       {
           R"sql(CREATE TABLE IF NOT EXISTS opinions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  invitation_id BIGINT NOT NULL,
  order_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  rating TINYINT NOT NULL,
  delivery_rating TINYINT NOT NULL,
  product_rating TINYINT NOT NULL,
  service_rating TINYINT NOT NULL,
  comment TEXT NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  edits INT NOT NULL,
  reply TEXT NOT NULL,
  reply_at DATETIME NULL,
  reported INT NOT NULL,
  report_reason VARCHAR(500) NOT NULL,
  moderation_reason VARCHAR(500) NOT NULL,
  UNIQUE KEY opinions_invitation (invitation_id),
  KEY opinions_shop (shop_id, status, id),
  KEY opinions_shop_updated (shop_id, updated_at),
  CONSTRAINT opinions_shop FOREIGN KEY (shop_id) REFERENCES shops (id),
  CONSTRAINT opinions_invitation FOREIGN KEY (invitation_id) REFERENCES invitations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
           R"sql(CREATE TABLE IF NOT EXISTS opinion_revisions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  opinion_id BIGINT NOT NULL,
  at DATETIME NOT NULL,
  rating TINYINT NOT NULL,
  delivery_rating TINYINT NOT NULL,
  product_rating TINYINT NOT NULL,
  service_rating TINYINT NOT NULL,
  comment TEXT NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  KEY opinion_revisions_opinion (opinion_id, id),
  CONSTRAINT opinion_revisions_opinion FOREIGN KEY (opinion_id) REFERENCES opinions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
           // Sums, not averages: an opinion's share is added or taken away
           // exactly, in the transaction that changes the opinion.
           R"sql(CREATE TABLE IF NOT EXISTS shop_rating_summaries (
  shop_id BIGINT NOT NULL PRIMARY KEY,
  opinions BIGINT NOT NULL,
  rating_sum BIGINT NOT NULL,
  stars_1 BIGINT NOT NULL,
  stars_2 BIGINT NOT NULL,
  stars_3 BIGINT NOT NULL,
  stars_4 BIGINT NOT NULL,
  stars_5 BIGINT NOT NULL,
  delivery_sum BIGINT NOT NULL,
  delivery_count BIGINT NOT NULL,
  product_sum BIGINT NOT NULL,
  product_count BIGINT NOT NULL,
  service_sum BIGINT NOT NULL,
  service_count BIGINT NOT NULL,
  CONSTRAINT shop_rating_summaries_shop FOREIGN KEY (shop_id) REFERENCES shops (id)
) ENGINE=InnoDB)sql",
       }},
      {7,
       "owners, their sessions and access tokens, login attempts; shops get an owner",
       {
           R"sql(CREATE TABLE IF NOT EXISTS owners (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  password_hash VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY owners_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
           // Tokens are kept as their SHA-256 only.
           R"sql(CREATE TABLE IF NOT EXISTS owner_sessions (
  token_hash BINARY(32) NOT NULL PRIMARY KEY,
  owner_id BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  last_used_at DATETIME NOT NULL,
  KEY owner_sessions_owner (owner_id, expires_at),
  CONSTRAINT owner_sessions_owner FOREIGN KEY (owner_id) REFERENCES owners (id)
) ENGINE=InnoDB)sql",
           R"sql(CREATE TABLE IF NOT EXISTS owner_access_tokens (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_id BIGINT NOT NULL,
  name VARCHAR(100) NOT NULL,
  token_hash BINARY(32) NOT NULL,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  last_used_at DATETIME NULL,
  UNIQUE KEY owner_access_tokens_hash (token_hash),
  KEY owner_access_tokens_owner (owner_id, id),
  CONSTRAINT owner_access_tokens_owner FOREIGN KEY (owner_id) REFERENCES owners (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
           // Counted here, not in memory, so that every server process
           // applies the same limits.
           R"sql(CREATE TABLE IF NOT EXISTS auth_attempts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(16) CHARACTER SET ascii NOT NULL,
  email VARCHAR(254) NOT NULL,
  address VARCHAR(100) NOT NULL,
  at DATETIME NOT NULL,
  KEY auth_attempts_email (kind, email, at),
  KEY auth_attempts_address (kind, address, at),
  KEY auth_attempts_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
           R"sql(ALTER TABLE shops
  ADD COLUMN IF NOT EXISTS owner_id BIGINT NULL,
  ADD KEY IF NOT EXISTS shops_owner (owner_id, id))sql",
           R"sql(ALTER TABLE shops
  ADD CONSTRAINT shops_owner FOREIGN KEY IF NOT EXISTS (owner_id) REFERENCES owners (id))sql",
       }},
      {8,
       "shops keep their previous key for a grace after rotation; events say which key came",
       {
           // Unique, as webhook_key is, so that a delivery to the old URL is
           // found by an index of its own.
           R"sql(ALTER TABLE shops
  ADD COLUMN IF NOT EXISTS previous_webhook_key CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN IF NOT EXISTS previous_key_valid_until DATETIME NULL,
  ADD UNIQUE KEY IF NOT EXISTS shops_previous_webhook_key (previous_webhook_key))sql",
           R"sql(ALTER TABLE order_events
  ADD COLUMN IF NOT EXISTS key_used VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'current')sql",
       }},
      {9,
       "shops approved by an operator; the shops from before approval existed are approved",
       {
           R"sql(ALTER TABLE shops ADD COLUMN IF NOT EXISTS approved_at DATETIME NULL)sql",
           R"sql(UPDATE shops SET approved_at = created_at WHERE approved_at IS NULL)sql",
       }},
      {10,
       "owners confirm their e-mail by a link before their shops send; earlier owners count as "
       "confirmed",
       {
           // Only the SHA-256 of the link's token is kept.
           R"sql(ALTER TABLE owners
  ADD COLUMN IF NOT EXISTS email_confirmed_at DATETIME NULL,
  ADD COLUMN IF NOT EXISTS confirm_token_hash BINARY(32) NULL,
  ADD COLUMN IF NOT EXISTS confirm_token_expires_at DATETIME NULL,
  ADD UNIQUE KEY IF NOT EXISTS owners_confirm_token (confirm_token_hash))sql",
           R"sql(UPDATE owners SET email_confirmed_at = created_at WHERE email_confirmed_at IS NULL)sql",
       }},
      {11,
       "invitations carry a version that every change increments",
       {
           // A claimer's write names the version its claim left, so a late
           // write of an earlier claim by the same claimer changes nothing.
           R"sql(ALTER TABLE invitations
  ADD COLUMN IF NOT EXISTS version BIGINT NOT NULL DEFAULT 0)sql",
       }},
      {12,
       "bounces and complaints that came back for mails, per shop",
       {
           R"sql(CREATE TABLE IF NOT EXISTS mail_feedback (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  received_at DATETIME NOT NULL,
  kind VARCHAR(16) CHARACTER SET ascii NOT NULL,
  shop_id BIGINT NULL,
  invitation_id BIGINT NULL,
  mail VARCHAR(16) CHARACTER SET ascii NULL,
  status VARCHAR(16) NOT NULL,
  detail VARCHAR(500) NOT NULL,
  KEY mail_feedback_shop (shop_id, kind),
  KEY mail_feedback_received (received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      {13,
       "invitations: when a claimed mail began to be handed to the mail server",
       {
           R"sql(ALTER TABLE invitations
  ADD COLUMN IF NOT EXISTS handover_at DATETIME NULL)sql",
       }},
      {14,
       "Shoper App Store: installations by licence, and every callback",
       {
           R"sql(CREATE TABLE IF NOT EXISTS app_installations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  licence VARCHAR(64) NOT NULL,
  shop_url VARCHAR(255) NOT NULL,
  application_code VARCHAR(64) NOT NULL,
  application_version VARCHAR(32) NOT NULL,
  installed TINYINT NOT NULL,
  installed_at DATETIME NOT NULL,
  uninstalled_at DATETIME NULL,
  updated_at DATETIME NOT NULL,
  subscription_end VARCHAR(32) NOT NULL,
  callbacks BIGINT NOT NULL,
  UNIQUE KEY app_installations_licence (licence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
           R"sql(CREATE TABLE IF NOT EXISTS appstore_callbacks (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installation_id BIGINT NOT NULL,
  received_at DATETIME NOT NULL,
  action VARCHAR(32) CHARACTER SET ascii NOT NULL,
  sent_at DATETIME NOT NULL,
  application_version VARCHAR(32) NOT NULL,
  KEY appstore_callbacks_installation (installation_id, id),
  CONSTRAINT appstore_callbacks_installation FOREIGN KEY (installation_id)
    REFERENCES app_installations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      {15,
       "suppression lists keep addresses only as their keyed hash (HMAC-SHA256, "
       "--privacy_key_file); erasures are recorded",
       {
           R"sql(ALTER TABLE suppressions ADD COLUMN IF NOT EXISTS email_hash BINARY(32) NULL)sql",
       },
       HashSuppressedAddresses,
       {
           R"sql(ALTER TABLE suppressions
  DROP INDEX IF EXISTS suppressions_email_shop,
  DROP COLUMN IF EXISTS email)sql",
           R"sql(ALTER TABLE suppressions
  MODIFY email_hash BINARY(32) NOT NULL,
  ADD UNIQUE KEY IF NOT EXISTS suppressions_hash_shop (email_hash, shop_id))sql",
           // That an address was erased, when and why; no address.
           R"sql(CREATE TABLE IF NOT EXISTS erasures (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  erased_at DATETIME NOT NULL,
  email_hash BINARY(32) NOT NULL,
  reason VARCHAR(500) NOT NULL,
  invitations INT NOT NULL,
  cancelled INT NOT NULL,
  KEY erasures_email_hash (email_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      {16,
       "shops have a slug, the readable name of their public page",
       {
           // NULL until the core gives one (at creation, or when the page of
           // an earlier shop is first asked for); the rule lives in
           // server/domain/shop_slug.h, not here.
           R"sql(ALTER TABLE shops
  ADD COLUMN IF NOT EXISTS slug VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY IF NOT EXISTS shops_slug (slug))sql",
       }},
      {17,
       "retention: when each invitation ended, and which invitations and order events lost "
       "their personal data",
       {
           // ended_at is InvitationEndTime (server/domain/privacy.h) kept by
           // the database itself, so that no writer of invitations can miss
           // it; 60 days is kOpinionLinkValidity. Rows not yet purged lead
           // the index, so the sweep's select is a range scan on ended_at.
           R"sql(ALTER TABLE invitations
  ADD COLUMN IF NOT EXISTS ended_at DATETIME AS (CASE
    WHEN state IN ('reviewed', 'cancelled', 'suppressed', 'failed', 'bounced') THEN updated_at
    WHEN state = 'sent' AND reminder_at IS NULL
      THEN GREATEST(sent_at, COALESCE(reminder_sent_at, sent_at)) + INTERVAL 60 DAY
    END) PERSISTENT,
  ADD COLUMN IF NOT EXISTS personal_data_purged_at DATETIME NULL,
  ADD KEY IF NOT EXISTS invitations_retention (personal_data_purged_at, ended_at))sql",
           R"sql(ALTER TABLE order_events
  ADD COLUMN IF NOT EXISTS personal_data_purged_at DATETIME NULL,
  ADD KEY IF NOT EXISTS order_events_retention (personal_data_purged_at, received_at))sql",
       }},
      {18,
       "Shoper App Store: connecting an installed shop (tokens, its Opinus shop, our webhook)",
       {
           // The auth code waits here only until it is exchanged; tokens are
           // secrets kept in clear, like shops' webhook secrets
           // (docs/appstore.md). Claims walk (connect_state, next_connect_at).
           R"sql(ALTER TABLE app_installations
  ADD COLUMN IF NOT EXISTS connect_state VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'none',
  ADD COLUMN IF NOT EXISTS connect_attempts INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS next_connect_at DATETIME NULL,
  ADD COLUMN IF NOT EXISTS connect_error VARCHAR(500) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS shop_id BIGINT NULL,
  ADD COLUMN IF NOT EXISTS webhook_id BIGINT NULL,
  ADD COLUMN IF NOT EXISTS auth_code VARCHAR(255) NULL,
  ADD COLUMN IF NOT EXISTS access_token VARCHAR(2048) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN IF NOT EXISTS refresh_token VARCHAR(2048) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN IF NOT EXISTS token_expires_at DATETIME NULL,
  ADD COLUMN IF NOT EXISTS token_scope VARCHAR(500) NOT NULL DEFAULT '',
  ADD KEY IF NOT EXISTS app_installations_connect (connect_state, next_connect_at))sql",
       }},
      {19,
       "Shoper App Store: shops connected before their tokens were refreshed are claimed for it",
       {
           // A day before expiry, as AppStoreConnectSettings::refresh_before
           // says; repeatable, since only rows without a time change.
           R"sql(UPDATE app_installations SET next_connect_at = token_expires_at - INTERVAL 1 DAY
  WHERE connect_state = 'connected' AND next_connect_at IS NULL
  AND token_expires_at IS NOT NULL)sql",
       }},
      {20,
       "order events keep their reason as data: a code and its parameters",
       {
           // Events from before keep only their English reason (reason_code
           // ''), which the pages show as it is. reason_value holds up to 80
           // bytes as received; masking its addresses may lengthen it.
           R"sql(ALTER TABLE order_events
  ADD COLUMN IF NOT EXISTS reason_code VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS reason_time DATETIME NULL,
  ADD COLUMN IF NOT EXISTS reason_status_id BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS reason_invitation_state VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS reason_field VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS reason_value VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS reason_cancel VARCHAR(24) CHARACTER SET ascii NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS stated_status_time DATETIME NULL)sql",
       }},
      {21,
       "people's own privacy requests from the public page, waiting for their mailed link",
       {
           // The address waits here only until the request is carried out
           // (then emptied) or forgotten with the row, a day after it was
           // made (kPrivacyRequestWindow); the hash counts requests per address.
           R"sql(CREATE TABLE IF NOT EXISTS privacy_requests (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash BINARY(32) NOT NULL,
  action VARCHAR(16) CHARACTER SET ascii NOT NULL,
  email VARCHAR(254) NOT NULL,
  email_hash BINARY(32) NOT NULL,
  client_address VARCHAR(100) NOT NULL,
  requested_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  confirmed_at DATETIME NULL,
  UNIQUE KEY privacy_requests_token (token_hash),
  KEY privacy_requests_email_hash (email_hash, requested_at),
  KEY privacy_requests_client (client_address, requested_at),
  KEY privacy_requests_email (email),
  KEY privacy_requests_requested (requested_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      {22,
       "the owner's dashboard: a shop's webhooks and opinions by time",
       {
           // Without these the dashboard's windows (the last 7 days of
           // webhooks, 12 weeks and 90 days of opinions) walk the shop's whole
           // history; the opinions key covers the counts and sums it takes.
           R"sql(ALTER TABLE order_events
  ADD KEY IF NOT EXISTS order_events_shop_received (shop_id, received_at))sql",
           R"sql(ALTER TABLE opinions
  ADD KEY IF NOT EXISTS opinions_shop_created (shop_id, created_at, status, rating))sql",
       }},
      {23,
       "owners delete their account after a grace; what is left of a deleted account; bounce "
       "diagnostics follow retention",
       {
           // deletion_due_at is set while a deletion waits out its grace
           // (kAccountDeletionGrace); the sweep walks the key.
           R"sql(ALTER TABLE owners
  ADD COLUMN IF NOT EXISTS deletion_due_at DATETIME NULL,
  ADD KEY IF NOT EXISTS owners_deletion_due (deletion_due_at))sql",
           // Only counts and dates: nothing that names the owner or a shop.
           R"sql(CREATE TABLE IF NOT EXISTS deleted_accounts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  deleted_on DATE NOT NULL,
  shops INT NOT NULL,
  invitations INT NOT NULL,
  opinions INT NOT NULL
) ENGINE=InnoDB)sql",
           R"sql(ALTER TABLE mail_feedback
  ADD COLUMN IF NOT EXISTS personal_data_purged_at DATETIME NULL,
  ADD KEY IF NOT EXISTS mail_feedback_retention (personal_data_purged_at, received_at))sql",
       }},
      {24,
       "invitations keep the reason for their state as data: a code and its parameters",
       {
           // Rows from before keep only their English state_reason
           // (reason_code ''), which English pages show as it is.
           // reason_detail quotes a mail server or an operator, masked on
           // erasure as state_reason is.
           R"sql(ALTER TABLE invitations
  ADD COLUMN IF NOT EXISTS reason_code VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS reason_time DATETIME NULL,
  ADD COLUMN IF NOT EXISTS reason_status_id BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS reason_count INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS reason_limit INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS reason_all_shops TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS reason_reminder TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS reason_source VARCHAR(32) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS reason_detail VARCHAR(500) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS reason_handover_at DATETIME NULL)sql",
       }},
      {25,
       "owners' backfills of past orders read from Shoper's REST API",
       {
           // running_shop_id is the shop while the backfill runs, else NULL:
           // unique, so a shop has one running backfill whichever core starts
           // it. Claims walk (state, next_attempt_at).
           R"sql(CREATE TABLE IF NOT EXISTS order_backfills (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  running_shop_id BIGINT NULL,
  days INT NOT NULL,
  since_local VARCHAR(19) CHARACTER SET ascii NOT NULL,
  status_ids VARCHAR(1000) CHARACTER SET ascii NOT NULL,
  state VARCHAR(16) CHARACTER SET ascii NOT NULL,
  next_page INT NOT NULL,
  pages INT NOT NULL,
  expected BIGINT NOT NULL,
  scheduled_count BIGINT NOT NULL,
  duplicate_count BIGINT NOT NULL,
  other_count BIGINT NOT NULL,
  attempts INT NOT NULL,
  last_error VARCHAR(500) NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  next_attempt_at DATETIME NOT NULL,
  UNIQUE KEY order_backfills_running (running_shop_id),
  KEY order_backfills_due (state, next_attempt_at),
  KEY order_backfills_shop (shop_id, id),
  CONSTRAINT order_backfills_shop FOREIGN KEY (shop_id) REFERENCES shops (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      {26,
       "Shoper App Store: a rotated key's webhook URL updated in the shop",
       {
           // A rotation counts up webhook_rotations and makes the update due
           // (webhook_update_at, also its claim's lease); done, it stores the
           // count it sent, so a rotation meanwhile stays due.
           R"sql(ALTER TABLE app_installations
  ADD COLUMN IF NOT EXISTS webhook_rotations BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS webhook_rotations_sent BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS webhook_update_at DATETIME NULL,
  ADD COLUMN IF NOT EXISTS webhook_update_attempts INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS webhook_update_error VARCHAR(500) NOT NULL DEFAULT '',
  ADD KEY IF NOT EXISTS app_installations_webhook_update (webhook_update_at))sql",
       }},
      {27,
       "Shoper App Store: the admin page's one-time links that attach a shop to an owner",
       {
           // One link per installation, replaced by the next the page gives;
           // only the token's SHA-256 is kept. No foreign key to shops: an
           // owner's deletion removes their shops, and a used link may stay.
           R"sql(CREATE TABLE IF NOT EXISTS app_claim_links (
  installation_id BIGINT NOT NULL PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  token_hash BINARY(32) NOT NULL,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  used_at DATETIME NULL,
  used_by_owner_id BIGINT NULL,
  UNIQUE KEY app_claim_links_token (token_hash),
  CONSTRAINT app_claim_links_installation FOREIGN KEY (installation_id)
    REFERENCES app_installations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci)sql",
       }},
      {28,
       "The parcel trigger: an invitation scheduled when the order's parcel is sent",
       {
           R"sql(ALTER TABLE shops
  ADD COLUMN IF NOT EXISTS trigger_parcel_dispatch INT NOT NULL DEFAULT 0)sql",
           // Until its parcel is sent, an order keeps its buyer (only then:
           // the invitation takes them, and an erasure clears them, by the
           // key); a parcel sent first keeps its send date for the buyer.
           R"sql(ALTER TABLE orders
  ADD COLUMN IF NOT EXISTS waiting_customer_email VARCHAR(254) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS waiting_customer_first_name VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS waiting_customer_last_name VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS parcel_send_time DATETIME NULL,
  ADD KEY IF NOT EXISTS orders_waiting_customer (waiting_customer_email))sql",
       }},
      {29,
       "order events say whether a webhook delivered them or the core fetched them (backfills)",
       {
           // Backfilled before this: logged as deliveries, and left so (they
           // cannot be told apart).
           R"sql(ALTER TABLE order_events
  ADD COLUMN IF NOT EXISTS source VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'webhook')sql",
       }},
  };
  return *migrations;
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(SessionPool& pool, const AddressHasher& addresses) {
  return pool.Run([&addresses](soci::session& sql) -> absl::StatusOr<int> {
    sql << R"sql(CREATE TABLE IF NOT EXISTS schema_migrations (
  version INT NOT NULL PRIMARY KEY,
  description VARCHAR(200) NOT NULL,
  applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB)sql";
    int applied = 0;
    for (const Migration& migration : AllMigrations()) {
      int present = 0;
      sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v",
          soci::use(migration.version, "v"), soci::into(present);
      if (present > 0) continue;
      // MariaDB commits DDL implicitly, so each statement must be safe to
      // repeat should the server stop half way.
      for (const char* statement : migration.statements) sql << statement;
      if (migration.rewrite != nullptr) migration.rewrite(sql, addresses);
      for (const char* statement : migration.after) sql << statement;
      const std::string description = migration.description;
      sql << "INSERT IGNORE INTO schema_migrations (version, description) VALUES (:v, :d)",
          soci::use(migration.version, "v"), soci::use(description, "d");
      Log(LogLevel::kInfo, "schema_migrated", {{"version", absl::StrCat(migration.version)}});
      ++applied;
    }
    return applied;
  });
}

}  // namespace opinus::server
