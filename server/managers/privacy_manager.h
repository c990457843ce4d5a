// PrivacyManager: a customer's requests under RODO (GDPR), as an operator
// makes them: what is held about an address, and its erasure.
#ifndef OPINUS_SERVER_MANAGERS_PRIVACY_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_PRIVACY_MANAGER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/address_hasher.h"
#include "server/domain/clock.h"
#include "server/domain/privacy.h"
#include "server/storage/privacy_store.h"

namespace opinus::server {

// PrivacyManager validates addresses and hashes them with `addresses`; the
// store does the rest. It does not own its collaborators. Thread-safe.
class PrivacyManager {
 public:
  PrivacyManager(PrivacyStore* store, const AddressHasher* addresses, const Clock* clock)
      : store_(store), addresses_(addresses), clock_(clock) {}

  // Export returns everything held about `email` (see
  // PrivacyStore::FindPersonalData). INVALID_ARGUMENT for a malformed address.
  absl::StatusOr<PersonalData> Export(absl::string_view email);

  // Erase erases `email` everywhere (see PrivacyStore::ErasePersonalData)
  // and returns the record of it, whose reason is `reason` with addresses
  // masked. INVALID_ARGUMENT for a malformed address. Logs the erasure's id
  // and counts, never the address.
  absl::StatusOr<Erasure> Erase(absl::string_view email, absl::string_view reason);

 private:
  PrivacyStore* store_;
  const AddressHasher* addresses_;
  const Clock* clock_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_PRIVACY_MANAGER_H_
