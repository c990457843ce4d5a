// The e-mails of an owner's account: the link that confirms their address.
#ifndef OPINUS_SERVER_DISPATCH_ACCOUNT_MAIL_H_
#define OPINUS_SERVER_DISPATCH_ACCOUNT_MAIL_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/dispatch/mail_composer.h"
#include "server/dispatch/mail_message.h"
#include "server/dispatch/mailer.h"
#include "server/domain/account_mailer.h"
#include "server/domain/clock.h"

namespace opinus::server {

// ComposeEmailConfirmation returns the mail that asks `owner` to open the
// link carrying `token`: plain text in Polish and English, From Opinus at
// config.mail_from. INVALID_ARGUMENT when the owner's address is not one.
[[nodiscard]] absl::StatusOr<MailMessage> ComposeEmailConfirmation(const MailConfig& config,
                                                                   const Owner& owner,
                                                                   absl::string_view token,
                                                                   absl::Time now);

// SmtpAccountMailer composes an owner's mails and hands them to a Mailer.
// Owns neither the mailer nor the clock. Thread-safe.
class SmtpAccountMailer final : public AccountMailer {
 public:
  SmtpAccountMailer(MailConfig config, Mailer* mailer, const Clock* clock)
      : config_(std::move(config)), mailer_(mailer), clock_(clock) {}

  absl::Status SendEmailConfirmation(const Owner& owner, absl::string_view token) override;

 private:
  const MailConfig config_;
  Mailer* mailer_;
  const Clock* clock_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_ACCOUNT_MAIL_H_
