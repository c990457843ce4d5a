// The core's domain model: shops, their settings, order events and
// invitations, free of proto, gRPC and SQL.
#ifndef OPINUS_SERVER_DOMAIN_MODEL_H_
#define OPINUS_SERVER_DOMAIN_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/invitation_reason.h"

namespace opinus::server {

using ShopId = int64_t;
using OwnerId = int64_t;
using InvitationId = int64_t;
using EventId = int64_t;

// The meaning of a shop's order status (the shop platform's status type).
enum class StatusType {
  kUnspecified = 0,
  kNew = 1,
  kInProgress = 2,
  kClosed = 3,
  kNotRealised = 4
};

// TriggerRule selects what schedules an invitation: the statuses listed by
// id, or when there are none, any status of `status_type`; or, with
// `parcel_dispatch`, the order's parcel being sent, and no status.
struct TriggerRule {
  std::vector<int64_t> status_ids;
  StatusType status_type = StatusType::kClosed;
  bool parcel_dispatch = false;

  // Matches returns whether an order entering (status_id, type) triggers.
  bool Matches(int64_t status_id, StatusType type) const;
  bool operator==(const TriggerRule& other) const {
    return status_ids == other.status_ids && status_type == other.status_type &&
           parcel_dispatch == other.parcel_dispatch;
  }
};

// SendingHours is the daily window [start_hour, end_hour) in the shop's time
// zone when invitations may leave; {0, 24} means any time.
struct SendingHours {
  int start_hour = 8;
  int end_hour = 20;
  bool operator==(const SendingHours& other) const {
    return start_hour == other.start_hour && end_hour == other.end_hour;
  }
};

// The languages invitation e-mails are written in.
inline constexpr char kLanguagePolish[] = "pl";
inline constexpr char kLanguageEnglish[] = "en";

struct ShopSettings {
  int invitation_delay_days = 7;
  TriggerRule trigger;
  std::string time_zone = "Europe/Warsaw";
  bool sending_enabled = true;
  // Shown in the From of invitations; empty means the shop's name.
  std::string sender_name;
  // kLanguagePolish or kLanguageEnglish.
  std::string language = kLanguagePolish;
  SendingHours sending_hours;
  // The secret Shoper signs webhooks with ("Klucz"); empty: none, the URL key
  // alone authenticates.
  std::string webhook_secret;
  // Days after the invitation before one reminder goes, 0 for none (the
  // default); else kMinReminderDays to kMaxReminderDays.
  int reminder_days = 0;
};

// PreviousKey is a shop's key before its last rotation, still accepted until
// `valid_until` so that deliveries Shoper queued for the old URL arrive.
struct PreviousKey {
  std::string key;
  absl::Time valid_until;
};

struct Shop {
  ShopId id = 0;
  std::string name;
  std::string domain;
  // The name of the shop's public page, /sklep/<slug> (server/domain/shop_slug.h);
  // empty until one is given, and never changed after.
  std::string slug;
  std::string owner_email;
  std::string webhook_key;
  ShopSettings settings;
  absl::Time create_time;
  // The owner's account; 0 for a shop an operator created for nobody.
  OwnerId owner_id = 0;
  // When an operator approved the shop (an operator's own shops are approved
  // as they are made); unset: it sends at most the operator's daily cap.
  std::optional<absl::Time> approve_time;
  // Unset when no previous key is kept (see server/domain/webhook_keys.h).
  std::optional<PreviousKey> previous_key;
};

// kXmlBody: a delivery in XML, which the gateway refused; only its event
// name came, for the log to tell the owner to set the webhook's Format: JSON.
enum class EventKind {
  kStatusChanged,
  kCreated,
  kEdited,
  kPaid,
  kDeleted,
  kOther,
  kXmlBody,
  kParcelDispatched
};

enum class EventOutcome { kScheduled, kDuplicate, kIgnored, kCancelled, kRejected };

// EventOutcomeName returns "scheduled", "duplicate", "ignored", "cancelled" or
// "rejected"; EventOutcomeFromName reads them back.
const char* EventOutcomeName(EventOutcome outcome);
EventOutcome EventOutcomeFromName(absl::string_view name);

// Which of a shop's keys a delivery came with.
enum class KeyUsed { kCurrent, kPrevious };

// KeyUsedName returns "current" or "previous"; KeyUsedFromName reads them back.
const char* KeyUsedName(KeyUsed key);
KeyUsed KeyUsedFromName(absl::string_view name);

// Where a logged event came from: a webhook delivery, or the core's own read
// of the shop's API (a backfill of past orders), which is no delivery.
enum class EventSource { kWebhook, kFetched };

// EventSourceName returns "webhook" or "fetched"; EventSourceFromName reads
// them back.
const char* EventSourceName(EventSource source);
EventSource EventSourceFromName(absl::string_view name);

// WebhookSignature is what a delivery was signed with, and the signed bytes.
struct WebhookSignature {
  std::string webhook_id;
  std::string sha1_hex;
  std::string body;
};

// OrderEvent is one event about a shop's order, as the platform reported it.
struct OrderEvent {
  std::string event_name;
  EventKind kind = EventKind::kOther;
  std::string order_id;
  std::string customer_email;
  std::string customer_first_name;
  std::string customer_last_name;
  int64_t status_id = 0;
  StatusType status_type = StatusType::kUnspecified;
  std::string status_name;
  // Shop-local "YYYY-MM-DD HH:MM:SS" (or with a T).
  std::string status_local_time;
  // kParcelDispatched only (which carries no buyer nor status): the parcel's
  // id, its shop-local send date as status_local_time's, and whether the
  // platform marks it sent.
  std::string parcel_id;
  std::string parcel_send_local_time;
  bool parcel_sent = false;
  // Set when the gateway could not read the parcel: the member at fault and
  // what is wrong with it.
  std::string parcel_unreadable_field;
  std::string parcel_unreadable_problem;
};

// Where an invitation is in its life: scheduled -> sending -> sent, or back
// to scheduled for a retry, or failed; cancelled and suppressed end it unsent;
// reviewed: the customer gave an opinion through its link. Every change is
// one of invitation_transitions.h's table.
enum class InvitationState {
  kScheduled,
  kCancelled,
  kSent,
  kSending,
  kFailed,
  kSuppressed,
  kReviewed,
  kBounced
};

// InvitationStateName returns "scheduled", "cancelled", "sent", "sending",
// "failed", "suppressed", "reviewed" or "bounced", the names the store and the log use;
// InvitationStateFromName reads them back.
const char* InvitationStateName(InvitationState state);
InvitationState InvitationStateFromName(absl::string_view name);

// Why an order event had its outcome; each code names the EventReason
// fields it uses (the proto's OrderEventReasonCode says the same).
enum class EventReasonCode {
  // Logged before reasons had codes: only the English text is known.
  kUnspecified,
  // Scheduled: the invitation is due at `time`.
  kInvitationDue,
  // Duplicates: the order's last status again; the order has an invitation
  // already, in `invitation_state`.
  kStatusAlreadyReceived,
  kOrderHasInvitation,
  // Ignored: not an order event; the order was deleted before; older than
  // the last status seen (`status_id` at `time`); `status_id` is not a
  // trigger status; the shop's sending is off.
  kNotAnOrderEvent,
  kOrderWasDeleted,
  kOlderThanLastStatus,
  kNotATriggerStatus,
  kSendingOff,
  // Cancels, `cancel` saying what became of the invitation: the order
  // entered the not-realised `status_id`; the order was deleted.
  kOrderNotRealised,
  kOrderDeleted,
  // Rejections of `field`: empty; missing or unknown; too long; control
  // characters; not an e-mail address, not a date and time, a year out of
  // range (these three with the `value` received).
  kFieldEmpty,
  kFieldMissing,
  kFieldTooLong,
  kFieldControlCharacters,
  kNotAnEmailAddress,
  kNotADateTime,
  kYearOutOfRange,
  // Rejected: the delivery was XML; the webhook must send JSON.
  kXmlFormat,
  // Ignored, for a shop whose trigger is the parcel's dispatch: a status
  // (the buyer kept) waits for the parcel; a parcel sent at `time` waits for
  // the order's buyer.
  kAwaitingParcel,
  kAwaitingOrder,
};

// What an order's cancel did to its invitation (`time`: when it had left).
enum class CancelResult { kNone, kCancelled, kNothingToCancel, kTooLate, kReminderCancelled };

// EventReason is why an order event had its outcome, as data: the code and
// the parameters it names; the rest stay unset.
struct EventReason {
  EventReasonCode code = EventReasonCode::kUnspecified;
  std::optional<absl::Time> time;
  int64_t status_id = 0;
  std::optional<InvitationState> invitation_state;
  std::string field;
  std::string value;
  CancelResult cancel = CancelResult::kNone;
  // The status date the shop sent, when it was more than a day ahead of its
  // receipt and the receipt was taken instead (StatusTimeAsReceived).
  std::optional<absl::Time> stated_status_time;
};

// EventRecord is one entry of the event log: an event and what came of it.
struct EventRecord {
  EventId id = 0;
  ShopId shop_id = 0;
  absl::Time receive_time;
  std::string event_name;
  std::string order_id;
  int64_t status_id = 0;
  StatusType status_type = StatusType::kUnspecified;
  std::string status_name;
  std::optional<absl::Time> status_time;
  EventOutcome outcome = EventOutcome::kIgnored;
  // Why, in English words (EventReasonText of `structured_reason`, as stored).
  std::string reason;
  // Why, as data; kUnspecified for events logged before reasons had codes.
  EventReason structured_reason;
  InvitationId invitation_id = 0;
  // kCurrent for a fetched event, which came with no key.
  KeyUsed key_used = KeyUsed::kCurrent;
  EventSource source = EventSource::kWebhook;
};

// The two e-mails of an invitation: the invitation itself, then at most one
// reminder.
enum class MailKind { kInvitation, kReminder };

// MailKindName returns "invitation" or "reminder", the names the store, the
// templates and the log use; MailKindFromName reads them back.
const char* MailKindName(MailKind kind);
MailKind MailKindFromName(absl::string_view name);

struct Invitation {
  InvitationId id = 0;
  ShopId shop_id = 0;
  std::string order_id;
  std::string customer_email;
  std::string customer_first_name;
  std::string customer_last_name;
  InvitationState state = InvitationState::kScheduled;
  // Why it is in its state, in English words (InvitationReasonText of
  // `structured_reason`, as stored).
  std::string state_reason;
  // Why, as data; kUnspecified for a new invitation and for those changed
  // before reasons had codes.
  InvitationReason structured_reason;
  absl::Time status_time;
  absl::Time send_time;
  absl::Time create_time;
  absl::Time update_time;
  // Failed or cut-short sending attempts so far.
  int attempts = 0;
  // When the mail server accepted it; unset until then.
  std::optional<absl::Time> sent_time;
  // The e-mail's Message-ID; empty until sent.
  std::string message_id;
  // The last temporary failure; empty when none.
  std::string last_error;
  // When the reminder is due; unset when none is pending.
  std::optional<absl::Time> reminder_time;
  // When the mail server accepted the reminder; unset until then.
  std::optional<absl::Time> reminder_sent_time;
  // When its claimer began handing the claimed e-mail to the mail server;
  // unset when none is under way. Written apart from the send's own
  // transaction, so it outlives a claimer that dies mid-send: a cancel that
  // then finds the claim can say the mail may have left.
  std::optional<absl::Time> handover_time;
  // Grows by one at every change of the stored invitation, so a write naming
  // the version it read changes nothing once anything else came between.
  int64_t version = 0;

