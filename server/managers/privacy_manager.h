// PrivacyManager: a customer's requests under RODO (GDPR), as an operator
// makes them: what is held about an address, and its erasure; and the
// retention sweep that purges what outlived its time and deletes owners'
// accounts whose grace ended.
#ifndef OPINUS_SERVER_MANAGERS_PRIVACY_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_PRIVACY_MANAGER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "server/domain/address_hasher.h"
#include "server/domain/clock.h"
#include "server/domain/privacy.h"
#include "server/storage/privacy_store.h"

namespace opinus::server {

// Retention: a buyer's data is purged `retention` after their invitation
// ended (an order event's, after it was received), `batch` invitations and
// `batch` events per transaction.
struct Retention {
  absl::Duration retention = absl::Hours(24 * kDefaultRetentionDays);
  int batch = 100;
};

// PrivacyManager validates addresses and hashes them with `addresses`; the
// store does the rest. Purged invitations are counted in `purged` (nullptr:
// not counted). It does not own its collaborators. Thread-safe.
class PrivacyManager {
 public:
  PrivacyManager(PrivacyStore* store, const AddressHasher* addresses, const Clock* clock,
                 Retention retention = {}, metrics::Counter* purged = nullptr)
      : store_(store),
        addresses_(addresses),
        clock_(clock),
        retention_(retention),
        purged_(purged) {}

  // Export returns everything held about `email` (see
  // PrivacyStore::FindPersonalData). INVALID_ARGUMENT for a malformed address.
  absl::StatusOr<PersonalData> Export(absl::string_view email);

  // Erase erases `email` everywhere (see PrivacyStore::ErasePersonalData)
  // and returns the record of it, whose reason is `reason` with addresses
  // masked. INVALID_ARGUMENT for a malformed address. Logs the erasure's id
  // and counts, never the address.
  absl::StatusOr<Erasure> Erase(absl::string_view email, absl::string_view reason);

  // Purge purges, batch after batch, every invitation that ended and every
  // order event and mail feedback report received `retention` or longer
  // before the clock's now (see PrivacyStore::PurgeEnded), then deletes each
  // owner's account whose deletion is due (PrivacyStore::DeleteDueOwner),
  // and returns how many of each; safe to run on several cores at once.
  // Logs the counts when any, never an address.
  absl::StatusOr<Purged> Purge();

 private:
  PrivacyStore* store_;
  const AddressHasher* addresses_;
  const Clock* clock_;
  const Retention retention_;
  metrics::Counter* purged_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_PRIVACY_MANAGER_H_
