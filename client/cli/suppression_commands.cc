// opinus suppressions list|add|remove.
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

constexpr char kAllShops[] = "all";

// ListId returns the list --shop names: a shop's id, or 0 for "all".
absl::StatusOr<int64_t> ListId(const ParsedArgs& args) {
  OPINUS_ASSIGN_OR_RETURN(const std::string shop, GetRequiredValue(args, "shop"));
  if (shop == kAllShops) return 0;
  return ParseId("shop", shop);
}

absl::Status RunList(const Invocation& inv) {
  OPINUS_ASSIGN_OR_RETURN(const int64_t list, ListId(inv.args));
  std::vector<v1::Suppression> suppressions;
  OPINUS_RETURN_IF_ERROR(
      FetchAllPages([&](const std::string& token) -> absl::StatusOr<std::string> {
        v1::ListSuppressionsRequest request;
        request.set_shop_id(list);
        request.set_page_size(kListPageSize);
        request.set_page_token(token);
        OPINUS_ASSIGN_OR_RETURN(v1::ListSuppressionsResponse response,
                                inv.client.ListSuppressions(request));
        for (v1::Suppression& suppression : *response.mutable_suppressions()) {
          suppressions.push_back(std::move(suppression));
        }
        return response.next_page_token();
      }));
  if (inv.json) {
    OPINUS_ASSIGN_OR_RETURN(const std::string json, ListToJson("suppressions", suppressions));
    inv.out << json;
    return absl::OkStatus();
  }
  inv.out << FormatSuppressionTable(suppressions);
  return absl::OkStatus();
}

absl::Status RunAdd(const Invocation& inv) {
  v1::AddSuppressionRequest request;
  OPINUS_ASSIGN_OR_RETURN(const int64_t list, ListId(inv.args));
  OPINUS_ASSIGN_OR_RETURN(const std::string email, GetRequiredValue(inv.args, "email"));
  request.set_shop_id(list);
  request.set_email(email);
  if (const std::string* reason = inv.args.Get("reason")) request.set_reason(*reason);
  OPINUS_ASSIGN_OR_RETURN(const v1::Suppression suppression, inv.client.AddSuppression(request));
  if (inv.json) return PrintJson(suppression, inv.out);
  inv.out << FormatSuppressionTable({suppression});
  return absl::OkStatus();
}

absl::Status RunRemove(const Invocation& inv) {
  v1::RemoveSuppressionRequest request;
  OPINUS_ASSIGN_OR_RETURN(const int64_t list, ListId(inv.args));
  OPINUS_ASSIGN_OR_RETURN(const std::string email, GetRequiredValue(inv.args, "email"));
  request.set_shop_id(list);
  request.set_email(email);
  OPINUS_RETURN_IF_ERROR(inv.client.RemoveSuppression(request));
  if (inv.json) {
    inv.out << "{}\n";
  } else {
    inv.out << "removed " << email << "\n";
  }
  return absl::OkStatus();
}

const FlagSpec kListFlag = {"shop", "ID|all", true,
                            "the shop's list, or all: the list for every shop"};

}  // namespace

void AddSuppressionCommands(CommandTable* table) {
  table->Add({"suppressions",
              "list",
              "Prints the addresses that asked not to be mailed, newest first.",
              {kListFlag},
              "A customer lands on a shop's list through the unsubscribe link of an e-mail\n"
              "(or the mail program's one-click button), and on the list for every shop by\n"
              "the page's second button. No invitation or reminder goes to an address on\n"
              "either list; it becomes suppressed instead.",
              RunList});
  table->Add({"suppressions",
              "add",
              "Puts an address on a list by hand, e.g. for a request that came by phone.",
              {kListFlag,
               {"email", "ADDRESS", true, "the address (compared in lower case)"},
               {"reason", "TEXT", false, "why, for the record"}},
              "",
              RunAdd});
  table->Add({"suppressions",
              "remove",
              "Takes an address off a list, e.g. when its owner asks to be mailed again.",
              {kListFlag, {"email", "ADDRESS", true, "the address"}},
              "",
              RunRemove});
}

}  // namespace opinus::client::cli
