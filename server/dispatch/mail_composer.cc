#include "server/dispatch/mail_composer.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "common/text_template.h"
#include "server/dispatch/mime.h"
#include "server/dispatch/templates.h"
#include "server/domain/bounce_address.h"
#include "server/domain/opinion.h"
#include "server/domain/token.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

absl::string_view BaseUrl(const MailConfig& config) {
  return absl::StripSuffix(config.public_url, "/");
}

// Template returns the embedded file `<kind>_<language>.<part>`.
absl::StatusOr<absl::string_view> Template(MailKind kind, absl::string_view language,
                                           absl::string_view part) {
  const std::string name = absl::StrCat(MailKindName(kind), "_", language, ".", part);
  absl::string_view text = EmbeddedFile(name);
  if (text.empty()) return absl::InternalError(absl::StrCat("no template ", name));
  return text;
}

// StarLinks returns five links to the opinion form, the Nth with rating N
// chosen, each named for screen readers in `language`.
std::string StarLinks(absl::string_view opinion_url, absl::string_view language) {
  static constexpr const char* kPolishNames[] = {"1 gwiazdka", "2 gwiazdki", "3 gwiazdki",
                                                 "4 gwiazdki", "5 gwiazdek"};
  std::string html;
  for (int stars = 1; stars <= 5; ++stars) {
    const std::string name = language == kLanguageEnglish
                                 ? absl::StrCat(stars, stars == 1 ? " star" : " stars")
                                 : std::string(kPolishNames[stars - 1]);
    absl::StrAppend(&html, "<a href=\"", HtmlEscape(opinion_url), "?rating=", stars, "\" title=\"",
                    name, "\" aria-label=\"", name,
                    "\" style=\"color: #f5a623; text-decoration: none;\">\xE2\x98\x85</a>");
  }
  return html;
}

}  // namespace

absl::Status ValidateMailConfig(const MailConfig& config) {
  if (!IsPlausibleEmail(config.mail_from)) {
    return absl::InvalidArgumentError("--mail_from: an e-mail address, e.g. opinie@opinus.example");
  }
  if (HasControlCharacters(config.public_url) ||
      config.public_url.find_first_of(" \"<>") != std::string::npos ||
      !(absl::StartsWith(config.public_url, "https://") ||
        absl::StartsWith(config.public_url, "http://"))) {
    return absl::InvalidArgumentError("--public_url: an http(s) URL, e.g. https://opinus.example");
  }
  return absl::OkStatus();
}

std::string InvitationMessageId(const Invitation& invitation, MailKind kind,
                                absl::string_view mail_from) {
  return absl::StrCat("<opinus.", MailKindName(kind), "-", invitation.id, ".", invitation.shop_id,
                      ".", absl::ToUnixSeconds(invitation.create_time), "@",
                      AddressDomain(mail_from), ">");
}

std::string BounceAddress(const MailConfig& config, absl::string_view token) {
  return absl::StrCat(kBounceLocalPart, "+", BounceId(token), "@", AddressDomain(config.mail_from));
}

std::string OpinionUrl(const MailConfig& config, absl::string_view token) {
  return absl::StrCat(BaseUrl(config), "/o/", token);
}

std::string UnsubscribeUrl(const MailConfig& config, absl::string_view token) {
  return absl::StrCat(BaseUrl(config), "/u/", token);
}

std::string EmailConfirmationUrl(const MailConfig& config, absl::string_view token) {
  return absl::StrCat(BaseUrl(config), "/panel/confirm/", token);
}

std::string PrivacyRequestUrl(const MailConfig& config, absl::string_view token) {
  return absl::StrCat(BaseUrl(config), "/prywatnosc/", token);
}

