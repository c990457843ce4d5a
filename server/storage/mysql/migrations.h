// Versioned schema migrations, applied at server start.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MIGRATIONS_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MIGRATIONS_H_

#include "absl/status/statusor.h"
#include "server/domain/address_hasher.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// ApplyMigrations brings the schema to the newest version, applying in order
// each migration that schema_migrations does not list yet, and returns how
// many it applied (0 when the schema was current). Idempotent: every statement
// may run again, so two servers starting at once cannot break the schema.
// Addresses that a migration may no longer keep are hashed with `addresses`.
absl::StatusOr<int> ApplyMigrations(SessionPool& pool, const AddressHasher& addresses);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MIGRATIONS_H_
