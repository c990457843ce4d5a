#include "gateway/panel/panel_views.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/invitation_state_name.h"
#include "client/outcome_name.h"
#include "common/text_template.h"
#include "common/time_zone_name.h"
#include "gateway/http/page_language.h"
#include "gateway/panel/dashboard_page.h"
#include "gateway/panel/panel_messages.h"
#include "gateway/panel/reason_words.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;
using ::opinus::client::InvitationStateName;

// Hidden returns the hidden CSRF field of every form.
std::string CsrfField(absl::string_view csrf) {
  return absl::StrCat("<input type=\"hidden\" name=\"csrf\" value=\"", HtmlEscape(csrf), "\">");
}

// PostButton returns a form of one button that POSTs to `action`.
std::string PostButton(absl::string_view action, absl::string_view csrf, absl::string_view label,
                       absl::string_view css_class) {
  return absl::StrCat("<form method=\"post\" action=\"", HtmlEscape(action), "\" class=\"inline\">",
                      CsrfField(csrf), "<button type=\"submit\" class=\"", css_class, "\">",
                      HtmlEscape(label), "</button></form>");
}

constexpr v1::InvitationState kStates[] = {
    v1::INVITATION_STATE_SCHEDULED,  v1::INVITATION_STATE_SENDING,   v1::INVITATION_STATE_SENT,
    v1::INVITATION_STATE_REVIEWED,   v1::INVITATION_STATE_CANCELLED, v1::INVITATION_STATE_FAILED,
    v1::INVITATION_STATE_SUPPRESSED, v1::INVITATION_STATE_BOUNCED};

}  // namespace

PageTimeZone PanelTimeZone(absl::string_view name) {
  if (std::optional<absl::TimeZone> zone = LoadNamedTimeZone(name)) {
    return {*zone, std::string(name)};
  }
  if (std::optional<absl::TimeZone> zone = LoadNamedTimeZone(kDefaultPanelTimeZone)) {
    return {*zone, kDefaultPanelTimeZone};
  }
  return {absl::UTCTimeZone(), "UTC"};
}

std::string FormatDateTime(const google::protobuf::Timestamp& time, absl::string_view language,
                           const absl::TimeZone& zone) {
  if (time.seconds() == 0 && time.nanos() == 0) return "\xE2\x80\x94";
  return absl::FormatTime(MessagesFor(language).date_time_format,
                          absl::FromUnixSeconds(time.seconds()), zone);
}

std::string FormatTimeLeft(const google::protobuf::Timestamp& until, absl::Time now,
                           absl::string_view language) {
  const int64_t minutes = absl::ToInt64Minutes(absl::FromUnixSeconds(until.seconds()) - now);
  if (minutes < 1) return MessagesFor(language).less_than_a_minute;
  return absl::StrCat(minutes / 60, MessagesFor(language).hours, minutes % 60, " min");
}

std::string InvitationStateLabel(v1::InvitationState state, absl::string_view language) {
  switch (state) {
    case v1::INVITATION_STATE_SCHEDULED:
      return MessagesFor(language).state_scheduled;
    case v1::INVITATION_STATE_CANCELLED:
      return MessagesFor(language).state_cancelled;
    case v1::INVITATION_STATE_SENT:
      return MessagesFor(language).state_sent;
    case v1::INVITATION_STATE_SENDING:
      return MessagesFor(language).state_sending;
    case v1::INVITATION_STATE_FAILED:
      return MessagesFor(language).state_failed;
    case v1::INVITATION_STATE_SUPPRESSED:
      return MessagesFor(language).state_suppressed;
    case v1::INVITATION_STATE_REVIEWED:
      return MessagesFor(language).state_reviewed;
    case v1::INVITATION_STATE_BOUNCED:
      return MessagesFor(language).state_bounced;
    default:
      return "?";
  }
}

