#include "server/rpc/conversions.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/field_violation.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

void ToProto(absl::Time time, google::protobuf::Timestamp* proto) {
  const int64_t seconds = absl::ToUnixSeconds(time);
  proto->set_seconds(seconds);
  proto->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
}

void ToProto(const ShopSettings& settings, v1::ShopSettings* proto) {
  proto->set_invitation_delay_days(settings.invitation_delay_days);
  v1::InvitationTrigger* trigger = proto->mutable_trigger();
  for (int64_t id : settings.trigger.status_ids) trigger->add_status_ids(id);
  trigger->set_status_type(static_cast<v1::OrderStatusType>(settings.trigger.status_type));
  trigger->set_parcel_dispatch(settings.trigger.parcel_dispatch);
  proto->set_time_zone(settings.time_zone);
  proto->set_sending_enabled(settings.sending_enabled);
  proto->set_sender_name(settings.sender_name);
  proto->set_language(settings.language);
  proto->mutable_sending_hours()->set_start_hour(settings.sending_hours.start_hour);
  proto->mutable_sending_hours()->set_end_hour(settings.sending_hours.end_hour);
  // The secret itself never leaves the core.
  proto->set_webhook_secret_set(!settings.webhook_secret.empty());
  proto->set_reminder_days(settings.reminder_days);
}

void ToProto(const Shop& shop, v1::Shop* proto) {
  proto->set_id(shop.id);
  proto->set_name(shop.name);
  proto->set_domain(shop.domain);
  proto->set_slug(shop.slug);
  proto->set_owner_email(shop.owner_email);
  proto->set_webhook_key(shop.webhook_key);
  ToProto(shop.settings, proto->mutable_settings());
  ToProto(shop.create_time, proto->mutable_create_time());
  if (shop.approve_time) ToProto(*shop.approve_time, proto->mutable_approve_time());
  if (shop.previous_key) {
    proto->set_previous_webhook_key(shop.previous_key->key);
    ToProto(shop.previous_key->valid_until, proto->mutable_previous_webhook_key_expire_time());
  }
}

void ToProto(const Invitation& invitation, v1::Invitation* proto) {
  proto->set_id(invitation.id);
  proto->set_shop_id(invitation.shop_id);
  proto->set_order_id(invitation.order_id);
  proto->set_customer_email(invitation.customer_email);
  proto->set_customer_first_name(invitation.customer_first_name);
  proto->set_customer_last_name(invitation.customer_last_name);
  proto->set_state(ToProto(invitation.state));
  proto->set_state_reason(invitation.state_reason);
  ToProto(invitation.structured_reason, proto->mutable_structured_state_reason());
  ToProto(invitation.status_time, proto->mutable_status_time());
  ToProto(invitation.send_time, proto->mutable_send_time());
  ToProto(invitation.create_time, proto->mutable_create_time());
  ToProto(invitation.update_time, proto->mutable_update_time());
  proto->set_attempts(invitation.attempts);
  if (invitation.sent_time) ToProto(*invitation.sent_time, proto->mutable_sent_time());
  proto->set_message_id(invitation.message_id);
  proto->set_last_error(invitation.last_error);
  if (invitation.reminder_time) ToProto(*invitation.reminder_time, proto->mutable_reminder_time());
  if (invitation.reminder_sent_time) {
    ToProto(*invitation.reminder_sent_time, proto->mutable_reminder_sent_time());
  }
}

v1::InvitationState ToProto(InvitationState state) {
  switch (state) {
    case InvitationState::kScheduled:
      return v1::INVITATION_STATE_SCHEDULED;
    case InvitationState::kCancelled:
      return v1::INVITATION_STATE_CANCELLED;
    case InvitationState::kSent:
      return v1::INVITATION_STATE_SENT;
    case InvitationState::kSending:
      return v1::INVITATION_STATE_SENDING;
    case InvitationState::kFailed:
      return v1::INVITATION_STATE_FAILED;
    case InvitationState::kSuppressed:
      return v1::INVITATION_STATE_SUPPRESSED;
    case InvitationState::kReviewed:
      return v1::INVITATION_STATE_REVIEWED;
    case InvitationState::kBounced:
      return v1::INVITATION_STATE_BOUNCED;
  }
  return v1::INVITATION_STATE_UNSPECIFIED;
}

