// CurlSmtpMailer: a Mailer speaking SMTP (or SMTPS) through libcurl.
#ifndef OPINUS_SERVER_DISPATCH_CURL_SMTP_MAILER_H_
#define OPINUS_SERVER_DISPATCH_CURL_SMTP_MAILER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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
  // The most SMTP connections open at once; a message waits for a free one.
  int connections = 1;
  // On smtp://, STARTTLS must succeed before anything else is sent (see
  // SmtpNeedsStartTls); smtps:// speaks TLS from the start.
  bool require_starttls = false;
};

// SmtpNeedsStartTls returns whether mail to `url` must upgrade to TLS: with
// a `user` on smtp://, the password and every customer's address would
// otherwise cross the network in clear. `allow_plain` lets them go in clear
// to a mail server on loopback only; INVALID_ARGUMENT for any other host.
absl::StatusOr<bool> SmtpNeedsStartTls(absl::string_view url, absl::string_view user,
                                       bool allow_plain);

// CurlSmtpMailer keeps a pool of libcurl handles, each with its own SMTP
// connection that later messages reuse; a handle is made only when every one
// made so far is busy, up to `connections`. Thread-safe: as many messages as
// connections go through it at once.
class CurlSmtpMailer final : public Mailer {
 public:
  explicit CurlSmtpMailer(CurlSmtpOptions options);
  ~CurlSmtpMailer() override;
  CurlSmtpMailer(const CurlSmtpMailer&) = delete;
  CurlSmtpMailer& operator=(const CurlSmtpMailer&) = delete;

  absl::Status Send(const MailMessage& message) override;

 private:
  // Acquire returns an idle handle, or a new one while fewer than
  // `connections` exist, else waits for one; nullptr if libcurl cannot make one.
  void* Acquire();
  void Release(void* curl);
  // SendOn sends `message` on `curl`, a handle no other thread uses meanwhile.
  absl::Status SendOn(void* curl, const MailMessage& message) const;

  const CurlSmtpOptions options_;
  absl::Mutex mutex_;
  std::vector<void*> idle_ ABSL_GUARDED_BY(mutex_);
  // Handles made and not yet cleaned up, idle or in use.
  int made_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_CURL_SMTP_MAILER_H_
