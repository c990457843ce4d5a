#include "server/dispatch/privacy_mail.h"

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

// StartMail returns the envelope and the headers every privacy mail shares,
// up to its Content-Type; `unique` makes the Message-ID, telling nothing of
// a token.
absl::StatusOr<MailMessage> StartMail(const MailConfig& config, absl::string_view email,
                                      absl::string_view subject, absl::string_view unique,
                                      absl::Time now) {
  // Checked again here: the address goes into RCPT TO and a header.
  if (!IsPlausibleEmail(email)) return absl::InvalidArgumentError("email: not an address");
  MailMessage mail;
  mail.envelope_from = config.mail_from;
  mail.envelope_to = std::string(email);
  mail.message_id =
      absl::StrCat("<opinus.privacy.", absl::BytesToHexString(Sha256(unique)).substr(0, 24), "@",
                   AddressDomain(config.mail_from), ">");
  std::string& data = mail.data;
  absl::StrAppend(&data, "From: Opinus <", config.mail_from, ">\r\n");
  absl::StrAppend(&data, "To: <", email, ">\r\n");
  absl::StrAppend(&data, "Subject: ", EncodeHeaderWords(subject), "\r\n");
  absl::StrAppend(&data, "Date: ", FormatMailDate(now), "\r\n");
  absl::StrAppend(&data, "Message-ID: ", mail.message_id, "\r\n");
  absl::StrAppend(&data, "MIME-Version: 1.0\r\n");
  absl::StrAppend(&data, "Auto-Submitted: auto-generated\r\n");
  return mail;
}

}  // namespace

absl::StatusOr<MailMessage> ComposePrivacyRequestMail(const MailConfig& config,
                                                      absl::string_view email, PrivacyAction action,
                                                      absl::string_view token, absl::Time now) {
  const std::string kind = action == PrivacyAction::kExport ? "export" : "erase";
  const std::map<std::string, std::string> values = {
      {"confirm_url", PrivacyRequestUrl(config, token)},
      {"link_hours", absl::StrCat(kPrivacyRequestLifetime / absl::Hours(1))},
  };
  OPINUS_ASSIGN_OR_RETURN(absl::string_view subject,
                          Template(absl::StrCat("privacy_", kind, ".subject")));
  OPINUS_ASSIGN_OR_RETURN(absl::string_view text_template,
                          Template(absl::StrCat("privacy_", kind, ".txt")));
  OPINUS_ASSIGN_OR_RETURN(const std::string text,
                          RenderTemplate(text_template, values, /*html=*/false));
  OPINUS_ASSIGN_OR_RETURN(MailMessage mail, StartMail(config, email, subject, token, now));
  absl::StrAppend(&mail.data, "Content-Type: text/plain; charset=UTF-8\r\n");
  absl::StrAppend(&mail.data, "Content-Transfer-Encoding: base64\r\n\r\n");
  absl::StrAppend(&mail.data, Base64Body(ToCrlf(text)));
  return mail;
}

absl::StatusOr<MailMessage> ComposePersonalDataMail(const MailConfig& config,
                                                    absl::string_view email, absl::string_view json,
                                                    absl::string_view unique, absl::Time now) {
  OPINUS_ASSIGN_OR_RETURN(absl::string_view subject, Template("privacy_data.subject"));
  OPINUS_ASSIGN_OR_RETURN(absl::string_view text, Template("privacy_data.txt"));
  OPINUS_ASSIGN_OR_RETURN(MailMessage mail, StartMail(config, email, subject, unique, now));
  // "=_" never occurs in base64, so the boundary cannot appear in a part.
  const std::string boundary =
      absl::StrCat("=_opinus_", absl::BytesToHexString(Sha256(unique)).substr(24, 24));
  std::string& data = mail.data;
  absl::StrAppend(&data, "Content-Type: multipart/mixed; boundary=\"", boundary, "\"\r\n\r\n");
  absl::StrAppend(&data, "--", boundary, "\r\n");
  absl::StrAppend(&data, "Content-Type: text/plain; charset=UTF-8\r\n");
  absl::StrAppend(&data, "Content-Transfer-Encoding: base64\r\n\r\n");
  absl::StrAppend(&data, Base64Body(ToCrlf(text)));
  absl::StrAppend(&data, "--", boundary, "\r\n");
  absl::StrAppend(&data, "Content-Type: application/json; charset=UTF-8; name=\"",
                  kPersonalDataFileName, "\"\r\n");
  absl::StrAppend(&data, "Content-Disposition: attachment; filename=\"", kPersonalDataFileName,
                  "\"\r\n");
  absl::StrAppend(&data, "Content-Transfer-Encoding: base64\r\n\r\n");
  absl::StrAppend(&data, Base64Body(json));
  absl::StrAppend(&data, "--", boundary, "--\r\n");
  return mail;
}

absl::Status SmtpPrivacyMailer::SendRequestConfirmation(absl::string_view email,
                                                        PrivacyAction action,
                                                        absl::string_view token) {
  OPINUS_ASSIGN_OR_RETURN(const MailMessage mail,
                          ComposePrivacyRequestMail(config_, email, action, token, clock_->Now()));
  return mailer_->Send(mail);
}

absl::Status SmtpPrivacyMailer::SendExport(absl::string_view email, absl::string_view json) {
  OPINUS_ASSIGN_OR_RETURN(
      const MailMessage mail,
      ComposePersonalDataMail(config_, email, json, unique_.NewToken(), clock_->Now()));
  return mailer_->Send(mail);
}

}  // namespace opinus::server