absl::StatusOr<MailMessage> ComposeInvitationMail(const MailConfig& config, const Shop& shop,
                                                  const Invitation& invitation, MailKind kind,
                                                  absl::string_view token, absl::Time now) {
  // Checked again here, not only at intake: this address goes into RCPT TO
  // and a header, where a CR or LF would be an injection.
  if (!IsPlausibleEmail(invitation.customer_email)) {
    return absl::InvalidArgumentError("customer_email: not a deliverable address");
  }
  const std::string language =
      shop.settings.language == kLanguageEnglish ? kLanguageEnglish : kLanguagePolish;
  const std::string shop_name = SanitizeHeaderText(shop.name);
  const std::string sender_name =
      SanitizeHeaderText(shop.settings.sender_name.empty() ? shop.name : shop.settings.sender_name);
  const std::string first_name = SanitizeHeaderText(invitation.customer_first_name);

  std::map<std::string, std::string> values = {
      {"shop_name", shop_name},
      // English only: a Polish greeting takes the vocative ("Łucjo"), which a
      // first name alone does not tell, so the Polish mails greet without it.
      {"greeting_name", first_name.empty() ? "" : absl::StrCat(" ", first_name)},
      {"link_days", absl::StrCat(kOpinionLinkValidity / absl::Hours(24))},
      {"edit_days", absl::StrCat(kOpinionEditWindow / absl::Hours(24))},
      {"opinion_url", OpinionUrl(config, token)},
      {"unsubscribe_url", UnsubscribeUrl(config, token)},
  };
  values["star_links"] = StarLinks(values["opinion_url"], language);
  OPINUS_ASSIGN_OR_RETURN(absl::string_view subject_template, Template(kind, language, "subject"));
  OPINUS_ASSIGN_OR_RETURN(std::string subject,
                          RenderTemplate(subject_template, values, /*html=*/false));
  subject = SanitizeHeaderText(subject);
  values["subject"] = subject;
  OPINUS_ASSIGN_OR_RETURN(absl::string_view text_template, Template(kind, language, "txt"));
  OPINUS_ASSIGN_OR_RETURN(absl::string_view html_template, Template(kind, language, "html"));
  OPINUS_ASSIGN_OR_RETURN(const std::string text,
                          RenderTemplate(text_template, values, /*html=*/false));
  OPINUS_ASSIGN_OR_RETURN(const std::string html,
                          RenderTemplate(html_template, values, /*html=*/true));

  MailMessage mail;
  mail.envelope_from = BounceAddress(config, token);
  mail.envelope_to = invitation.customer_email;
  mail.message_id = InvitationMessageId(invitation, kind, config.mail_from);
  // "=_" never occurs in base64, so the boundary cannot appear in a body;
  // derived from the token so that it differs per message yet is reproducible.
  const std::string boundary =
      absl::StrCat("=_opinus_", absl::BytesToHexString(Sha256(token)).substr(0, 24));
  const std::string unsubscribe_url = UnsubscribeUrl(config, token);

  std::string& data = mail.data;
  absl::StrAppend(&data, "From: ", EncodeHeaderWords(sender_name), " <", config.mail_from, ">\r\n");
  absl::StrAppend(&data, "To: <", invitation.customer_email, ">\r\n");
  absl::StrAppend(&data, "Subject: ", EncodeHeaderWords(subject), "\r\n");
  absl::StrAppend(&data, "Date: ", FormatMailDate(now), "\r\n");
  absl::StrAppend(&data, "Message-ID: ", mail.message_id, "\r\n");
  absl::StrAppend(&data, "MIME-Version: 1.0\r\n");
  absl::StrAppend(&data, "Content-Language: ", language, "\r\n");
  absl::StrAppend(&data, "List-Unsubscribe: <", unsubscribe_url, ">\r\n");
  absl::StrAppend(&data, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
  // RFC 2919: one list per shop, so receivers' filters and complaints tell shops apart.
  absl::StrAppend(&data, "List-Id: ", EncodeHeaderWords(shop_name), " <shop-", shop.id,
                  ".invitations.", AddressDomain(config.mail_from), ">\r\n");
  // Gmail's feedback loop counts complaints per field: campaign (the kind of
  // mail), customer (the shop), mail type, sender.
  absl::StrAppend(&data, "Feedback-ID: ", MailKindName(kind), ":shop-", shop.id,
                  ":invitation:opinus\r\n");
  // RFC 3834: automatic mail; auto-responders should not answer it.
  absl::StrAppend(&data, "Auto-Submitted: auto-generated\r\n");
  absl::StrAppend(&data, "Content-Type: multipart/alternative; boundary=\"", boundary, "\"\r\n");
  absl::StrAppend(&data, "\r\n");
  for (const auto& [type, body] :
       {std::pair<const char*, const std::string*>{"text/plain", &text}, {"text/html", &html}}) {
    absl::StrAppend(&data, "--", boundary, "\r\n");
    absl::StrAppend(&data, "Content-Type: ", type, "; charset=UTF-8\r\n");
    absl::StrAppend(&data, "Content-Transfer-Encoding: base64\r\n\r\n");
    absl::StrAppend(&data, Base64Body(ToCrlf(*body)));
  }
  absl::StrAppend(&data, "--", boundary, "--\r\n");
  return mail;
}

}  // namespace opinus::server
