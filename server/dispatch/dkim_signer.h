// DkimSigner: DKIM signatures (RFC 6376) for the mails the core sends, so
// that receivers can tell they come from the mail domain, through
// libopendkim.
#ifndef OPINUS_SERVER_DISPATCH_DKIM_SIGNER_H_
#define OPINUS_SERVER_DISPATCH_DKIM_SIGNER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/dispatch/mail_message.h"
#include "server/dispatch/mailer.h"

namespace opinus::server {

// The headers every signature covers, in this order: a receiver then knows
// that none of them, the one-click unsubscribe among them, was changed.
inline constexpr const char* kDkimSignedHeaders[] = {"From",
                                                     "To",
                                                     "Subject",
                                                     "Date",
                                                     "Message-ID",
                                                     "MIME-Version",
                                                     "Content-Type",
                                                     "List-Unsubscribe",
                                                     "List-Unsubscribe-Post",
                                                     "List-Id",
                                                     "Feedback-ID"};

// DkimSigner signs with RSA-SHA256 and relaxed/relaxed canonicalization for
// `domain` (d=) and `selector` (s=). Thread-safe: each signature has a handle
// of its own; the library's is shared and only read.
class DkimSigner {
 public:
  // Create takes the PEM private key (RSA, 2048 bits advised) and signs a
  // test message with it, so that a bad key stops the server at start:
  // INVALID_ARGUMENT naming what is wrong.
  static absl::StatusOr<std::unique_ptr<DkimSigner>> Create(std::string domain,
                                                            std::string selector,
                                                            std::string private_key_pem);
  ~DkimSigner();
  DkimSigner(const DkimSigner&) = delete;
  DkimSigner& operator=(const DkimSigner&) = delete;

  // Sign returns `message` with a DKIM-Signature header before its first
  // header; INVALID_ARGUMENT for a message without a blank line after its
  // headers, INTERNAL when the library fails.
  absl::StatusOr<MailMessage> Sign(const MailMessage& message) const;

 private:
  struct Library;
  DkimSigner(std::string domain, std::string selector, std::string key,
             std::unique_ptr<Library> library);

  std::string domain_;
  std::string selector_;
  std::string key_;
  std::unique_ptr<Library> library_;
};

// DkimSigningMailer signs each mail, then hands it to `next` (not owned).
class DkimSigningMailer final : public Mailer {
 public:
  DkimSigningMailer(const DkimSigner* signer, Mailer* next) : signer_(signer), next_(next) {}
  [[nodiscard]] absl::Status Send(const MailMessage& message) override;

 private:
  const DkimSigner* signer_;
  Mailer* next_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_DKIM_SIGNER_H_