v1::OrderEventOutcome ToProto(EventOutcome outcome) {
  switch (outcome) {
    case EventOutcome::kScheduled:
      return v1::ORDER_EVENT_OUTCOME_SCHEDULED;
    case EventOutcome::kDuplicate:
      return v1::ORDER_EVENT_OUTCOME_DUPLICATE;
    case EventOutcome::kIgnored:
      return v1::ORDER_EVENT_OUTCOME_IGNORED;
    case EventOutcome::kCancelled:
      return v1::ORDER_EVENT_OUTCOME_CANCELLED;
    case EventOutcome::kRejected:
      return v1::ORDER_EVENT_OUTCOME_REJECTED;
  }
  return v1::ORDER_EVENT_OUTCOME_UNSPECIFIED;
}

// The domain's reason codes and cancel results are numbered as the proto's.
static_assert(static_cast<int>(EventReasonCode::kAwaitingOrder) ==
              v1::ORDER_EVENT_REASON_AWAITING_ORDER);
static_assert(v1::OrderEventReasonCode_MAX == v1::ORDER_EVENT_REASON_AWAITING_ORDER);
static_assert(static_cast<int>(CancelResult::kReminderCancelled) ==
              v1::CANCEL_RESULT_REMINDER_CANCELLED);
static_assert(v1::CancelResult_MAX == v1::CANCEL_RESULT_REMINDER_CANCELLED);

void ToProto(const EventReason& reason, v1::OrderEventReason* proto) {
  proto->set_code(static_cast<v1::OrderEventReasonCode>(reason.code));
  if (reason.time) ToProto(*reason.time, proto->mutable_time());
  proto->set_status_id(reason.status_id);
  if (reason.invitation_state) proto->set_invitation_state(ToProto(*reason.invitation_state));
  proto->set_field(reason.field);
  proto->set_value(reason.value);
  proto->set_cancel_result(static_cast<v1::CancelResult>(reason.cancel));
  if (reason.stated_status_time) {
    ToProto(*reason.stated_status_time, proto->mutable_stated_status_time());
  }
}

void ToProto(const InvitationReason& reason, v1::InvitationReason* proto) {
  // The enums list their codes in the same order (ConversionsTest checks).
  proto->set_code(static_cast<v1::InvitationReasonCode>(reason.code));
  if (reason.time) ToProto(*reason.time, proto->mutable_time());
  proto->set_status_id(reason.status_id);
  proto->set_count(reason.count);
  proto->set_limit(reason.limit);
  proto->set_all_shops(reason.all_shops);
  proto->set_reminder(reason.reminder);
  proto->set_source(reason.source);
  proto->set_detail(reason.detail);
  if (reason.handover_time) ToProto(*reason.handover_time, proto->mutable_handover_time());
}

void ToProto(const EventRecord& record, v1::OrderEventRecord* proto) {
  proto->set_id(record.id);
  proto->set_shop_id(record.shop_id);
  ToProto(record.receive_time, proto->mutable_receive_time());
  proto->set_event_name(record.event_name);
  proto->set_order_id(record.order_id);
  proto->mutable_status()->set_status_id(record.status_id);
  proto->mutable_status()->set_type(static_cast<v1::OrderStatusType>(record.status_type));
  proto->mutable_status()->set_name(record.status_name);
  if (record.status_time) ToProto(*record.status_time, proto->mutable_status_time());
  proto->set_outcome(ToProto(record.outcome));
  proto->set_reason(record.reason);
  ToProto(record.structured_reason, proto->mutable_structured_reason());
  proto->set_invitation_id(record.invitation_id);
  proto->set_key_used(record.key_used == KeyUsed::kPrevious ? v1::WEBHOOK_KEY_USED_PREVIOUS
                                                            : v1::WEBHOOK_KEY_USED_CURRENT);
  proto->set_source(record.source == EventSource::kFetched ? v1::ORDER_EVENT_SOURCE_FETCHED
                                                           : v1::ORDER_EVENT_SOURCE_WEBHOOK);
}

