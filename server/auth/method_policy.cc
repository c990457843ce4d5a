#include "server/auth/method_policy.h"

#include "absl/strings/match.h"

namespace opinus::server::auth {

const std::map<std::string, Access, std::less<>>& MethodAccessTable() {
  static const auto* const kTable = new std::map<std::string, Access, std::less<>>{
      // The gateway's, for the App Store's callbacks (signed with its secret).
      {"/opinus.v1.AppStoreService/RecordCallback", Access::kWrite},
      {"/opinus.v1.AppStoreService/ListInstallations", Access::kOperator},
      // The gateway's, for the app's admin page (signed by Shoper; it issues
      // a claim link) and the claim link's page.
      {"/opinus.v1.AppStoreService/GetAdminPage", Access::kWrite},
      {"/opinus.v1.AppStoreService/DescribeClaimLink", Access::kWrite},
      // Only an owner, through the panel (the core also requires a session).
      {"/opinus.v1.AppStoreService/ClaimShop", Access::kOwnerWrite},
      // Past orders: counting reads, starting changes (the panel's POST).
      {"/opinus.v1.BackfillService/GetOrderBackfillPreview", Access::kRead},
      {"/opinus.v1.BackfillService/StartOrderBackfill", Access::kWrite},
      {"/opinus.v1.BackfillService/GetOrderBackfill", Access::kRead},
      {"/opinus.v1.ShopService/CreateShop", Access::kWrite},
      {"/opinus.v1.ShopService/GetShop", Access::kRead},
      {"/opinus.v1.ShopService/ListShops", Access::kOwnerRead},
      {"/opinus.v1.ShopService/RotateShopKey", Access::kWrite},
      // The operator, or an owner through the panel: never the gateway for
      // nobody, as no webhook needs it.
      {"/opinus.v1.ShopService/EndKeyRotationGrace", Access::kOwnerWrite},
      {"/opinus.v1.ShopService/GetShopSettings", Access::kRead},
      {"/opinus.v1.ShopService/UpdateShopSettings", Access::kWrite},
      {"/opinus.v1.ShopService/ApproveShop", Access::kOperator},
      // The operator, or an owner through the panel.
      {"/opinus.v1.ShopService/GetShopDashboard", Access::kOwnerRead},
      {"/opinus.v1.OrderEventService/RecordOrderEvent", Access::kWrite},
      {"/opinus.v1.OrderEventService/ListOrderEvents", Access::kRead},
      {"/opinus.v1.InvitationService/ListInvitations", Access::kRead},
      {"/opinus.v1.InvitationService/GetInvitation", Access::kRead},
      {"/opinus.v1.InvitationService/CancelInvitation", Access::kWrite},
      {"/opinus.v1.InvitationService/ResendInvitation", Access::kOwnerWrite},
      // The gateway's, for the link's page.
      {"/opinus.v1.SuppressionService/DescribeUnsubscribe", Access::kWrite},
      {"/opinus.v1.SuppressionService/Unsubscribe", Access::kWrite},
      {"/opinus.v1.SuppressionService/ListSuppressions", Access::kRead},
      // Only the customer's own link or an operator puts an address on a
      // list or takes it off: never a shop.
      {"/opinus.v1.SuppressionService/AddSuppression", Access::kOperator},
      {"/opinus.v1.SuppressionService/RemoveSuppression", Access::kOperator},
      // The gateway's, for the opinion link's page.
      {"/opinus.v1.OpinionService/GetOpinionForm", Access::kWrite},
      {"/opinus.v1.OpinionService/SubmitOpinion", Access::kWrite},
      {"/opinus.v1.OpinionService/WithdrawOpinion", Access::kWrite},
      {"/opinus.v1.OpinionService/ListOpinions", Access::kRead},
      {"/opinus.v1.OpinionService/GetRatingSummary", Access::kRead},
      {"/opinus.v1.OpinionService/ReplyToOpinion", Access::kWrite},
      {"/opinus.v1.OpinionService/ReportOpinion", Access::kWrite},
      // Only an operator decides on a reported opinion: a shop can never hide one.
      {"/opinus.v1.OpinionService/HideOpinion", Access::kOperator},
      {"/opinus.v1.OpinionService/RestoreOpinion", Access::kOperator},
      // A customer's data in every shop, erased or shown: operators only.
      {"/opinus.v1.PrivacyService/ExportPersonalData", Access::kOperator},
      {"/opinus.v1.PrivacyService/ErasePersonalData", Access::kOperator},
      {"/opinus.v1.PrivacyService/Purge", Access::kOperator},
      // The gateway's, for the public page /prywatnosc: a request acts only
      // once the link mailed to the address is opened and confirmed.
      {"/opinus.v1.PrivacyRequestService/RequestPersonalData", Access::kWrite},
      {"/opinus.v1.PrivacyRequestService/DescribePrivacyRequest", Access::kWrite},
      {"/opinus.v1.PrivacyRequestService/ConfirmPrivacyRequest", Access::kWrite},
      // The gateway's, for the owners' panel; the owner's credential travels
      // in the call's metadata and the core checks it.
      {"/opinus.v1.AccountService/SignUp", Access::kWrite},
      {"/opinus.v1.AccountService/LogIn", Access::kWrite},
      {"/opinus.v1.AccountService/LogOut", Access::kWrite},
      {"/opinus.v1.AccountService/GetCurrentOwner", Access::kWrite},
      {"/opinus.v1.AccountService/CreateAccessToken", Access::kWrite},
      {"/opinus.v1.AccountService/ListAccessTokens", Access::kWrite},
      {"/opinus.v1.AccountService/RevokeAccessToken", Access::kWrite},
      {"/opinus.v1.AccountService/ConfirmEmail", Access::kWrite},
      {"/opinus.v1.AccountService/ResendEmailConfirmation", Access::kWrite},
      // Only the owner, through the panel (the core also requires a session
      // and the password).
      {"/opinus.v1.AccountService/DeleteAccount", Access::kOwnerWrite},
  };
  return *kTable;
}

Access RequiredAccess(absl::string_view method) {
  const auto& table = MethodAccessTable();
  const auto entry = table.find(method);
  return entry == table.end() ? Access::kOperator : entry->second;
}

bool IsOpenMethod(absl::string_view method) {
  for (absl::string_view service :
       {"/grpc.health.v1.Health/", "/grpc.reflection.v1alpha.ServerReflection/",
        "/grpc.reflection.v1.ServerReflection/"}) {
    if (absl::StartsWith(method, service)) return true;
  }
  return false;
}

bool RoleAllows(Role role, Access access, bool acts_for_owner) {
  switch (access) {
    case Access::kRead:
      return true;
    case Access::kWrite:
      return role == Role::kGateway || role == Role::kOperator;
    case Access::kOperator:
      return role == Role::kOperator;
    case Access::kOwnerRead:
    case Access::kOwnerWrite:
      return role == Role::kOperator || (role == Role::kGateway && acts_for_owner);
  }
  return false;
}

bool ChangesState(Access access) { return access != Access::kRead && access != Access::kOwnerRead; }

}  // namespace opinus::server::auth
