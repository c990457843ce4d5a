#include "server/managers/order_event_recorder.h"

#include <optional>

#include "common/field_violation.h"
#include "common/status_macros.h"
#include "common/webhook_key.h"
#include "server/domain/event_reason.h"
#include "server/domain/scheduling.h"
#include "server/domain/sending_hours.h"
#include "server/domain/time_zones.h"
#include "server/domain/validation.h"
#include "server/domain/webhook_keys.h"
#include "server/domain/webhook_signature.h"

namespace opinus::server {
namespace {

EventRecord BaseRecord(const Shop& shop, const OrderEvent& event, absl::Time now) {
  EventRecord record;
  record.shop_id = shop.id;
  record.receive_time = now;
  record.event_name = TruncateUtf8(event.event_name, 64);
  record.order_id = TruncateUtf8(event.order_id, kMaxOrderIdLength);
  record.status_id = event.status_id;
  record.status_type = event.status_type;
  record.status_name = TruncateUtf8(event.status_name, kMaxLabelLength);
  return record;
}

// CheckRequiredFields returns INVALID_ARGUMENT naming a field without which
// the event cannot even be logged against an order. An empty e-mail is not
// one: the gateway refuses a body without the field, so an empty one is the
// shop's data, and the owner should see it rejected in the log.
absl::Status CheckRequiredFields(const OrderEvent& event) {
  if (!event.parcel_unreadable_field.empty()) {
    return InvalidFieldError(event.parcel_unreadable_field, event.parcel_unreadable_problem);
  }
  if (event.order_id.empty()) return InvalidFieldError("order_id", "missing");
  if (event.kind == EventKind::kDeleted || event.kind == EventKind::kParcelDispatched) {
    return absl::OkStatus();
  }
  if (event.status_id == 0) return InvalidFieldError("status", "missing");
  return absl::OkStatus();
}

// RejectionReason returns why present data cannot be used, or nullopt.
std::optional<EventReason> RejectionReason(const OrderEvent& event, const ShopSettings& settings) {
  if (event.order_id.size() > kMaxOrderIdLength) {
    return Rejected(EventReasonCode::kFieldTooLong, "order_id");
  }
  if (HasControlCharacters(event.order_id)) {
    return Rejected(EventReasonCode::kFieldControlCharacters, "order_id");
  }
  if (event.kind == EventKind::kDeleted) return std::nullopt;
  if (event.kind == EventKind::kParcelDispatched) {
    std::optional<EventReason> problem = StatusDateProblem(event.parcel_send_local_time);
    if (problem) problem->field = "send_date";
    return problem;
  }
  if (event.customer_email.empty()) return Rejected(EventReasonCode::kFieldEmpty, "email");
  if (!IsPlausibleEmail(event.customer_email)) {
    return Rejected(EventReasonCode::kNotAnEmailAddress, "email", event.customer_email);
  }
  for (const std::string* name : {&event.customer_first_name, &event.customer_last_name}) {
    if (HasControlCharacters(*name)) {
      return Rejected(EventReasonCode::kFieldControlCharacters, "name");
    }
    if (name->size() > kMaxNameLength) return Rejected(EventReasonCode::kFieldTooLong, "name");
  }
  if (!settings.trigger.parcel_dispatch && settings.trigger.status_ids.empty() &&
      event.status_type == StatusType::kUnspecified) {
    return Rejected(EventReasonCode::kFieldMissing, "status.type");
  }
  return StatusDateProblem(event.status_local_time);
}

// MoveToNextSendingTime makes the invitation `decision` creates, if any,
// due at the shop's next sending time from `now`: a past order whose
// invitation time has passed is invited at the next allowed time, not at
// the moment it was read.
void MoveToNextSendingTime(const ShopSettings& settings, absl::Time now, EventDecision& decision) {
  if (decision.action != EventDecision::Action::kCreateInvitation) return;
  // The zone passed the same check when the settings were saved.
  const absl::TimeZone zone = LoadShopTimeZone(settings.time_zone).value_or(absl::UTCTimeZone());
  decision.invitation.send_time = NextSendingTime(now, settings.sending_hours, zone);
  decision.reason.time = decision.invitation.send_time;
}

}  // namespace

absl::StatusOr<OrderEventRecorder::Sender> OrderEventRecorder::Authenticate(
    const std::string& webhook_key, const WebhookSignature& signature, absl::Time now) {
  const absl::Status unknown = absl::NotFoundError("unknown webhook key");
  if (!IsWellFormedWebhookKey(webhook_key)) return unknown;
  OPINUS_ASSIGN_OR_RETURN(std::optional<Shop> shop, shops_->FindShopByKey(webhook_key));
  if (!shop.has_value()) return unknown;
  const std::optional<KeyUsed> key_used = MatchWebhookKey(*shop, webhook_key, now);
  if (!key_used.has_value()) return unknown;
  // With a secret set, the URL key alone no longer authenticates.
  if (!shop->settings.webhook_secret.empty() &&
      !IsValidShoperSignature(signature, shop->settings.webhook_secret)) {
    return absl::UnauthenticatedError(
        "signature: X-Webhook-Sha1 missing or not made with this shop's secret (Klucz)");
  }
  return Sender{*std::move(shop), *key_used};
}

absl::StatusOr<OrderEventWrite> OrderEventRecorder::Prepare(const std::string& webhook_key,
                                                            const OrderEvent& event,
                                                            const WebhookSignature& signature) {
  const absl::Time now = clock_->Now();
  OPINUS_ASSIGN_OR_RETURN(Sender sender, Authenticate(webhook_key, signature, now));
  return PrepareFor(sender, event, webhook_key, now, /*not_before_now=*/false);
}

absl::StatusOr<OrderEventWrite> OrderEventRecorder::PrepareFor(const Sender& sender,
                                                               const OrderEvent& event,
                                                               const std::string& webhook_key,
                                                               absl::Time now,
                                                               bool not_before_now) {
  const Shop& shop = sender.shop;
  EventRecord record = BaseRecord(shop, event, now);
  record.key_used = sender.key_used;
  // A parcel schedules only for a shop whose trigger it is; for any other
  // it is one more event Opinus does not use.
  if (event.kind == EventKind::kOther ||
      (event.kind == EventKind::kParcelDispatched && !shop.settings.trigger.parcel_dispatch)) {
    EventReason reason;
    reason.code = EventReasonCode::kNotAnOrderEvent;
    SetEventReason(std::move(reason), &record);
    return OrderEventWrite{std::move(record), nullptr, webhook_key};
  }
  if (event.kind == EventKind::kXmlBody) {
    // Only the owner can fix it, in Shoper: the log is where they look.
    record.outcome = EventOutcome::kRejected;
    EventReason reason;
    reason.code = EventReasonCode::kXmlFormat;
    SetEventReason(std::move(reason), &record);
    return OrderEventWrite{std::move(record), nullptr, webhook_key};
  }
  OPINUS_RETURN_IF_ERROR(CheckRequiredFields(event));

  if (std::optional<EventReason> rejection = RejectionReason(event, shop.settings)) {
    record.outcome = EventOutcome::kRejected;
    SetEventReason(*std::move(rejection), &record);
    return OrderEventWrite{std::move(record), nullptr, webhook_key};
  }

  if (event.kind == EventKind::kDeleted) {
    return OrderEventWrite{std::move(record), DecideDeletion, webhook_key};
  }

  const bool parcel = event.kind == EventKind::kParcelDispatched;
  // The zone passed the same check when the settings were saved.
  OPINUS_ASSIGN_OR_RETURN(
      const absl::Time stated,
      ParseShopLocalTime(parcel ? event.parcel_send_local_time : event.status_local_time,
                         shop.settings.time_zone));
  const absl::Time time = StatusTimeAsReceived(stated, now);
  std::optional<absl::Time> stated_time;
  if (time != stated) stated_time = stated;
  record.status_time = time;
  Invitation draft;
  draft.shop_id = shop.id;
  draft.order_id = event.order_id;
  Decide decide;
  if (parcel) {
    decide = [dispatch = ParcelDispatch{time, event.parcel_sent, stated_time},
              settings = shop.settings, draft, now](const OrderSnapshot& order) {
      return DecideParcelDispatch(order, dispatch, settings, draft, now);
    };
  } else {
    draft.customer_email = event.customer_email;
    draft.customer_first_name = event.customer_first_name;
    draft.customer_last_name = event.customer_last_name;
    decide = [change = StatusChange{event.status_id, event.status_type, time, stated_time},
              settings = shop.settings, draft, now](const OrderSnapshot& order) {
      return DecideStatusChange(order, change, settings, draft, now);
    };
  }
  // The key is checked again as the event commits: a key another core has
  // rotated out since this core's cache read the shop gets nothing in. The
  // decision may run on the group commit's thread, after this returns.
  if (!not_before_now) return OrderEventWrite{std::move(record), std::move(decide), webhook_key};
  return OrderEventWrite{
      std::move(record),
      [decide = std::move(decide), settings = shop.settings, now](const OrderSnapshot& order) {
        EventDecision decision = decide(order);
        if (decision.invitation.send_time < now) {
          MoveToNextSendingTime(settings, now, decision);
        }
        return decision;
      },
      webhook_key};
}

absl::StatusOr<EventRecord> OrderEventRecorder::RecordFetched(ShopId shop_id,
                                                              const OrderEvent& event) {
  OPINUS_ASSIGN_OR_RETURN(Shop shop, shops_->GetShop(shop_id));
  OPINUS_ASSIGN_OR_RETURN(OrderEventWrite write,
                          PrepareFor(Sender{std::move(shop), KeyUsed::kCurrent}, event, "",
                                     clock_->Now(), /*not_before_now=*/true));
  write.record.source = EventSource::kFetched;
  return events_->Apply(std::move(write));
}

absl::StatusOr<EventRecord> OrderEventRecorder::Record(const std::string& webhook_key,
                                                       const OrderEvent& event,
                                                       const WebhookSignature& signature) {
  OPINUS_ASSIGN_OR_RETURN(OrderEventWrite write, Prepare(webhook_key, event, signature));
  return events_->Apply(std::move(write));
}

void OrderEventRecorder::RecordAsync(const std::string& webhook_key, const OrderEvent& event,
                                     const WebhookSignature& signature,
                                     OrderEventStore::WriteDone done) {
  absl::StatusOr<OrderEventWrite> write = Prepare(webhook_key, event, signature);
  if (!write.ok()) {
    std::move(done)(write.status());
    return;
  }
  events_->ApplyAsync(*std::move(write), std::move(done));
}

absl::StatusOr<Page<EventRecord>> OrderEventRecorder::ListEvents(ShopId shop_id,
                                                                 const PageRequest& page) {
  OPINUS_RETURN_IF_ERROR(shops_->GetShop(shop_id).status());
  return events_->ListEvents(shop_id, page);
}

}  // namespace opinus::server
