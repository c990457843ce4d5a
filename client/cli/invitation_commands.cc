// opinus invitations list|get|cancel.
#include <string>
#include <utility>
#include <vector>

#include "client/cli/args.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "common/status_macros.h"

namespace opinus::client::cli {

namespace {

namespace v1 = ::opinus::v1;

// The --state spellings, also those that output.cc prints.
const std::vector<std::pair<std::string, int>>& StateChoices() {
  static const auto* const kChoices = new std::vector<std::pair<std::string, int>>{
      {"scheduled", v1::INVITATION_STATE_SCHEDULED},
      {"cancelled", v1::INVITATION_STATE_CANCELLED},
      {"sent", v1::INVITATION_STATE_SENT},
      {"sending", v1::INVITATION_STATE_SENDING},
      {"failed", v1::INVITATION_STATE_FAILED},
      {"suppressed", v1::INVITATION_STATE_SUPPRESSED},
      {"reviewed", v1::INVITATION_STATE_REVIEWED},
      {"bounced", v1::INVITATION_STATE_BOUNCED},
  };
  return *kChoices;
}

absl::Status PrintInvitation(const Invocation& inv, const v1::Invitation& invitation) {
  if (inv.json) return PrintJson(invitation, inv.out);
  inv.out << FormatInvitation(invitation);
  return absl::OkStatus();
}

absl::Status RunList(const Invocation& inv) {
  OPINUS_ASSIGN_OR_RETURN(const int64_t shop_id, GetRequiredId(inv.args, "shop"));
  v1::InvitationState state = v1::INVITATION_STATE_UNSPECIFIED;
  if (const std::string* value = inv.args.Get("state")) {
    OPINUS_ASSIGN_OR_RETURN(const int choice, ParseChoice("state", *value, StateChoices()));
    state = static_cast<v1::InvitationState>(choice);
  }
  std::vector<v1::Invitation> invitations;
  OPINUS_RETURN_IF_ERROR(
      FetchAllPages([&](const std::string& token) -> absl::StatusOr<std::string> {
        v1::ListInvitationsRequest request;
        request.set_shop_id(shop_id);
        request.set_state(state);
        request.set_page_size(kListPageSize);
        request.set_page_token(token);
        OPINUS_ASSIGN_OR_RETURN(v1::ListInvitationsResponse response,
                                inv.client.ListInvitations(request));
        for (v1::Invitation& invitation : *response.mutable_invitations()) {
          invitations.push_back(std::move(invitation));
        }
        return response.next_page_token();
      }));
  if (inv.json) {
    OPINUS_ASSIGN_OR_RETURN(const std::string json, ListToJson("invitations", invitations));
    inv.out << json;
    return absl::OkStatus();
  }
  OPINUS_ASSIGN_OR_RETURN(const TableZone zone, ShopTableZone(inv, shop_id));
  inv.out << FormatInvitationTable(invitations, zone);
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& inv) {
  v1::GetInvitationRequest request;
  OPINUS_ASSIGN_OR_RETURN(const int64_t id, GetRequiredId(inv.args, "invitation"));
  request.set_invitation_id(id);
  OPINUS_ASSIGN_OR_RETURN(const v1::Invitation invitation, inv.client.GetInvitation(request));
  return PrintInvitation(inv, invitation);
}

absl::Status RunCancel(const Invocation& inv) {
  v1::CancelInvitationRequest request;
  OPINUS_ASSIGN_OR_RETURN(const int64_t id, GetRequiredId(inv.args, "invitation"));
  request.set_invitation_id(id);
  if (const std::string* reason = inv.args.Get("reason")) request.set_reason(*reason);
  OPINUS_ASSIGN_OR_RETURN(const v1::Invitation invitation, inv.client.CancelInvitation(request));
  return PrintInvitation(inv, invitation);
}

absl::Status RunResend(const Invocation& inv) {
  v1::ResendInvitationRequest request;
  OPINUS_ASSIGN_OR_RETURN(const int64_t id, GetRequiredId(inv.args, "invitation"));
  request.set_invitation_id(id);
  if (const std::string* reason = inv.args.Get("reason")) request.set_reason(*reason);
  OPINUS_ASSIGN_OR_RETURN(const v1::Invitation invitation, inv.client.ResendInvitation(request));
  return PrintInvitation(inv, invitation);
}

}  // namespace

void AddInvitationCommands(CommandTable* table) {
  table->Add({"invitations",
              "list",
              "Prints a shop's invitations, newest first.",
              {{"shop", "ID", true, "the shop's id"},
               {"state", "scheduled|cancelled|sent|sending|failed|suppressed", false,
                "only invitations in this state"}},
              "",
              RunList});
  table->Add({"invitations",
              "get",
              "Prints one invitation.",
              {{"invitation", "ID", true, "the invitation's id"}},
              "",
              RunGet});
  table->Add({"invitations",
              "cancel",
              "Cancels a scheduled invitation; prints it.",
              {{"invitation", "ID", true, "the invitation's id"},
               {"reason", "TEXT", false, "why, for the record; default \"cancelled by operator\""}},
              "Fails with FAILED_PRECONDITION when the invitation is no longer scheduled.",
              RunCancel});
  table->Add({"invitations",
              "resend",
              "Schedules a failed or cancelled invitation again, due now; prints it.",
              {{"invitation", "ID", true, "the invitation's id"},
               {"reason", "TEXT", false, "why, for the record; default \"resent by operator\""}},
              "Fails with FAILED_PRECONDITION for an invitation that is scheduled, sending,\n"
              "sent (the buyer has it) or suppressed (the address asked not to be mailed).",
              RunResend});
}

}  // namespace opinus::client::cli
