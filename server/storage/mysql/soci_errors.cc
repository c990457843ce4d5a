#include "server/storage/mysql/soci_errors.h"

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

#include "absl/strings/str_cat.h"

namespace opinus::server {
namespace {

// MariaDB client and server error numbers we act on.
constexpr unsigned kDuplicateKey = 1062;
constexpr unsigned kLockWaitTimeout = 1205;
constexpr unsigned kDeadlock = 1213;
// ER_NO_REFERENCED_ROW_2: a foreign key names a row that is not there.
constexpr unsigned kMissingParent = 1452;
constexpr unsigned kServerShutdown = 1053;
constexpr unsigned kConnectionError = 2002;
constexpr unsigned kConnectionHostError = 2003;
constexpr unsigned kServerGone = 2006;
constexpr unsigned kServerLost = 2013;
constexpr unsigned kServerLostExtended = 2055;
constexpr unsigned kConnectionKilled = 1927;

const soci::mysql_soci_error* AsMysqlError(const std::exception& error) {
  return dynamic_cast<const soci::mysql_soci_error*>(&error);
}

}  // namespace

bool IsConnectionLost(const std::exception& error) {
  const soci::mysql_soci_error* mysql = AsMysqlError(error);
  if (mysql == nullptr) {
    // SOCI reports a session it could not (re)open as a plain soci_error.
    const auto* soci = dynamic_cast<const soci::soci_error*>(&error);
    return soci != nullptr && soci->get_error_category() == soci::soci_error::connection_error;
  }
  switch (mysql->err_num_) {
    case kConnectionError:
    case kConnectionHostError:
    case kServerGone:
    case kServerLost:
    case kServerLostExtended:
    case kServerShutdown:
    case kConnectionKilled:
      return true;
    default:
      return false;
  }
}

bool IsLockNotGranted(const std::exception& error) {
  const auto* mysql = dynamic_cast<const soci::mysql_soci_error*>(&error);
  return mysql != nullptr && mysql->err_num_ == kLockWaitTimeout;
}

bool IsTransientConflict(const std::exception& error) {
  const soci::mysql_soci_error* mysql = AsMysqlError(error);
  return mysql != nullptr && (mysql->err_num_ == kDeadlock || mysql->err_num_ == kLockWaitTimeout);
}

bool IsMissingParent(const std::exception& error) {
  const soci::mysql_soci_error* mysql = AsMysqlError(error);
  return mysql != nullptr && mysql->err_num_ == kMissingParent;
}

std::string SociErrorMessage(const std::exception& error) {
  // A duplicate key's text quotes the value ("Duplicate entry 'secret' for
  // key 'x'"): only the key's name is kept.
  const soci::mysql_soci_error* mysql = AsMysqlError(error);
  if (mysql != nullptr && mysql->err_num_ == kDuplicateKey) {
    const std::string text = mysql->get_error_message();
    const size_t key = text.rfind(" for key ");
    return absl::StrCat("duplicate entry",
                        key == std::string::npos ? "" : absl::string_view(text).substr(key));
  }
  // what() of a soci_error adds the statement and every value bound to it
  // (keys, token hashes, e-mail addresses); get_error_message() does not.
  const auto* soci = dynamic_cast<const soci::soci_error*>(&error);
  return soci != nullptr ? soci->get_error_message() : std::string(error.what());
}

absl::Status SociErrorToStatus(const std::exception& error) {
  const std::string message = SociErrorMessage(error);
  if (IsTransientConflict(error)) {
    return absl::UnavailableError(absl::StrCat("database write conflict: ", message));
  }
  if (IsConnectionLost(error)) {
    return absl::UnavailableError(absl::StrCat("database unavailable: ", message));
  }
  const soci::mysql_soci_error* mysql = AsMysqlError(error);
  if (mysql != nullptr && mysql->err_num_ == kDuplicateKey) {
    return absl::AlreadyExistsError(message);
  }
  return absl::InternalError(absl::StrCat("database error: ", message));
}

}  // namespace opinus::server
