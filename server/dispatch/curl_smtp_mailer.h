// CurlSmtpMailer: a Mailer speaking SMTP (or SMTPS) through libcurl.
#ifndef OPINUS_SERVER_DISPATCH_CURL_SMTP_MAILER_H_
#define OPINUS_SERVER_DISPATCH_CURL_SMTP_MAILER_H_

#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/dispatch/mailer.h"

namespace opinus::server {

struct CurlSmtpOptions {
  // e.g. "smtp://127.0.0.1:2525", "smtps://mail.example:465".
  std::string url;
  // Both empty: no authentication.
  std::string user;
  std::string password;
  absl::Duration connect_timeout = absl::Seconds(5);
  // For one whole message, connection included.
  absl::Duration timeout = absl::Seconds(30);
};

// CurlSmtpMailer keeps one libcurl handle, so consecutive messages reuse the
// SMTP connection. Thread-safe: one message at a time goes through it.
class CurlSmtpMailer final : public Mailer {
 public:
  explicit CurlSmtpMailer(CurlSmtpOptions options);
  ~CurlSmtpMailer() override;
  CurlSmtpMailer(const CurlSmtpMailer&) = delete;
  CurlSmtpMailer& operator=(const CurlSmtpMailer&) = delete;

  absl::Status Send(const MailMessage& message) override;

 private:
  const CurlSmtpOptions options_;
  absl::Mutex mutex_;
  void* curl_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_CURL_SMTP_MAILER_H_
