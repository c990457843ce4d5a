// The core's domain model: shops, their settings, order events and
// invitations, free of proto, gRPC and SQL.
#ifndef OPINUS_SERVER_DOMAIN_MODEL_H_
#define OPINUS_SERVER_DOMAIN_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

using ShopId = int64_t;
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

// TriggerRule selects the statuses that schedule an invitation: the listed
// status ids, or when there are none, any status of `status_type`.
struct TriggerRule {
  std::vector<int64_t> status_ids;
  StatusType status_type = StatusType::kClosed;

  // Matches returns whether an order entering (status_id, type) triggers.
  bool Matches(int64_t status_id, StatusType type) const;
  bool operator==(const TriggerRule& other) const {
    return status_ids == other.status_ids && status_type == other.status_type;
  }
};

struct ShopSettings {
  int invitation_delay_days = 7;
  TriggerRule trigger;
  std::string time_zone = "Europe/Warsaw";
  bool sending_enabled = true;
};

struct Shop {
  ShopId id = 0;
  std::string name;
  std::string domain;
  std::string owner_email;
  std::string webhook_key;
  ShopSettings settings;
  absl::Time create_time;
};

enum class EventKind { kStatusChanged, kCreated, kEdited, kPaid, kDeleted, kOther };

enum class EventOutcome { kScheduled, kDuplicate, kIgnored, kCancelled, kRejected };

// EventOutcomeName returns "scheduled", "duplicate", "ignored", "cancelled" or
// "rejected"; EventOutcomeFromName reads them back.
const char* EventOutcomeName(EventOutcome outcome);
EventOutcome EventOutcomeFromName(absl::string_view name);

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
  std::string reason;
  InvitationId invitation_id = 0;
};

enum class InvitationState { kScheduled, kCancelled, kSent };

// InvitationStateName returns "scheduled", "cancelled" or "sent", the names
// the store and the log use; InvitationStateFromName reads them back.
const char* InvitationStateName(InvitationState state);
InvitationState InvitationStateFromName(absl::string_view name);

struct Invitation {
  InvitationId id = 0;
  ShopId shop_id = 0;
  std::string order_id;
  std::string customer_email;
  std::string customer_first_name;
  std::string customer_last_name;
  InvitationState state = InvitationState::kScheduled;
  std::string state_reason;
  absl::Time status_time;
  absl::Time send_time;
  absl::Time create_time;
  absl::Time update_time;
};

// OrderSnapshot is what the core knows of one order when an event arrives.
struct OrderSnapshot {
  // Whether any status of the order was seen before.
  bool known = false;
  bool deleted = false;
  int64_t last_status_id = 0;
  absl::Time last_status_time;
  std::optional<Invitation> invitation;
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
