// The one translation of SOCI and MariaDB errors into absl::Status.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_SOCI_ERRORS_H_
#define OPINUS_SERVER_STORAGE_MYSQL_SOCI_ERRORS_H_

#include <exception>
#include <string>

#include "absl/status/status.h"

namespace opinus::server {

// SociErrorToStatus maps an exception thrown by SOCI: a lost or refused
// connection ("database unavailable") or a write conflict, a lock wait
// timeout or a deadlock ("database write conflict") → UNAVAILABLE (a retry
// may succeed); a duplicate key → ALREADY_EXISTS; anything else → INTERNAL.
// The message keeps the database's text (SociErrorMessage), for logs only.
absl::Status SociErrorToStatus(const std::exception& error);

// SociErrorMessage returns the database's text of `error` without the
// statement and the values bound to it, which SOCI's what() carries and which
// may be secrets or customers' data.
std::string SociErrorMessage(const std::exception& error);

// IsConnectionLost returns whether `error` means the session's connection is
// gone, so the session must reconnect before its next use.
bool IsConnectionLost(const std::exception& error);

// IsLockNotGranted returns whether `error` is a lock wait timeout, as a
// NOWAIT read fails at once on a row another transaction holds. Only the
// statement is rolled back: the transaction goes on.
bool IsLockNotGranted(const std::exception& error);

// IsTransientConflict returns whether `error` is a deadlock or lock wait
// timeout, after which the whole transaction may simply run again.
bool IsTransientConflict(const std::exception& error);

// IsMissingParent returns whether `error` is a foreign key naming a row that
// is not there (a shop deleted meanwhile, say).
bool IsMissingParent(const std::exception& error);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_SOCI_ERRORS_H_
