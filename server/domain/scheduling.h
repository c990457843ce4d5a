// The scheduling rules: what an order event does to the order's invitation.
// Pure functions of their arguments; the store applies their decisions.
#ifndef OPINUS_SERVER_DOMAIN_SCHEDULING_H_
#define OPINUS_SERVER_DOMAIN_SCHEDULING_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// StatusChange is a validated order status event: the order entered
// (status_id, type) at `time` (UTC).
struct StatusChange {
  int64_t status_id = 0;
  StatusType type = StatusType::kUnspecified;
  absl::Time time;
  // The status date the shop sent, when `time` is not it (see
  // StatusTimeAsReceived); the event's reason says so.
  std::optional<absl::Time> stated_time;
};

// ParcelDispatch is a validated parcel event: the order's parcel was sent at
// `send_time` (UTC), or is not marked sent.
struct ParcelDispatch {
  absl::Time send_time;
  bool sent = false;
  // The send date the shop sent, when `send_time` is not it
  // (StatusTimeAsReceived).
  std::optional<absl::Time> stated_time;
};

// How far ahead of its receipt a status date may be before it is taken for
// a wrong clock: shops' clocks and time zones differ by hours, not days.
inline constexpr absl::Duration kMaxStatusClockSkew = absl::Hours(24);

// StatusTimeAsReceived returns the time to record for a status dated `stated`
// and received at `now`: `stated`, or `now` when `stated` is more than
// kMaxStatusClockSkew ahead. A date in 2099 (a wrong clock, a typo in an
// import) would otherwise schedule an invitation for 2100 and make every
// later, correct status look older.
absl::Time StatusTimeAsReceived(absl::Time stated, absl::Time now);

// EventDecision is what an event does, for the store to apply atomically.
struct EventDecision {
  enum class Action { kNone, kCreateInvitation, kCancelInvitation, kCancelReminder };

  EventOutcome outcome = EventOutcome::kIgnored;
  EventReason reason;
  // Whether the event's status becomes the order's latest known status.
  bool advance_order = false;
  // Whether the order is marked deleted.
  bool delete_order = false;
  Action action = Action::kNone;
  // For kCreateInvitation: the invitation to insert (id 0).
  Invitation invitation;
  // For kCancelInvitation and kCancelReminder: the reason the invitation
  // keeps (the order was not realised, or deleted).
  InvitationReason cancel_reason;
  // For the parcel trigger, what the order is to keep: the buyer waiting for
  // the parcel (an empty one clears it) and the parcel's send date; unset:
  // unchanged.
  std::optional<OrderCustomer> waiting_customer;
  std::optional<absl::Time> parcel_send_time;
};

// InvitationDelay is how long after its order entered the trigger status an
// invitation is due: `delay_days` whole days. Stores that re-plan many
// invitations in one statement add it; InvitationSendTime adds it to one.
absl::Duration InvitationDelay(int delay_days);
absl::Time InvitationSendTime(absl::Time status_time, int delay_days);

// ReminderDelay is how long after its invitation a reminder is due:
// `reminder_days` whole days; nullopt when 0 (none). ReminderSendTime adds
// it to one invitation's `sent_time`.
std::optional<absl::Duration> ReminderDelay(int reminder_days);
std::optional<absl::Time> ReminderSendTime(absl::Time sent_time, int reminder_days);

// DecideStatusChange applies the rules to an order entering a status:
// - a deleted order, or a status older than the last one seen: ignored (a
//   last status more than kMaxStatusClockSkew after `now`, recorded before
//   StatusTimeAsReceived existed, never blocks the present);
// - the very status seen last again (same id and time): duplicate;
// - a not-realised status (type 4): the scheduled invitation is cancelled,
//   or the pending reminder of a sent one;
// - a trigger status: one invitation per order, due at status time + delay;
//   an order that already has one gets no second (duplicate);
// - anything else: ignored, not a trigger status.
// `draft` carries the customer fields and shop id of a new invitation.
EventDecision DecideStatusChange(const OrderSnapshot& order, const StatusChange& change,
                                 const ShopSettings& settings, const Invitation& draft,
                                 absl::Time now);

// DecideParcelDispatch applies the parcel trigger to an order's parcel being
// sent (the caller checked that the shop's trigger is the parcel's):
// - a deleted order, a parcel not marked sent: ignored;
// - an order that has an invitation (even a cancelled one): duplicate;
// - else the earliest send date of the order's parcels is kept, and the
//   invitation is due at it + delay when the order's buyer is known (a
//   status was seen and not cancelled since), or waits for that status.
// `draft` carries the shop and order ids; the buyer comes from `order`.
EventDecision DecideParcelDispatch(const OrderSnapshot& order, const ParcelDispatch& parcel,
                                   const ShopSettings& settings, const Invitation& draft,
                                   absl::Time now);

// DecideDeletion: the order was deleted; its scheduled invitation (or pending
// reminder) is cancelled.
EventDecision DecideDeletion(const OrderSnapshot& order);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_SCHEDULING_H_