std::string OutcomeLabel(v1::OrderEventOutcome outcome, absl::string_view language) {
  switch (outcome) {
    case v1::ORDER_EVENT_OUTCOME_SCHEDULED:
      return MessagesFor(language).outcome_scheduled;
    case v1::ORDER_EVENT_OUTCOME_DUPLICATE:
      return MessagesFor(language).outcome_duplicate;
    case v1::ORDER_EVENT_OUTCOME_IGNORED:
      return MessagesFor(language).outcome_ignored;
    case v1::ORDER_EVENT_OUTCOME_CANCELLED:
      return MessagesFor(language).outcome_cancelled;
    case v1::ORDER_EVENT_OUTCOME_REJECTED:
      return MessagesFor(language).outcome_rejected;
    default:
      return "?";
  }
}

std::string KeyUsedLabel(v1::WebhookKeyUsed key, absl::string_view language) {
  switch (key) {
    case v1::WEBHOOK_KEY_USED_CURRENT:
      return MessagesFor(language).key_current;
    case v1::WEBHOOK_KEY_USED_PREVIOUS:
      return MessagesFor(language).key_previous;
    default:
      return "?";
  }
}

std::string ShopState(const v1::Shop& shop, const v1::ShopDashboard& dashboard,
                      absl::string_view language) {
  const PanelMessages& messages = MessagesFor(language);
  if (!shop.has_approve_time()) return messages.shop_awaiting_approval;
  if (!shop.settings().sending_enabled()) return messages.shop_sending_off;
  if (WebhooksSilent(dashboard, shop)) return messages.shop_webhooks_silent;
  return messages.shop_working;
}

std::string ShopRows(const google::protobuf::RepeatedPtrField<v1::Shop>& shops,
                     const std::map<int64_t, v1::ShopDashboard>& dashboards,
                     absl::string_view language) {
  std::string html;
  for (const v1::Shop& shop : shops) {
    std::string state = "\xE2\x80\x94";
    std::string last_webhook = "\xE2\x80\x94";
    if (auto it = dashboards.find(shop.id()); it != dashboards.end()) {
      state = ShopState(shop, it->second, language);
      if (it->second.has_last_webhook_time()) {
        const PageTimeZone zone = PanelTimeZone(shop.settings().time_zone());
        last_webhook =
            absl::StrCat(FormatDateTime(it->second.last_webhook_time(), language, zone.zone), " (",
                         zone.name, ")");
      }
    }
    absl::StrAppend(&html, "<tr><td><a href=\"/panel/shops/", shop.id(), "/dashboard\">",
                    HtmlEscape(shop.name()), "</a></td><td>", HtmlEscape(shop.domain()),
                    "</td><td class=\"shop-state\">", HtmlEscape(state),
                    "</td><td class=\"last-webhook\">", HtmlEscape(last_webhook), "</td></tr>\n");
  }
  return html;
}

