// AppStoreStore: the App Store's callbacks and the installations they make.
#ifndef OPINUS_SERVER_STORAGE_APPSTORE_STORE_H_
#define OPINUS_SERVER_STORAGE_APPSTORE_STORE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/appstore.h"

namespace opinus::server {

// AppStoreStore keeps one installation per licence and a log of every
// callback. Implementations are thread-safe; every method may return
// UNAVAILABLE when the storage cannot be reached.
class AppStoreStore {
 public:
  virtual ~AppStoreStore() = default;

  // RecordCallback logs `callback`, received at `now`, and stores its
  // licence's installation as ApplyAppStoreCallback leaves it, in one
  // transaction (callbacks of one licence one after another); returns the
  // installation as stored. The auth code is not kept.
  [[nodiscard]] virtual absl::StatusOr<AppInstallation> RecordCallback(
      const AppStoreCallback& callback, absl::Time now) = 0;

  // ListInstallations returns every installation, the latest changed first.
  [[nodiscard]] virtual absl::StatusOr<std::vector<AppInstallation>> ListInstallations() = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_APPSTORE_STORE_H_
