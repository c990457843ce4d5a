// Conversions between the opinus.v1 messages and the domain model.
#ifndef OPINUS_SERVER_RPC_CONVERSIONS_H_
#define OPINUS_SERVER_RPC_CONVERSIONS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "opinus/v1/account.pb.h"
#include "opinus/v1/appstore.pb.h"
#include "opinus/v1/invitation.pb.h"
#include "opinus/v1/opinion.pb.h"
#include "opinus/v1/order_event.pb.h"
#include "opinus/v1/privacy.pb.h"
#include "opinus/v1/shop.pb.h"
#include "opinus/v1/suppression.pb.h"
#include "server/domain/appstore.h"
#include "server/domain/dashboard.h"
#include "server/domain/model.h"
#include "server/domain/opinion.h"
#include "server/domain/privacy.h"
#include "server/managers/account_manager.h"
#include "server/managers/opinion_manager.h"
#include "server/managers/shop_manager.h"
#include "server/managers/suppression_manager.h"

namespace opinus::server::rpc {

void ToProto(absl::Time time, google::protobuf::Timestamp* proto);
absl::Time FromProto(const google::protobuf::Timestamp& proto);

void ToProto(const ShopSettings& settings, opinus::v1::ShopSettings* proto);
// Never the password hash.
void ToProto(const Owner& owner, opinus::v1::Owner* proto);
void ToProto(const NewSession& session, opinus::v1::Session* proto);
// Never the token's hash.
void ToProto(const AccessToken& token, opinus::v1::AccessToken* proto);
void ToProto(const Shop& shop, opinus::v1::Shop* proto);
void ToProto(const Invitation& invitation, opinus::v1::Invitation* proto);
void ToProto(const EventReason& reason, opinus::v1::OrderEventReason* proto);
void ToProto(const InvitationReason& reason, opinus::v1::InvitationReason* proto);
void ToProto(const EventRecord& record, opinus::v1::OrderEventRecord* proto);
void ToProto(const Suppression& suppression, opinus::v1::Suppression* proto);
void ToProto(const PersonalData& data, opinus::v1::PersonalData* proto);
void ToProto(const Erasure& erasure, opinus::v1::Erasure* proto);
void ToProto(const AppInstallation& installation, opinus::v1::AppInstallation* proto);
opinus::v1::ShopConnection ToProto(ShopConnection connection);
void ToProto(const UnsubscribeView& view, opinus::v1::UnsubscribeInfo* proto);
opinus::v1::OrderEventOutcome ToProto(EventOutcome outcome);
opinus::v1::InvitationState ToProto(InvitationState state);

void ToProto(const Opinion& opinion, opinus::v1::Opinion* proto);
void ToProto(const OpinionFormView& form, opinus::v1::OpinionForm* proto);
void ToProto(const Shop& shop, const RatingSummary& summary, opinus::v1::RatingSummary* proto);

OrderEvent FromProto(const opinus::v1::OrderEvent& proto);
OpinionInput FromProto(const opinus::v1::OpinionInput& proto);
WebhookSignature FromProto(const opinus::v1::WebhookSignature& proto);

// ToSettingsUpdate reads the fields of `settings` named in the mask (all when
// it is empty). INVALID_ARGUMENT for an unknown path.
absl::StatusOr<SettingsUpdate> ToSettingsUpdate(
    const opinus::v1::UpdateShopSettingsRequest& request);

// FromProto maps a state filter; UNSPECIFIED means no filter.
std::optional<InvitationState> FromProto(opinus::v1::InvitationState state);

// ToProto writes the dashboard computed at `now`, with its averages and rate.
void ToProto(const ShopDashboard& dashboard, absl::Time now, opinus::v1::ShopDashboard* proto);

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_CONVERSIONS_H_
