// The e-mails of a person's own privacy request: the link that confirms it,
// and the export of their data as an attached JSON file.
#ifndef OPINUS_SERVER_DISPATCH_PRIVACY_MAIL_H_
#define OPINUS_SERVER_DISPATCH_PRIVACY_MAIL_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/dispatch/mail_composer.h"
#include "server/dispatch/mail_message.h"
#include "server/dispatch/mailer.h"
#include "server/domain/clock.h"
#include "server/domain/privacy_mailer.h"
#include "server/domain/token.h"

namespace opinus::server {

// The name of the export's attached file.
inline constexpr char kPersonalDataFileName[] = "opinus-dane.json";

// ComposePrivacyRequestMail returns the mail asking `email` to confirm its
// request for `action` through the link carrying `token`: plain text in
// Polish and English, From Opinus at config.mail_from. INVALID_ARGUMENT when
// `email` is not an address.
[[nodiscard]] absl::StatusOr<MailMessage> ComposePrivacyRequestMail(const MailConfig& config,
                                                                    absl::string_view email,
                                                                    PrivacyAction action,
                                                                    absl::string_view token,
                                                                    absl::Time now);

// ComposePersonalDataMail returns the mail handing `email` its data, `json`,
// as the attached file kPersonalDataFileName (multipart/mixed); `unique` (a
// fresh random token) makes its Message-ID and boundary. INVALID_ARGUMENT
// when `email` is not an address.
[[nodiscard]] absl::StatusOr<MailMessage> ComposePersonalDataMail(const MailConfig& config,
                                                                  absl::string_view email,
                                                                  absl::string_view json,
                                                                  absl::string_view unique,
                                                                  absl::Time now);

// SmtpPrivacyMailer composes privacy requests' mails and hands them to a
// Mailer. Owns neither the mailer nor the clock. Thread-safe.
class SmtpPrivacyMailer final : public PrivacyMailer {
 public:
  SmtpPrivacyMailer(MailConfig config, Mailer* mailer, const Clock* clock)
      : config_(std::move(config)), mailer_(mailer), clock_(clock) {}

  absl::Status SendRequestConfirmation(absl::string_view email, PrivacyAction action,
                                       absl::string_view token) override;
  absl::Status SendExport(absl::string_view email, absl::string_view json) override;

 private:
  const MailConfig config_;
  Mailer* mailer_;
  const Clock* clock_;
  RandomTokenGenerator unique_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_PRIVACY_MAIL_H_