namespace {

EventKind FromProto(v1::OrderEventKind kind) {
  switch (kind) {
    case v1::ORDER_EVENT_KIND_STATUS_CHANGED:
      return EventKind::kStatusChanged;
    case v1::ORDER_EVENT_KIND_CREATED:
      return EventKind::kCreated;
    case v1::ORDER_EVENT_KIND_EDITED:
      return EventKind::kEdited;
    case v1::ORDER_EVENT_KIND_PAID:
      return EventKind::kPaid;
    case v1::ORDER_EVENT_KIND_DELETED:
      return EventKind::kDeleted;
    case v1::ORDER_EVENT_KIND_XML_BODY:
      return EventKind::kXmlBody;
    case v1::ORDER_EVENT_KIND_PARCEL_DISPATCHED:
      return EventKind::kParcelDispatched;
    default:
      return EventKind::kOther;
  }
}

StatusType FromProto(v1::OrderStatusType type) {
  switch (type) {
    case v1::ORDER_STATUS_TYPE_NEW:
      return StatusType::kNew;
    case v1::ORDER_STATUS_TYPE_IN_PROGRESS:
      return StatusType::kInProgress;
    case v1::ORDER_STATUS_TYPE_CLOSED:
      return StatusType::kClosed;
    case v1::ORDER_STATUS_TYPE_NOT_REALISED:
      return StatusType::kNotRealised;
    default:
      return StatusType::kUnspecified;
  }
}

}  // namespace

OrderEvent FromProto(const v1::OrderEvent& proto) {
  OrderEvent event;
  event.event_name = proto.event_name();
  event.kind = FromProto(proto.kind());
  event.order_id = proto.order_id();
  event.customer_email = proto.customer_email();
  event.customer_first_name = proto.customer_first_name();
  event.customer_last_name = proto.customer_last_name();
  event.status_id = proto.status().status_id();
  event.status_type = FromProto(proto.status().type());
  event.status_name = proto.status().name();
  event.status_local_time = proto.status_local_time();
  event.parcel_id = proto.parcel().parcel_id();
  event.parcel_send_local_time = proto.parcel().send_local_time();
  event.parcel_sent = proto.parcel().sent();
  event.parcel_unreadable_field = proto.parcel().unreadable_field();
  event.parcel_unreadable_problem = proto.parcel().unreadable_problem();
  return event;
}

void ToProto(const Owner& owner, v1::Owner* proto) {
  proto->set_id(owner.id);
  proto->set_email(owner.email);
  ToProto(owner.create_time, proto->mutable_create_time());
  if (owner.email_confirm_time) {
    ToProto(*owner.email_confirm_time, proto->mutable_email_confirm_time());
  }
}

void ToProto(const NewSession& session, v1::Session* proto) {
  proto->set_session_token(session.session_token);
  proto->set_csrf_token(session.csrf_token);
  ToProto(session.expire_time, proto->mutable_expire_time());
  ToProto(session.owner, proto->mutable_owner());
  proto->set_confirmation_mailed(session.confirmation_mail.ok());
  if (session.deletion_cancelled) {
    ToProto(*session.deletion_cancelled, proto->mutable_cancelled_deletion_time());
  }
}

void ToProto(const AccessToken& token, v1::AccessToken* proto) {
  proto->set_id(token.id);
  proto->set_name(token.name);
  ToProto(token.create_time, proto->mutable_create_time());
  ToProto(token.expire_time, proto->mutable_expire_time());
  if (token.last_use_time) ToProto(*token.last_use_time, proto->mutable_last_use_time());
}

absl::Time FromProto(const google::protobuf::Timestamp& proto) {
  return absl::FromUnixSeconds(proto.seconds()) + absl::Nanoseconds(proto.nanos());
}

