// MailMessage: one e-mail ready for SMTP, envelope and content.
#ifndef OPINUS_SERVER_DISPATCH_MAIL_MESSAGE_H_
#define OPINUS_SERVER_DISPATCH_MAIL_MESSAGE_H_

#include <string>

namespace opinus::server {

struct MailMessage {
  // Envelope sender and recipient (MAIL FROM, RCPT TO): bare addresses.
  std::string envelope_from;
  std::string envelope_to;
  // The Message-ID header's value, angle brackets included.
  std::string message_id;
  // The whole message, headers and body, lines ending in CRLF.
  std::string data;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_MAIL_MESSAGE_H_
