// opinus privacy export|erase|purge: a customer's requests under RODO (GDPR),
// and the retention sweep.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/args.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "client/invitation_state_name.h"
#include "common/status_macros.h"

namespace opinus::client::cli {

namespace {

namespace v1 = ::opinus::v1;

absl::Status RunExport(const Invocation& inv) {
  v1::ExportPersonalDataRequest request;
  OPINUS_ASSIGN_OR_RETURN(const std::string email, GetRequiredValue(inv.args, "email"));
  request.set_email(email);
  OPINUS_ASSIGN_OR_RETURN(const v1::PersonalData data, inv.client.ExportPersonalData(request));
  if (inv.json) return PrintJson(data, inv.out);
  std::vector<std::vector<std::string>> rows;
  for (const v1::PersonalRecord& record : data.records()) {
    rows.push_back(
        {absl::StrCat(record.shop_id()), record.shop_name(), record.invitation().order_id(),
         std::string(InvitationStateName(record.invitation().state())),
         FormatTime(record.invitation().create_time()), absl::StrCat(record.order_events_size()),
         record.has_opinion() ? absl::StrCat(record.opinion().rating()) : "-"});
  }
  inv.out << FormatTable({"SHOP", "NAME", "ORDER", "STATE", "CREATED(UTC)", "EVENTS", "OPINION"},
                         rows)
          << "suppressions: " << data.suppressions_size() << "\n";
  return absl::OkStatus();
}

absl::Status RunErase(const Invocation& inv) {
  v1::ErasePersonalDataRequest request;
  OPINUS_ASSIGN_OR_RETURN(const std::string email, GetRequiredValue(inv.args, "email"));
  request.set_email(email);
  if (const std::string* reason = inv.args.Get("reason")) request.set_reason(*reason);
  OPINUS_ASSIGN_OR_RETURN(const v1::Erasure erasure, inv.client.ErasePersonalData(request));
  if (inv.json) return PrintJson(erasure, inv.out);
  inv.out << FormatKeyValues({{"erasure", absl::StrCat(erasure.id())},
                              {"erased_at", FormatTime(erasure.erase_time())},
                              {"invitations", absl::StrCat(erasure.invitations())},
                              {"cancelled", absl::StrCat(erasure.cancelled())},
                              {"reason", erasure.reason()}});
  return absl::OkStatus();
}

absl::Status RunPurge(const Invocation& inv) {
  OPINUS_ASSIGN_OR_RETURN(const v1::PurgeResponse purged, inv.client.Purge(v1::PurgeRequest()));
  if (inv.json) return PrintJson(purged, inv.out);
  inv.out << FormatKeyValues({{"invitations", absl::StrCat(purged.invitations())},
                              {"events", absl::StrCat(purged.events())},
                              {"mail_feedback", absl::StrCat(purged.mail_feedback())},
                              {"owners", absl::StrCat(purged.owners())}});
  return absl::OkStatus();
}

const FlagSpec kEmailFlag = {"email", "ADDRESS", true,
                             "the customer's address, in any letter case"};

}  // namespace

void AddPrivacyCommands(CommandTable* table) {
  table->Add({"privacy",
              "export",
              "Prints everything held about a customer's address, in every shop.",
              {kEmailFlag},
              "Each invitation to the address with its shop, its state, the events of its\n"
              "order and the opinion given, and the suppression lists that hold the address\n"
              "(as its keyed hash). With --json, the whole record, to hand to the person.",
              RunExport});
  table->Add({"privacy",
              "erase",
              "Erases a customer's address from every shop, at their request.",
              {kEmailFlag, {"reason", "TEXT", false, "why, for the record (addresses masked)"}},
              "Pending invitations are cancelled; every invitation loses the address and\n"
              "names; its links stop working; its opinion is signed \"Klient\" and loses its\n"
              "edit history; the address is masked wherever a reason quotes it. Counts,\n"
              "states, dates and ratings stay, and so do the suppression lists (a keyed\n"
              "hash), so an address that unsubscribed is never mailed again. Only that an\n"
              "erasure happened, when and why, is recorded. It cannot be undone.",
              RunErase});
  table->Add({"privacy",
              "purge",
              "Runs the retention sweep now and prints what it purged.",
              {},
              "Every invitation that ended --retention_days (opinus-server) or more ago\n"
              "loses the address, names and addresses quoted in its reasons, and its links\n"
              "stop working; every order event received as long ago loses the addresses\n"
              "its reason quotes, and every bounce report its diagnostic. Counts, states,\n"
              "dates, opinions and ratings stay. Then every owner's account whose deletion\n"
              "was asked for 14 days ago or more is deleted with its shops. The core runs\n"
              "the same sweep every --retention_sweep_interval.",
              RunPurge});
}

}  // namespace opinus::client::cli