void ToProto(const Opinion& opinion, v1::Opinion* proto) {
  proto->set_id(opinion.id);
  proto->set_shop_id(opinion.shop_id);
  proto->set_order_id(opinion.order_id);
  proto->set_rating(opinion.input.rating);
  proto->set_delivery_rating(opinion.input.delivery_rating);
  proto->set_product_rating(opinion.input.product_rating);
  proto->set_service_rating(opinion.input.service_rating);
  proto->set_comment(opinion.input.comment);
  proto->set_display_name(opinion.input.display_name);
  switch (opinion.status) {
    case OpinionStatus::kPublished:
      proto->set_status(v1::OPINION_STATUS_PUBLISHED);
      break;
    case OpinionStatus::kHidden:
      proto->set_status(v1::OPINION_STATUS_HIDDEN);
      break;
    case OpinionStatus::kWithdrawn:
      proto->set_status(v1::OPINION_STATUS_WITHDRAWN);
      break;
  }
  ToProto(opinion.create_time, proto->mutable_create_time());
  ToProto(opinion.update_time, proto->mutable_update_time());
  proto->set_edits(opinion.edits);
  proto->set_reply(opinion.reply);
  if (opinion.reply_time) ToProto(*opinion.reply_time, proto->mutable_reply_time());
  proto->set_reported(opinion.reported);
  proto->set_report_reason(opinion.report_reason);
  proto->set_moderation_reason(opinion.moderation_reason);
}

void ToProto(const OpinionFormView& form, v1::OpinionForm* proto) {
  switch (form.state) {
    case OpinionFormState::kOpen:
      proto->set_state(v1::OPINION_FORM_STATE_OPEN);
      break;
    case OpinionFormState::kEditable:
      proto->set_state(v1::OPINION_FORM_STATE_EDITABLE);
      break;
    case OpinionFormState::kClosed:
      proto->set_state(v1::OPINION_FORM_STATE_CLOSED);
      break;
    case OpinionFormState::kExpired:
      proto->set_state(v1::OPINION_FORM_STATE_EXPIRED);
      break;
    case OpinionFormState::kCancelled:
      proto->set_state(v1::OPINION_FORM_STATE_CANCELLED);
      break;
    case OpinionFormState::kWithdrawn:
      proto->set_state(v1::OPINION_FORM_STATE_WITHDRAWN);
      break;
  }
  proto->set_shop_id(form.shop.id);
  proto->set_shop_name(form.shop.name);
  proto->set_language(form.shop.settings.language);
  ToProto(form.invitation.status_time, proto->mutable_order_time());
  proto->set_default_display_name(form.default_display_name);
  if (form.opinion) ToProto(*form.opinion, proto->mutable_opinion());
  if (form.edit_until) ToProto(*form.edit_until, proto->mutable_edit_until());
}

void ToProto(const Shop& shop, const RatingSummary& summary, v1::RatingSummary* proto) {
  proto->set_shop_id(shop.id);
  proto->set_shop_name(shop.name);
  proto->set_language(shop.settings.language);
  proto->set_shop_slug(shop.slug);
  proto->set_shop_domain(shop.domain);
  proto->set_count(summary.count);
  proto->set_average(RoundedAverage(summary.rating_sum, summary.count));
  for (int64_t count : summary.count_by_rating) proto->add_count_by_rating(count);
  proto->set_delivery_average(RoundedAverage(summary.delivery_sum, summary.delivery_count));
  proto->set_delivery_count(summary.delivery_count);
  proto->set_product_average(RoundedAverage(summary.product_sum, summary.product_count));
  proto->set_product_count(summary.product_count);
  proto->set_service_average(RoundedAverage(summary.service_sum, summary.service_count));
  proto->set_service_count(summary.service_count);
}

OpinionInput FromProto(const v1::OpinionInput& proto) {
  OpinionInput input;
  input.rating = proto.rating();
  input.delivery_rating = proto.delivery_rating();
  input.product_rating = proto.product_rating();
  input.service_rating = proto.service_rating();
  input.comment = proto.comment();
  input.display_name = proto.display_name();
  input.consent = proto.consent();
  return input;
}

void ToProto(const Suppression& suppression, v1::Suppression* proto) {
  proto->set_id(suppression.id);
  proto->set_shop_id(suppression.shop_id);
  proto->set_email_hash(absl::BytesToHexString(suppression.email_hash));
  ToProto(suppression.create_time, proto->mutable_create_time());
  proto->set_source(suppression.source);
  proto->set_reason(suppression.reason);
}

