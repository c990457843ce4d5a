// The parts of the owner's panel pages that are rendered from lists (shops,
// webhook deliveries, invitations, opinions, tokens), and the words for
// states and outcomes. Pure functions: every text from users, shops or the
// core is HTML-escaped here.
#ifndef OPINUS_GATEWAY_PANEL_PANEL_VIEWS_H_
#define OPINUS_GATEWAY_PANEL_PANEL_VIEWS_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"
#include "opinus/v1/account.pb.h"
#include "opinus/v1/invitation.pb.h"
#include "opinus/v1/opinion.pb.h"
#include "opinus/v1/order_event.pb.h"
#include "opinus/v1/shop.pb.h"

namespace opinus::gateway {

// FormatDateTime returns `time` in UTC as people of `language` write it:
// "11.05.2024 07:12" in Polish, "2024-05-11 07:12" in English; "—" when unset.
std::string FormatDateTime(const google::protobuf::Timestamp& time, absl::string_view language);

// FormatTimeLeft returns how long from `now` until `until`, as people of
// `language` read it: "23 godz. 5 min" in Polish, "23 h 5 min" in English,
// whole minutes rounded down; "mniej niż minuta" ("less than a minute") under one.
std::string FormatTimeLeft(const google::protobuf::Timestamp& until, absl::Time now,
                           absl::string_view language);

// InvitationStateLabel, OutcomeLabel and KeyUsedLabel return the word people read.
std::string InvitationStateLabel(opinus::v1::InvitationState state, absl::string_view language);
std::string OutcomeLabel(opinus::v1::OrderEventOutcome outcome, absl::string_view language);
std::string KeyUsedLabel(opinus::v1::WebhookKeyUsed key, absl::string_view language);

// ShopRows returns the table rows of the owner's shops, linking each to its page.
std::string ShopRows(const google::protobuf::RepeatedPtrField<opinus::v1::Shop>& shops);

// DeliveryRows returns the rows of the webhook deliveries `events`: time,
// event, order, outcome (with its reason), the key the delivery came with
// and, for an event with an invitation among `send_times` (invitation id ->
// planned send time), when the invitation is planned to leave.
std::string DeliveryRows(
    const google::protobuf::RepeatedPtrField<opinus::v1::OrderEventRecord>& events,
    const std::map<int64_t, google::protobuf::Timestamp>& send_times, absl::string_view language);

// InvitationRows returns the rows of `invitations` of shop `shop_id`, each
// with the cancel or resend button its state allows, in forms carrying `csrf`.
std::string InvitationRows(
    const google::protobuf::RepeatedPtrField<opinus::v1::Invitation>& invitations, int64_t shop_id,
    absl::string_view csrf, absl::string_view language);

// StateOptions returns the <option>s of the invitation state filter,
// `selected` chosen ("" for all).
std::string StateOptions(absl::string_view selected, absl::string_view language);

// OpinionItems returns the opinions of shop `shop_id`, each with its reply form.
std::string OpinionItems(const google::protobuf::RepeatedPtrField<opinus::v1::Opinion>& opinions,
                         int64_t shop_id, absl::string_view csrf, absl::string_view language);

// TokenRows returns the rows of the owner's personal access tokens, each
// with a revoke button.
std::string TokenRows(const google::protobuf::RepeatedPtrField<opinus::v1::AccessToken>& tokens,
                      absl::string_view csrf, absl::string_view language);

// FieldError returns the message shown next to a form field ("" when
// `message` is empty), with the id that the field's aria-describedby names.
std::string FieldError(absl::string_view field, absl::string_view message);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_PANEL_VIEWS_H_
