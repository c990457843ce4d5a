#include "server/domain/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "common/field_violation.h"
#include "server/domain/event_reason.h"
#include "server/domain/time_zones.h"

namespace opinus::server {
namespace {

// HasDateTimeShape returns whether `text` is exactly "YYYY-MM-DDTHH:MM:SS" in
// ASCII digits. absl::ParseCivilTime alone also takes a signed year
// ("+024-05-08T09:12:05"), which would date a status two millennia back and
// make its invitation due at once.
bool HasDateTimeShape(absl::string_view text) {
  constexpr absl::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() != kShape.size()) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const bool ok = kShape[i] == 'd' ? absl::ascii_isdigit(static_cast<unsigned char>(text[i]))
                                     : text[i] == kShape[i];
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool HasControlCharacters(absl::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

bool IsPlausibleEmail(absl::string_view email) {
  if (email.empty() || email.size() > kMaxEmailLength || HasControlCharacters(email)) return false;
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0 ||
      email.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  if (email.find(' ') != absl::string_view::npos) return false;
  const absl::string_view domain = email.substr(at + 1);
  const size_t dot = domain.rfind('.');
  return dot != absl::string_view::npos && dot > 0 && dot + 1 < domain.size() &&
         domain.front() != '.' && domain.front() != '-' &&
         domain.find("..") == absl::string_view::npos;
}

std::string TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to a sequence start.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

namespace {

// CivilStatusDate reads `text` as a civil time; false when it has not the
// shape or does not parse.
bool CivilStatusDate(absl::string_view text, absl::CivilSecond* civil) {
  const std::string normalized =
      absl::StrReplaceAll(absl::StripAsciiWhitespace(text), {{" ", "T"}});
  return HasDateTimeShape(normalized) && absl::ParseCivilTime(normalized, civil);
}

}  // namespace

std::optional<EventReason> StatusDateProblem(absl::string_view text) {
  absl::CivilSecond civil;
  if (!CivilStatusDate(text, &civil)) {
    return Rejected(EventReasonCode::kNotADateTime, "status_date", text);
  }
  // Orders from before Opinus or from the far future are data errors; such a
  // date would make an invitation due at once, or never.
  if (civil.year() < kMinOrderYear || civil.year() > kMaxOrderYear) {
    return Rejected(EventReasonCode::kYearOutOfRange, "status_date", text);
  }
  return std::nullopt;
}

absl::StatusOr<absl::Time> ParseShopLocalTime(absl::string_view text, absl::string_view time_zone) {
  absl::StatusOr<absl::TimeZone> zone = LoadShopTimeZone(time_zone);
  if (!zone.ok()) return zone.status();
  if (std::optional<EventReason> problem = StatusDateProblem(text)) {
    return absl::InvalidArgumentError(EventReasonText(*problem));
  }
  absl::CivilSecond civil;
  CivilStatusDate(text, &civil);
  return absl::FromCivil(civil, *zone);
}

std::string NormalizeEmail(absl::string_view email) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(email));
}

absl::Status ValidateShopSettings(const ShopSettings& settings) {
  if (settings.invitation_delay_days < 0 || settings.invitation_delay_days > kMaxDelayDays) {
    return InvalidFieldError("invitation_delay_days", absl::StrCat("must be 0 to ", kMaxDelayDays));
  }
  if (absl::StatusOr<absl::TimeZone> zone = LoadShopTimeZone(settings.time_zone); !zone.ok()) {
    return zone.status();
  }
  if (settings.trigger.status_ids.size() > 50) {
    return InvalidFieldError("trigger.status_ids", "at most 50");
  }
  for (int64_t id : settings.trigger.status_ids) {
    if (id <= 0) return InvalidFieldError("trigger.status_ids", "must be positive");
  }
  if (settings.trigger.status_ids.empty() &&
      settings.trigger.status_type == StatusType::kUnspecified) {
    return InvalidFieldError("trigger", "give status ids or a status type");
  }
  // The sender name goes into a mail header: control characters there could
  // add headers of their own.
  if (settings.sender_name.size() > kMaxNameLength || HasControlCharacters(settings.sender_name)) {
    return InvalidFieldError("sender_name", "at most 100 characters, no control characters");
  }
  if (settings.language != kLanguagePolish && settings.language != kLanguageEnglish) {
    return InvalidFieldError("language", "\"pl\" or \"en\"");
  }
  if (settings.webhook_secret.size() > kMaxLabelLength ||
      HasControlCharacters(settings.webhook_secret)) {
    return InvalidFieldError("webhook_secret", "at most 200 characters, no control characters");
  }
  if (settings.reminder_days != 0 &&
      (settings.reminder_days < kMinReminderDays || settings.reminder_days > kMaxReminderDays)) {
    return InvalidFieldError("reminder_days", absl::StrCat("0 (no reminder) or ", kMinReminderDays,
                                                           " to ", kMaxReminderDays));
  }
  const SendingHours& hours = settings.sending_hours;
  if (hours.start_hour < 0 || hours.start_hour > 23 || hours.end_hour < 1 || hours.end_hour > 24 ||
      hours.start_hour >= hours.end_hour) {
    return InvalidFieldError("sending_hours",
                             "start 0-23 before end 1-24, e.g. 8-20 (0-24: any time)");
  }
  return absl::OkStatus();
}

absl::Status ValidateShopIdentity(absl::string_view name, absl::string_view domain,
                                  absl::string_view owner_email) {
  if (absl::StripAsciiWhitespace(name).empty()) return InvalidFieldError("name", "missing");
  if (name.size() > kMaxLabelLength || HasControlCharacters(name)) {
    return InvalidFieldError("name", "at most 200 characters, no control characters");
  }
  if (domain.empty()) return InvalidFieldError("domain", "missing");
  if (domain.size() > 253 || domain.find('.') == absl::string_view::npos) {
    return InvalidFieldError("domain", "not a host name (e.g. sklep123456.shoparena.pl)");
  }
  for (char c : domain) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') {
      return InvalidFieldError("domain", "not a host name (e.g. sklep123456.shoparena.pl)");
    }
  }
  if (owner_email.empty()) return InvalidFieldError("owner_email", "missing");
  if (!IsPlausibleEmail(owner_email)) {
    return InvalidFieldError("owner_email", "not an e-mail address");
  }
  return absl::OkStatus();
}

}  // namespace opinus::server