void ToProto(const PersonalData& data, v1::PersonalData* proto) {
  proto->set_email(data.email);
  for (const PersonalRecord& record : data.records) {
    v1::PersonalRecord* out = proto->add_records();
    out->set_shop_id(record.shop_id);
    out->set_shop_name(record.shop_name);
    out->set_shop_domain(record.shop_domain);
    ToProto(record.invitation, out->mutable_invitation());
    for (const EventRecord& event : record.order_events) {
      ToProto(event, out->add_order_events());
    }
    if (record.opinion) ToProto(*record.opinion, out->mutable_opinion());
  }
  for (const Suppression& suppression : data.suppressions) {
    ToProto(suppression, proto->add_suppressions());
  }
}

void ToProto(const Erasure& erasure, v1::Erasure* proto) {
  proto->set_id(erasure.id);
  ToProto(erasure.erase_time, proto->mutable_erase_time());
  proto->set_reason(erasure.reason);
  proto->set_email_hash(absl::BytesToHexString(erasure.email_hash));
  proto->set_invitations(erasure.invitations);
  proto->set_cancelled(erasure.cancelled);
}

v1::ShopConnection ToProto(ShopConnection connection) {
  switch (connection) {
    case ShopConnection::kNone:
      return v1::SHOP_CONNECTION_NONE;
    case ShopConnection::kPending:
      return v1::SHOP_CONNECTION_PENDING;
    case ShopConnection::kConnected:
      return v1::SHOP_CONNECTION_CONNECTED;
    case ShopConnection::kFailed:
      return v1::SHOP_CONNECTION_FAILED;
    case ShopConnection::kDisconnected:
      return v1::SHOP_CONNECTION_DISCONNECTED;
  }
  return v1::SHOP_CONNECTION_UNSPECIFIED;
}

void ToProto(const AppInstallation& installation, v1::AppInstallation* proto) {
  proto->set_id(installation.id);
  proto->set_licence(installation.licence);
  proto->set_shop_url(installation.shop_url);
  proto->set_application_code(installation.application_code);
  proto->set_application_version(installation.application_version);
  proto->set_installed(installation.installed);
  ToProto(installation.install_time, proto->mutable_install_time());
  if (installation.uninstall_time) {
    ToProto(*installation.uninstall_time, proto->mutable_uninstall_time());
  }
  ToProto(installation.update_time, proto->mutable_update_time());
  proto->set_subscription_end(installation.subscription_end);
  proto->set_callbacks(installation.callbacks);
  proto->set_connection(ToProto(installation.connection));
  proto->set_connect_attempts(installation.connect_attempts);
  if (installation.next_attempt_time) {
    ToProto(*installation.next_attempt_time, proto->mutable_next_attempt_time());
  }
  proto->set_connect_error(installation.connect_error);
  proto->set_shop_id(installation.shop_id);
  proto->set_webhook_id(installation.webhook_id);
}

void ToProto(const UnsubscribeView& view, v1::UnsubscribeInfo* proto) {
  proto->set_invitation_id(view.invitation.id);
  proto->set_shop_name(view.shop.name);
  proto->set_language(view.shop.settings.language);
  proto->set_email_hint(view.email_hint);
  proto->set_suppressed_by_shop(view.suppressed_by_shop);
  proto->set_suppressed_for_all_shops(view.suppressed_for_all_shops);
}

WebhookSignature FromProto(const v1::WebhookSignature& proto) {
  return WebhookSignature{proto.webhook_id(), proto.sha1_hex(), proto.body()};
}

