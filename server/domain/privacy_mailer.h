// PrivacyMailer: the e-mails of a person's own privacy request.
#ifndef OPINUS_SERVER_DOMAIN_PRIVACY_MAILER_H_
#define OPINUS_SERVER_DOMAIN_PRIVACY_MAILER_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/domain/privacy_request.h"

namespace opinus::server {

// PrivacyMailer sends the mails of privacy requests. Implementations are
// thread-safe.
class PrivacyMailer {
 public:
  virtual ~PrivacyMailer() = default;

  // SendRequestConfirmation mails `email` the link, carrying `token`, that
  // confirms its request for `action`. OK once the mail server accepted it.
  [[nodiscard]] virtual absl::Status SendRequestConfirmation(absl::string_view email,
                                                             PrivacyAction action,
                                                             absl::string_view token) = 0;

  // SendExport mails `email` what is held about it, `json`, as an attached
  // file. OK once the mail server accepted it.
  [[nodiscard]] virtual absl::Status SendExport(absl::string_view email,
                                                absl::string_view json) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_PRIVACY_MAILER_H_