std::string DeliveryRows(const google::protobuf::RepeatedPtrField<v1::OrderEventRecord>& events,
                         const std::map<int64_t, google::protobuf::Timestamp>& send_times,
                         absl::string_view language, const absl::TimeZone& zone) {
  std::string html;
  for (const v1::OrderEventRecord& event : events) {
    const absl::string_view outcome = opinus::client::OutcomeName(event.outcome());
    const v1::OrderEventReason& reason = event.structured_reason();
    // One planned time: the invitation's own, which the dispatcher may have
    // moved since (sending hours, retries), else the one it was due at.
    std::string planned = "\xE2\x80\x94";
    if (auto it = send_times.find(event.invitation_id());
        event.invitation_id() != 0 && it != send_times.end()) {
      planned = FormatDateTime(it->second, language, zone);
    } else if (reason.code() == v1::ORDER_EVENT_REASON_INVITATION_DUE) {
      planned = FormatDateTime(reason.time(), language, zone);
    }
    // What follows the outcome's label: ": " and the reason's words.
    std::string why;
    std::string legacy_title;
    if (reason.code() == v1::ORDER_EVENT_REASON_UNSPECIFIED) {
      // Logged before reasons had codes: only the core's English words,
      // which an English page shows and a Polish one keeps as a tooltip.
      if (PageLanguage(language) == "en" && !event.reason().empty()) {
        why = absl::StrCat(": ", event.reason());
      } else if (!event.reason().empty()) {
        legacy_title = absl::StrCat(" title=\"", HtmlEscape(event.reason()), "\" lang=\"en\"");
      }
    } else if (reason.code() == v1::ORDER_EVENT_REASON_INVITATION_DUE) {
      // The due time is the planned column's; only a note on the date stays.
      why = StatedStatusTimeWords(reason, language, zone);
    } else if (std::string words = EventReasonWords(reason, language, zone); !words.empty()) {
      why = absl::StrCat(": ", words);
    }
    // An order a backfill read is no delivery, and came with no key.
    const bool fetched = event.source() == v1::ORDER_EVENT_SOURCE_FETCHED;
    absl::StrAppend(&html, "<tr class=\"delivery\" data-outcome=\"", HtmlEscape(outcome),
                    "\" data-reason=\"", v1::OrderEventReasonCode_Name(reason.code()), "\"><td>",
                    FormatDateTime(event.receive_time(), language, zone), "</td><td>",
                    HtmlEscape(event.event_name()), "</td><td>", HtmlEscape(event.order_id()),
                    "</td><td class=\"outcome outcome-", HtmlEscape(outcome), "\"", legacy_title,
                    ">", HtmlEscape(OutcomeLabel(event.outcome(), language)), HtmlEscape(why),
                    "</td><td class=\"key-used\" data-key=\"",
                    fetched ? "fetched" : opinus::client::KeyUsedName(event.key_used()), "\">",
                    fetched ? MessagesFor(language).fetched_from_shoper
                            : KeyUsedLabel(event.key_used(), language),
                    "</td><td class=\"planned\">", planned, "</td></tr>\n");
  }
  return html;
}

std::string InvitationRows(const google::protobuf::RepeatedPtrField<v1::Invitation>& invitations,
                           int64_t shop_id, absl::string_view csrf, absl::string_view language,
                           const absl::TimeZone& zone) {
  std::string html;
  for (const v1::Invitation& invitation : invitations) {
    const std::string base =
        absl::StrCat("/panel/shops/", shop_id, "/invitations/", invitation.id());
    std::string action;
    if (invitation.state() == v1::INVITATION_STATE_SCHEDULED) {
      action = PostButton(absl::StrCat(base, "/cancel"), csrf, MessagesFor(language).cancel,
                          "secondary");
    } else if (invitation.state() == v1::INVITATION_STATE_FAILED ||
               invitation.state() == v1::INVITATION_STATE_CANCELLED) {
      action = PostButton(absl::StrCat(base, "/resend"), csrf, MessagesFor(language).send_again,
                          "secondary");
    }
    const v1::InvitationReason& reason = invitation.structured_state_reason();
    // What follows the state's label: ": " and the reason's words; the
    // words quoted as they came (a mail server's answer, a note) go in the
    // tooltip.
    std::string why;
    std::string title;
    if (reason.code() == v1::INVITATION_REASON_UNSPECIFIED) {
      // Written before reasons had codes: only the core's English words,
      // which an English page shows and a Polish one keeps as a tooltip.
      if (PageLanguage(language) == "en" && !invitation.state_reason().empty()) {
        why = absl::StrCat(": ", invitation.state_reason());
      } else if (!invitation.state_reason().empty()) {
        title = absl::StrCat(" title=\"", HtmlEscape(invitation.state_reason()), "\" lang=\"en\"");
      }
    } else if (std::string words = InvitationReasonWords(reason, language, zone); !words.empty()) {
      why = absl::StrCat(": ", words);
      if (std::string quoted = QuotedDetail(reason); !quoted.empty()) {
        title = absl::StrCat(" title=\"", HtmlEscape(quoted), "\"");
      }
    }
    absl::StrAppend(&html, "<tr data-state=\"", InvitationStateName(invitation.state()),
                    "\" data-reason=\"", v1::InvitationReasonCode_Name(reason.code()), "\"><td>",
                    HtmlEscape(invitation.order_id()), "</td><td>",
                    HtmlEscape(invitation.customer_email()), "</td><td class=\"state\"", title, ">",
                    HtmlEscape(InvitationStateLabel(invitation.state(), language)), HtmlEscape(why),
                    "</td><td>", FormatDateTime(invitation.send_time(), language, zone),
                    "</td><td>", action, "</td></tr>\n");
  }
  return html;
}