absl::StatusOr<SettingsUpdate> ToSettingsUpdate(const v1::UpdateShopSettingsRequest& request) {
  const v1::ShopSettings& settings = request.settings();
  SettingsUpdate update;
  auto apply = [&](const std::string& path) -> absl::Status {
    if (path == "invitation_delay_days") {
      update.invitation_delay_days = settings.invitation_delay_days();
    } else if (path == "trigger") {
      TriggerRule trigger;
      trigger.status_ids.assign(settings.trigger().status_ids().begin(),
                                settings.trigger().status_ids().end());
      trigger.status_type = settings.trigger().status_type() == v1::ORDER_STATUS_TYPE_UNSPECIFIED
                                ? StatusType::kClosed
                                : FromProto(settings.trigger().status_type());
      trigger.parcel_dispatch = settings.trigger().parcel_dispatch();
      update.trigger = trigger;
    } else if (path == "time_zone") {
      update.time_zone = settings.time_zone();
    } else if (path == "sending_enabled") {
      update.sending_enabled = settings.sending_enabled();
    } else if (path == "sender_name") {
      update.sender_name = settings.sender_name();
    } else if (path == "language") {
      update.language = settings.language();
    } else if (path == "webhook_secret") {
      update.webhook_secret = settings.webhook_secret();
    } else if (path == "reminder_days") {
      update.reminder_days = settings.reminder_days();
    } else if (path == "sending_hours") {
      update.sending_hours =
          SendingHours{settings.sending_hours().start_hour(), settings.sending_hours().end_hour()};
    } else {
      return InvalidFieldError("update_mask", absl::StrCat("unknown path \"", path, "\""));
    }
    return absl::OkStatus();
  };
  if (request.update_mask().paths_size() == 0) {
    for (const char* path : {"invitation_delay_days", "trigger", "time_zone", "sending_enabled",
                             "sender_name", "language", "sending_hours", "reminder_days"}) {
      if (absl::Status status = apply(path); !status.ok()) return status;
    }
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (absl::Status status = apply(path); !status.ok()) return status;
  }
  return update;
}

std::optional<InvitationState> FromProto(v1::InvitationState state) {
  switch (state) {
    case v1::INVITATION_STATE_SCHEDULED:
      return InvitationState::kScheduled;
    case v1::INVITATION_STATE_CANCELLED:
      return InvitationState::kCancelled;
    case v1::INVITATION_STATE_SENT:
      return InvitationState::kSent;
    case v1::INVITATION_STATE_SENDING:
      return InvitationState::kSending;
    case v1::INVITATION_STATE_FAILED:
      return InvitationState::kFailed;
    case v1::INVITATION_STATE_SUPPRESSED:
      return InvitationState::kSuppressed;
    case v1::INVITATION_STATE_REVIEWED:
      return InvitationState::kReviewed;
    case v1::INVITATION_STATE_BOUNCED:
      return InvitationState::kBounced;
    default:
      return std::nullopt;
  }
}

void ToProto(const ShopDashboard& dashboard, absl::Time now, v1::ShopDashboard* proto) {
  ToProto(now, proto->mutable_compute_time());
  proto->set_webhooks_last_7_days(dashboard.webhooks_last_7_days);
  if (dashboard.last_webhook_time) {
    ToProto(*dashboard.last_webhook_time, proto->mutable_last_webhook_time());
  }
  proto->set_invitations_scheduled(dashboard.invitations_scheduled);
  proto->set_invitations_sent(dashboard.invitations_sent);
  proto->set_invitations_failed(dashboard.invitations_failed);
  proto->set_invitations_bounced(dashboard.invitations_bounced);
  proto->set_invitations_suppressed(dashboard.invitations_suppressed);
  proto->set_invitations_cancelled(dashboard.invitations_cancelled);
  proto->set_opinions_received(dashboard.opinions_received);
  proto->set_response_rate(ResponseRate(dashboard));
  proto->set_opinions_last_30_days(dashboard.last_30_days.count);
  proto->set_average_rating_last_30_days(RatingAverage(dashboard.last_30_days));
  proto->set_opinions_last_90_days(dashboard.last_90_days.count);
  proto->set_average_rating_last_90_days(RatingAverage(dashboard.last_90_days));
  for (const DashboardWeek& week : dashboard.weeks) {
    v1::DashboardWeek* out = proto->add_weeks();
    ToProto(week.start, out->mutable_start_time());
    out->set_opinions_received(week.received);
    out->set_opinions_published(week.published.count);
    out->set_average_rating(RatingAverage(week.published));
  }
}

}  // namespace opinus::server::rpc
