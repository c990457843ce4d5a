// AccountMailer: the e-mails Opinus sends an owner about their account.
#ifndef OPINUS_SERVER_DOMAIN_ACCOUNT_MAILER_H_
#define OPINUS_SERVER_DOMAIN_ACCOUNT_MAILER_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/domain/account.h"

namespace opinus::server {

// AccountMailer sends owners their account's mails. Implementations are
// thread-safe.
class AccountMailer {
 public:
  virtual ~AccountMailer() = default;

  // SendEmailConfirmation mails `owner` the link that confirms their address,
  // carrying `token`. OK once the mail server accepted it.
  [[nodiscard]] virtual absl::Status SendEmailConfirmation(const Owner& owner,
                                                           absl::string_view token) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_ACCOUNT_MAILER_H_
