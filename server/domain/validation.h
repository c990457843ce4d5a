// Checks of the values that come from outside: e-mail addresses, names,
// local times, settings.
#ifndef OPINUS_SERVER_DOMAIN_VALIDATION_H_
#define OPINUS_SERVER_DOMAIN_VALIDATION_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// Column sizes the store keeps; longer values are rejected or shortened.
inline constexpr size_t kMaxOrderIdLength = 64;
inline constexpr size_t kMaxEmailLength = 254;
inline constexpr size_t kMaxNameLength = 100;
inline constexpr size_t kMaxLabelLength = 200;
inline constexpr int kMaxDelayDays = 90;
// A reminder, when on, follows the invitation after this many days.
inline constexpr int kMinReminderDays = 3;
inline constexpr int kMaxReminderDays = 30;
// Order dates outside these years are rejected.
inline constexpr int kMinOrderYear = 2000;
inline constexpr int kMaxOrderYear = 2199;

// IsPlausibleEmail returns whether `email` looks like a deliverable address:
// one @, a non-empty local part, a dotted domain, no spaces or control characters.
bool IsPlausibleEmail(absl::string_view email);

// NormalizeEmail returns `email` without surrounding whitespace and in lower
// case, the form suppression lists compare: a customer who unsubscribed as
// Jan@Example.pl must not be mailed as jan@example.pl.
std::string NormalizeEmail(absl::string_view email);

// HasControlCharacters returns whether `text` holds ASCII control characters
// (CR and LF included), which must never reach a mail header.
bool HasControlCharacters(absl::string_view text);

// TruncateUtf8 returns `text` cut to at most `max_bytes` bytes, never inside a
// UTF-8 sequence.
std::string TruncateUtf8(absl::string_view text, size_t max_bytes);

// StatusDateProblem returns why `text` is no status date, naming the field
// "status_date": not "YYYY-MM-DD HH:MM:SS" (or with a T), or a year outside
// kMinOrderYear..kMaxOrderYear; nullopt when it is one.
std::optional<EventReason> StatusDateProblem(absl::string_view text);

// ParseShopLocalTime converts "YYYY-MM-DD HH:MM:SS" (or with a T) in
// `time_zone` to an absolute time. INVALID_ARGUMENT when StatusDateProblem
// finds one, or the zone is unknown.
absl::StatusOr<absl::Time> ParseShopLocalTime(absl::string_view text, absl::string_view time_zone);

// ValidateShopSettings returns OK or INVALID_ARGUMENT naming the bad field.
[[nodiscard]] absl::Status ValidateShopSettings(const ShopSettings& settings);

// ValidateShopIdentity checks a new shop's name, domain and owner e-mail;
// INVALID_ARGUMENT names the bad field.
[[nodiscard]] absl::Status ValidateShopIdentity(absl::string_view name, absl::string_view domain,
                                                absl::string_view owner_email);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_VALIDATION_H_
