#include "server/dispatch/account_mail.h"

#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/text_template.h"
#include "server/dispatch/mime.h"
#include "server/dispatch/templates.h"
#include "server/domain/digest.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

absl::StatusOr<absl::string_view> Template(absl::string_view name) {
  absl::string_view text = EmbeddedFile(name);
  if (text.empty()) return absl::InternalError(absl::StrCat("no template ", name));
  return text;
}

}  // namespace

absl::StatusOr<MailMessage> ComposeEmailConfirmation(const MailConfig& config, const Owner& owner,
                                                     absl::string_view token, absl::Time now) {
  // Checked again here: the address goes into RCPT TO and a header.
  if (!IsPlausibleEmail(owner.email)) {
    return absl::InvalidArgumentError("email: not a deliverable address");
  }
  const std::map<std::string, std::string> values = {
      {"confirm_url", EmailConfirmationUrl(config, token)},
      {"link_days", absl::StrCat(kEmailConfirmationLifetime / absl::Hours(24))},
  };
  OPINUS_ASSIGN_OR_RETURN(absl::string_view subject, Template("email_confirmation.subject"));
  OPINUS_ASSIGN_OR_RETURN(absl::string_view text_template, Template("email_confirmation.txt"));
  OPINUS_ASSIGN_OR_RETURN(const std::string text,
                          RenderTemplate(text_template, values, /*html=*/false));
  MailMessage mail;
  mail.envelope_from = config.mail_from;
  mail.envelope_to = owner.email;
  // Unique per link, and telling nothing of the token.
  mail.message_id = absl::StrCat("<opinus.confirm-", owner.id, ".",
                                 absl::BytesToHexString(Sha256(token)).substr(0, 16), "@",
                                 AddressDomain(config.mail_from), ">");
  std::string& data = mail.data;
  absl::StrAppend(&data, "From: Opinus <", config.mail_from, ">\r\n");
  absl::StrAppend(&data, "To: <", owner.email, ">\r\n");
  absl::StrAppend(&data, "Subject: ", EncodeHeaderWords(subject), "\r\n");
  absl::StrAppend(&data, "Date: ", FormatMailDate(now), "\r\n");
  absl::StrAppend(&data, "Message-ID: ", mail.message_id, "\r\n");
  absl::StrAppend(&data, "MIME-Version: 1.0\r\n");
  absl::StrAppend(&data, "Auto-Submitted: auto-generated\r\n");
  absl::StrAppend(&data, "Content-Type: text/plain; charset=UTF-8\r\n");
  absl::StrAppend(&data, "Content-Transfer-Encoding: base64\r\n\r\n");
  absl::StrAppend(&data, Base64Body(ToCrlf(text)));
  return mail;
}

absl::Status SmtpAccountMailer::SendEmailConfirmation(const Owner& owner, absl::string_view token) {
  OPINUS_ASSIGN_OR_RETURN(const MailMessage mail,
                          ComposeEmailConfirmation(config_, owner, token, clock_->Now()));
  return mailer_->Send(mail);
}

}  // namespace opinus::server