std::string StateOptions(absl::string_view selected, absl::string_view language) {
  std::string html = absl::StrCat("<option value=\"\"", selected.empty() ? " selected" : "", ">",
                                  MessagesFor(language).all_states, "</option>");
  for (const v1::InvitationState state : kStates) {
    const absl::string_view name = InvitationStateName(state);
    absl::StrAppend(&html, "<option value=\"", name, "\"", name == selected ? " selected" : "", ">",
                    HtmlEscape(InvitationStateLabel(state, language)), "</option>");
  }
  return html;
}

std::string OpinionItems(const google::protobuf::RepeatedPtrField<v1::Opinion>& opinions,
                         int64_t shop_id, absl::string_view csrf, absl::string_view language,
                         const absl::TimeZone& zone) {
  std::string html;
  for (const v1::Opinion& opinion : opinions) {
    std::string stars;
    for (int i = 1; i <= 5; ++i) stars += i <= opinion.rating() ? "\xE2\x98\x85" : "\xE2\x98\x86";
    absl::StrAppend(&html, "<article class=\"opinion\" id=\"opinion-", opinion.id(),
                    "\"><p><span class=\"stars\">", stars, "</span> <strong>",
                    HtmlEscape(opinion.display_name()), "</strong> <span class=\"muted\">",
                    MessagesFor(language).order, HtmlEscape(opinion.order_id()), ", ",
                    FormatDateTime(opinion.create_time(), language, zone),
                    "</span></p><p class=\"comment\">", HtmlEscape(opinion.comment()),
                    "</p><form method=\"post\" action=\"/panel/shops/", shop_id, "/opinions/",
                    opinion.id(), "/reply\">", CsrfField(csrf), "<label for=\"reply-", opinion.id(),
                    "\">", MessagesFor(language).your_reply, "</label><textarea id=\"reply-",
                    opinion.id(), "\" name=\"reply\" rows=\"3\" maxlength=\"5000\">",
                    HtmlEscape(opinion.reply()), "</textarea><button type=\"submit\">",
                    MessagesFor(language).save_reply, "</button></form></article>\n");
  }
  return html;
}

std::string TokenRows(const google::protobuf::RepeatedPtrField<v1::AccessToken>& tokens,
                      absl::string_view csrf, absl::string_view language,
                      const absl::TimeZone& zone) {
  std::string html;
  for (const v1::AccessToken& token : tokens) {
    absl::StrAppend(&html, "<tr><td>", HtmlEscape(token.name()), "</td><td>",
                    FormatDateTime(token.create_time(), language, zone), "</td><td>",
                    FormatDateTime(token.expire_time(), language, zone), "</td><td>",
                    FormatDateTime(token.last_use_time(), language, zone), "</td><td>",
                    PostButton(absl::StrCat("/panel/tokens/", token.id(), "/revoke"), csrf,
                               MessagesFor(language).revoke, "secondary"),
                    "</td></tr>\n");
  }
  return html;
}

std::string FieldError(absl::string_view field, absl::string_view message) {
  if (message.empty()) return "";
  return absl::StrCat("<p class=\"error\" id=\"", HtmlEscape(field), "-error\" role=\"alert\">",
                      HtmlEscape(message), "</p>");
}

}  // namespace opinus::gateway
