// PanelMessages: the one catalogue per language of the texts the owners'
// panel builds in code (titles, notices, errors, labels); its pages' other
// texts are in the panel_<name>_<language>.html templates.
#ifndef OPINUS_GATEWAY_PANEL_PANEL_MESSAGES_H_
#define OPINUS_GATEWAY_PANEL_PANEL_MESSAGES_H_

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// PanelMessages holds every such text in one language. Immutable; the
// catalogues live for the whole program.
struct PanelMessages {
  // Page titles.
  const char* sign_up_title;
  const char* log_in_title;
  const char* log_out_title;
  const char* tokens_title;
  const char* account_title;
  const char* account_deleted_title;
  const char* shops_title;
  const char* invitations_title;
  const char* opinions_title;
  const char* dashboard_title;
  // A shop's state on the shops list.
  const char* shop_awaiting_approval;
  const char* shop_sending_off;
  const char* shop_webhooks_silent;
  const char* shop_working;
  const char* not_found_title;
  const char* form_expired_title;
  const char* too_many_title;
  const char* not_done_title;
  const char* email_confirmed_title;
  const char* confirm_link_unknown_title;
  // What went wrong, next to a form's field.
  const char* email_taken;
  const char* password_length;
  const char* email_invalid;
  const char* wrong_credentials;
  const char* wrong_password;
  const char* not_saved;
  // The new-shop form's fields; a request the core refused.
  const char* shop_name_invalid;
  const char* shop_domain_invalid;
  const char* request_refused;
  // A cancel or a resend the invitation's state no longer allows.
  const char* cannot_cancel;
  const char* cannot_resend;
  // Notices after a change.
  const char* secret_set;
  const char* secret_not_set;
  const char* settings_saved;
  const char* key_rotated;
  const char* key_grace_ended;
  const char* invitation_cancelled;
  const char* invitation_resent;
  const char* reply_saved;
  const char* confirmation_sent;
  const char* confirmation_not_sent;
  const char* deletion_cancelled;
  // Parts of lists and tables.
  const char* date_time_format;
  const char* less_than_a_minute;
  const char* hours;
  const char* all_states;
  const char* order;
  const char* your_reply;
  const char* save_reply;
  const char* cancel;
  const char* send_again;
  const char* revoke;
  // InvitationState, OrderEventOutcome and WebhookKeyUsed, as owners read them.
  const char* state_scheduled;
  const char* state_cancelled;
  const char* state_sent;
  const char* state_sending;
  const char* state_failed;
  const char* state_suppressed;
  const char* state_reviewed;
  const char* state_bounced;
  const char* outcome_scheduled;
  const char* outcome_duplicate;
  const char* outcome_ignored;
  const char* outcome_cancelled;
  const char* outcome_rejected;
  const char* key_current;
  const char* key_previous;
  // In the key's place for an order the core read from Shoper (a backfill).
  const char* fetched_from_shoper;
  // The App Store app's page in Shoper's admin panel: its title, the
  // connection's state (ShopConnection), and a refused signature.
  const char* app_title;
  const char* app_connected;
  const char* app_pending;
  const char* app_failed;
  const char* app_disconnected;
  const char* app_not_connected;
  const char* app_refused;
  // The claim link's page and why it cannot attach the shop (ClaimLinkState).
  const char* claim_title;
  const char* claim_unknown;
  const char* claim_used;
  const char* claim_expired;
  const char* claim_owned;
};

// MessagesFor returns the catalogue of `language`: English for "en", else
// Polish (PageLanguage).
const PanelMessages& MessagesFor(absl::string_view language);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_PANEL_MESSAGES_H_