  // next_mail returns which e-mail a dispatcher sends next: the reminder once
  // the invitation itself has been sent.
  MailKind next_mail() const {
    return sent_time.has_value() ? MailKind::kReminder : MailKind::kInvitation;
  }
};

// Suppression is an address that asked not to be mailed: by one shop, or by
// every shop (shop_id kAllShops).
struct Suppression {
  static constexpr ShopId kAllShops = 0;

  int64_t id = 0;
  ShopId shop_id = kAllShops;
  // AddressHasher::Hash of the address: the list keeps no address, so that
  // it outlives the person's erasure.
  std::string email_hash;
  absl::Time create_time;
  // How it came: "one-click", "unsubscribe page", "operator".
  std::string source;
  std::string reason;
};

// InvitationTransition is one recorded change of an invitation's state.
struct InvitationTransition {
  int64_t id = 0;
  InvitationId invitation_id = 0;
  absl::Time time;
  // Empty for the creation of the invitation.
  std::string from_state;
  std::string to_state;
  std::string reason;
};

// OrderCustomer is an order's buyer, kept with the order only while its
// invitation waits for the parcel's dispatch (TriggerRule::parcel_dispatch).
struct OrderCustomer {
  std::string email;
  std::string first_name;
  std::string last_name;
  bool operator==(const OrderCustomer& other) const {
    return email == other.email && first_name == other.first_name && last_name == other.last_name;
  }
};

// OrderSnapshot is what the core knows of one order when an event arrives.
struct OrderSnapshot {
  // Whether any status of the order was seen before.
  bool known = false;
  bool deleted = false;
  int64_t last_status_id = 0;
  absl::Time last_status_time;
  std::optional<Invitation> invitation;
  // The buyer waiting for the parcel (empty e-mail: none), and when the
  // order's parcel was sent (unset: not yet); see TriggerRule::parcel_dispatch.
  OrderCustomer waiting_customer;
  std::optional<absl::Time> parcel_send_time;
};

// PageRequest asks for up to `size` items after the opaque `token`.
struct PageRequest {
  int size = 100;
  std::string token;
};

template <typename T>
struct Page {
  std::vector<T> items;
  // Empty on the last page.
  std::string next_token;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_MODEL_H_
