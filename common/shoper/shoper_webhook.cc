#include "common/shoper/shoper_webhook.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/field_violation.h"
#include "common/shoper/json_scalars.h"
#include "common/shoper/json_select.h"
#include "common/shoper/shoper_parcel.h"
#include "common/status_macros.h"
#include "common/utf8.h"

namespace opinus::shoper {
namespace {

namespace v1 = ::opinus::v1;
using Json = nlohmann::json;

struct EventKindName {
  absl::string_view name;
  v1::OrderEventKind kind;
};

constexpr EventKindName kOrderEvents[] = {
    {"order.status", v1::ORDER_EVENT_KIND_STATUS_CHANGED},
    {"order.create", v1::ORDER_EVENT_KIND_CREATED},
    {"order.edit", v1::ORDER_EVENT_KIND_EDITED},
    {"order.paid", v1::ORDER_EVENT_KIND_PAID},
    {"order.delete", v1::ORDER_EVENT_KIND_DELETED},
    {kParcelDispatchEventName, v1::ORDER_EVENT_KIND_PARCEL_DISPATCHED},
};

// OrderSelection returns the members of Shoper's order object that the
// translation reads; every other member is skipped while parsing.
const JsonSelection& OrderSelection() {
  static const JsonSelection* const kSelection = new JsonSelection{
      /*scalars=*/{"order_id", "email", "status_id", "status_date", "date", "lang_id"},
      /*objects=*/{
          {"status", {"status_id", "type", "name"}},
          {"billingAddress", {"firstname", "lastname"}},
          {"billing_address", {"firstname", "lastname"}},
          {"deliveryAddress", {"firstname", "lastname"}},
          {"delivery_address", {"firstname", "lastname"}},
      }};
  return *kSelection;
}

// StatusType maps Shoper's status `type` (1 new, 2 in progress, 3 closed,
// 4 not realised) to ours; types Shoper may add later are UNSPECIFIED rather
// than an error, so that the event is still recorded.
v1::OrderStatusType StatusType(std::optional<int64_t> type) {
  if (!type.has_value()) return v1::ORDER_STATUS_TYPE_UNSPECIFIED;
  switch (*type) {
    case 1:
      return v1::ORDER_STATUS_TYPE_NEW;
    case 2:
      return v1::ORDER_STATUS_TYPE_IN_PROGRESS;
    case 3:
      return v1::ORDER_STATUS_TYPE_CLOSED;
    case 4:
      return v1::ORDER_STATUS_TYPE_NOT_REALISED;
    default:
      return v1::ORDER_STATUS_TYPE_UNSPECIFIED;
  }
}

// ReadStatus fills `status` from the top-level `status_id` (preferred, as
// Shoper always sends it) or `status.status_id`, and `status.type` and
// `status.name`. Returns whether a status id was found.
[[nodiscard]] absl::StatusOr<bool> ReadStatus(const Json& order, v1::OrderStatus* status) {
  const Json* status_object = FindObject(order, "status");
  OPINUS_ASSIGN_OR_RETURN(std::optional<int64_t> status_id, ReadInteger(order, "status_id"));
  if (!status_id.has_value() && status_object != nullptr) {
    OPINUS_ASSIGN_OR_RETURN(status_id, ReadInteger(*status_object, "status_id"));
  }
  if (status_id.has_value()) status->set_status_id(*status_id);
  if (status_object != nullptr) {
    // A type or name that does not read is only a missing detail: the core
    // decides on the status id and type, and UNSPECIFIED is a valid type.
    absl::StatusOr<std::optional<int64_t>> type = ReadInteger(*status_object, "type");
    status->set_type(StatusType(type.ok() ? *type : std::nullopt));
    status->set_name(ReadTextOrEmpty(*status_object, "name"));
  }
  return status_id.has_value();
}

// ReadCustomerName sets the buyer's names from the billing address, or from
// the delivery address when the billing one has no name. Names are taken from
// one address, never mixed.
void ReadCustomerName(const Json& order, v1::OrderEvent* event) {
  const Json* addresses[] = {FindObject(order, "billingAddress", "billing_address"),
                             FindObject(order, "deliveryAddress", "delivery_address")};
  for (const Json* address : addresses) {
    if (address == nullptr) continue;
    std::string first_name = ReadTextOrEmpty(*address, "firstname");
    std::string last_name = ReadTextOrEmpty(*address, "lastname");
    if (first_name.empty() && last_name.empty()) continue;
    event->set_customer_first_name(std::move(first_name));
    event->set_customer_last_name(std::move(last_name));
    return;
  }
}

}  // namespace

v1::OrderEventKind ShoperEventKind(absl::string_view event_name) {
  for (const EventKindName& entry : kOrderEvents) {
    if (absl::EqualsIgnoreCase(event_name, entry.name)) return entry.kind;
  }
  return v1::ORDER_EVENT_KIND_OTHER;
}

absl::StatusOr<absl::string_view> ShoperEventName(absl::string_view header) {
  absl::string_view name = absl::StripAsciiWhitespace(header);
  if (name.empty()) name = kDefaultShoperEventName;
  // The core keeps the name as text; bytes that are not UTF-8 are no event
  // of Shoper's, and could not even travel to the core.
  if (!IsValidUtf8(name)) return absl::InvalidArgumentError("X-Webhook-Name: not UTF-8");
  return name;
}

absl::StatusOr<v1::OrderEvent> TranslateShoperWebhook(absl::string_view event_name,
                                                      absl::string_view body) {
  OPINUS_ASSIGN_OR_RETURN(const absl::string_view name, ShoperEventName(event_name));

  v1::OrderEvent event;
  event.set_event_name(name.data(), name.size());
  event.set_kind(ShoperEventKind(name));
  // Events we do not use must still be accepted (or Shoper retries them), so
  // their bodies, which may be anything, are not even parsed.
  if (event.kind() == v1::ORDER_EVENT_KIND_OTHER) return event;
  if (event.kind() == v1::ORDER_EVENT_KIND_PARCEL_DISPATCHED) {
    // Only the core knows whether the shop uses parcels: one that does not
    // must answer 2xx whatever the body, so the problem travels with the event.
    if (absl::Status read = ReadShoperParcel(body, &event); !read.ok()) {
      v1::ParcelDispatch* parcel = event.mutable_parcel();
      parcel->set_unreadable_field(ViolatedField(read));
      parcel->set_unreadable_problem(ViolationDescription(read));
    }
    return event;
  }

  // One pass over the body that keeps only the dozen members read below: an
  // order's products and other details are never built.
  OPINUS_ASSIGN_OR_RETURN(const Json order, ParseSelected(body, OrderSelection()));
  const bool is_delete = event.kind() == v1::ORDER_EVENT_KIND_DELETED;

  OPINUS_ASSIGN_OR_RETURN(std::optional<std::string> order_id, ReadText(order, "order_id"));
  if (!order_id.has_value()) return absl::InvalidArgumentError("order_id: missing");
  event.set_order_id(std::move(*order_id));

  OPINUS_ASSIGN_OR_RETURN(std::optional<std::string> email, ReadText(order, "email"));
  if (email.has_value()) {
    event.set_customer_email(std::move(*email));
  } else if (!is_delete && !order.contains("email")) {
    // Without the member this is not an order body: 400. A blank or null
    // e-mail is the shop's data instead, which the core logs as rejected for
    // the owner to see.
    return absl::InvalidArgumentError("email: missing");
  }

  v1::OrderStatus status;
  OPINUS_ASSIGN_OR_RETURN(const bool has_status_id, ReadStatus(order, &status));
  if (has_status_id) {
    *event.mutable_status() = std::move(status);
  } else if (!is_delete) {
    return absl::InvalidArgumentError("status: missing");
  }

  ReadCustomerName(order, &event);
  event.set_status_local_time(ReadTextOrEmpty(order, "status_date"));
  event.set_order_local_time(ReadTextOrEmpty(order, "date"));
  event.set_language_id(ReadTextOrEmpty(order, "lang_id"));
  return event;
}

}  // namespace opinus::shoper
