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

// PageTimeZone is the zone an owner's page writes its times in, and its name,
// which the page shows once.
struct PageTimeZone {
  absl::TimeZone zone;
  std::string name;
};

// The zone of shops that name none, and of the pages of no shop (tokens).
inline constexpr char kDefaultPanelTimeZone[] = "Europe/Warsaw";

// PanelTimeZone returns the zone `name` (a shop's setting, which the core
// checked against the IANA list) when it is a zone name the system knows,
// else kDefaultPanelTimeZone (UTC on a system without tzdata).
PageTimeZone PanelTimeZone(absl::string_view name);

// FormatDateTime returns `time` in `zone` as people of `language` write it:
// "11.05.2024 09:12" in Polish, "2024-05-11 09:12" in English; "—" when unset.
std::string FormatDateTime(const google::protobuf::Timestamp& time, absl::string_view language,
                           const absl::TimeZone& zone);

// FormatTimeLeft returns how long from `now` until `until`, as people of
// `language` read it: "23 godz. 5 min" in Polish, "23 h 5 min" in English,
// whole minutes rounded down; "mniej niż minuta" ("less than a minute") under one.
std::string FormatTimeLeft(const google::protobuf::Timestamp& until, absl::Time now,
                           absl::string_view language);

// InvitationStateLabel, OutcomeLabel and KeyUsedLabel return the word people read.
std::string InvitationStateLabel(opinus::v1::InvitationState state, absl::string_view language);
std::string OutcomeLabel(opinus::v1::OrderEventOutcome outcome, absl::string_view language);
std::string KeyUsedLabel(opinus::v1::WebhookKeyUsed key, absl::string_view language);

// ShopRows returns the table rows of the owner's shops, linking each to its
// first tab, with its state and its last webhook's time in its own zone (named
// beside it, as shops may differ) from `dashboards` (shop id -> dashboard;
// "—" for a shop without one).
std::string ShopRows(const google::protobuf::RepeatedPtrField<opinus::v1::Shop>& shops,
                     const std::map<int64_t, opinus::v1::ShopDashboard>& dashboards,
                     absl::string_view language);

// DeliveryRows returns the rows of the webhook deliveries `events`: time in `zone`,
// event, order, outcome (with its reason in `language`; an event logged
// before reasons had codes keeps its English words for English pages and as
// a tooltip), the key the delivery came with and when the invitation is
// planned to leave: its time in `send_times` (invitation id -> planned send
// time), else, for a scheduled event, the time it was due at.
std::string DeliveryRows(
    const google::protobuf::RepeatedPtrField<opinus::v1::OrderEventRecord>& events,
    const std::map<int64_t, google::protobuf::Timestamp>& send_times, absl::string_view language,
    const absl::TimeZone& zone);

// InvitationRows returns the rows of `invitations` of shop `shop_id` (times
// in `zone`), each with the cancel or resend button its state allows, in
// forms carrying `csrf`.
std::string InvitationRows(
    const google::protobuf::RepeatedPtrField<opinus::v1::Invitation>& invitations, int64_t shop_id,
    absl::string_view csrf, absl::string_view language, const absl::TimeZone& zone);

// StateOptions returns the <option>s of the invitation state filter,
// `selected` chosen ("" for all).
std::string StateOptions(absl::string_view selected, absl::string_view language);

// OpinionItems returns the opinions of shop `shop_id` (times in `zone`),
// each with its reply form.
std::string OpinionItems(const google::protobuf::RepeatedPtrField<opinus::v1::Opinion>& opinions,
                         int64_t shop_id, absl::string_view csrf, absl::string_view language,
                         const absl::TimeZone& zone);

// TokenRows returns the rows of the owner's personal access tokens (times in
// `zone`), each with a revoke button.
std::string TokenRows(const google::protobuf::RepeatedPtrField<opinus::v1::AccessToken>& tokens,
                      absl::string_view csrf, absl::string_view language,
                      const absl::TimeZone& zone);

// FieldError returns the message shown next to a form field ("" when
// `message` is empty), with the id that the field's aria-describedby names.
std::string FieldError(absl::string_view field, absl::string_view message);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_PANEL_VIEWS_H_
