// ComposeInvitationMail: the e-mails of one invitation (the invitation and
// its reminder), from the templates, as a pure function of their inputs.
#ifndef OPINUS_SERVER_DISPATCH_MAIL_COMPOSER_H_
#define OPINUS_SERVER_DISPATCH_MAIL_COMPOSER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/dispatch/mail_message.h"
#include "server/domain/model.h"

namespace opinus::server {

// MailConfig is what every invitation of this server shares.
struct MailConfig {
  // The From address, e.g. "zaproszenia@opinus.example"; its domain also
  // ends every Message-ID.
  std::string mail_from;
  // The base of every link, e.g. "https://opinus.example" (no trailing slash needed).
  std::string public_url;
};

// ValidateMailConfig returns INVALID_ARGUMENT naming the bad flag: mail_from
// must be an address, public_url an http(s) URL, neither with control characters.
[[nodiscard]] absl::Status ValidateMailConfig(const MailConfig& config);

// InvitationMessageId returns the Message-ID of the invitation's e-mail of
// `kind`, the same for every attempt, so receivers can drop a duplicate:
// "<opinus.invitation-ID.SHOP.CREATED@domain-of-mail_from>", "reminder"
// in place of "invitation" for the reminder.
std::string InvitationMessageId(const Invitation& invitation, MailKind kind,
                                absl::string_view mail_from);

// BounceAddress returns the envelope sender of the e-mail whose links carry
// `token` (VERP): "bounces+<BounceId(token)>@<domain of mail_from>".
std::string BounceAddress(const MailConfig& config, absl::string_view token);

// OpinionUrl and UnsubscribeUrl return the links of a token;
// EmailConfirmationUrl the link that confirms an owner's e-mail;
// PrivacyRequestUrl the link that confirms a person's privacy request.
std::string OpinionUrl(const MailConfig& config, absl::string_view token);
std::string UnsubscribeUrl(const MailConfig& config, absl::string_view token);
std::string EmailConfirmationUrl(const MailConfig& config, absl::string_view token);
std::string PrivacyRequestUrl(const MailConfig& config, absl::string_view token);

// ComposeInvitationMail returns the e-mail of `kind` inviting (or reminding)
// the invitation's customer to review `shop`: multipart/alternative (text and HTML, UTF-8, base64),
// in the shop's language (Polish unless "en"), From the shop's sender name (its name when empty) at
// config.mail_from, a Subject naming the shop, List-Unsubscribe with One-Click (RFC 8058), and
// links carrying `token`. Every header value is stripped of control characters, so nothing from a
// webhook can add a header. INVALID_ARGUMENT when the customer's address is
// not one (a permanent failure); INTERNAL when a template is broken.
[[nodiscard]] absl::StatusOr<MailMessage> ComposeInvitationMail(
    const MailConfig& config, const Shop& shop, const Invitation& invitation, MailKind kind,
    absl::string_view token, absl::Time now);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_MAIL_COMPOSER_H_
