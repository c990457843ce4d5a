// Mailer: the one way Opinus hands an e-mail to the outside world.
#ifndef OPINUS_SERVER_DISPATCH_MAILER_H_
#define OPINUS_SERVER_DISPATCH_MAILER_H_

#include "absl/status/status.h"
#include "server/dispatch/mail_message.h"

namespace opinus::server {

// Mailer sends e-mails. Implementations are thread-safe.
class Mailer {
 public:
  virtual ~Mailer() = default;

  // Send hands `message` to the mail server. OK once the server accepted it;
  // UNAVAILABLE for a failure that may pass later (no connection, timeout, a
  // 4xx reply); FAILED_PRECONDITION when the server refused this message for
  // good (a 5xx reply). The message holds the server's reply when there was one.
  [[nodiscard]] virtual absl::Status Send(const MailMessage& message) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_MAILER_H_
