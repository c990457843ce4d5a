// A person's own request under RODO (GDPR), made on the public page and
// proven by a link mailed to their address: its kinds, lifetime and limits.
#ifndef OPINUS_SERVER_DOMAIN_PRIVACY_REQUEST_H_
#define OPINUS_SERVER_DOMAIN_PRIVACY_REQUEST_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace opinus::server {

enum class PrivacyAction { kErase, kExport };

// A request's link works this long after it was mailed, and once.
inline constexpr absl::Duration kPrivacyRequestLifetime = absl::Hours(24);
// Requests allowed per address, and per client address, within
// kPrivacyRequestWindow; a request is forgotten (its row deleted) once it
// has left the window and its link has expired.
inline constexpr int kMaxPrivacyRequestsPerAddress = 3;
inline constexpr int kMaxPrivacyRequestsPerClient = 10;
inline constexpr absl::Duration kPrivacyRequestWindow = absl::Hours(24);

// PrivacyRequest is a request waiting for, or past, its confirmation.
struct PrivacyRequest {
  int64_t id = 0;
  PrivacyAction action = PrivacyAction::kErase;
  // Normalised (NormalizeEmail); emptied once the request was carried out.
  std::string email;
  absl::Time request_time;
  absl::Time expire_time;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_PRIVACY_REQUEST_H_
