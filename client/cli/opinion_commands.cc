// opinus opinions list|hide|restore.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/args.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "common/status_macros.h"

namespace opinus::client::cli {

namespace {

namespace v1 = ::opinus::v1;

absl::Status RunList(const Invocation& inv) {
  OPINUS_ASSIGN_OR_RETURN(const int64_t shop_id, GetRequiredId(inv.args, "shop"));
  std::vector<v1::Opinion> opinions;
  OPINUS_RETURN_IF_ERROR(
      FetchAllPages([&](const std::string& token) -> absl::StatusOr<std::string> {
        v1::ListOpinionsRequest request;
        request.set_shop_id(shop_id);
        request.set_page_size(100);
        request.set_page_token(token);
        // Operators see what the public does not: hidden opinions too.
        request.set_include_hidden(true);
        OPINUS_ASSIGN_OR_RETURN(v1::ListOpinionsResponse response,
                                inv.client.ListOpinions(request));
        for (v1::Opinion& opinion : *response.mutable_opinions()) {
          opinions.push_back(std::move(opinion));
        }
        return response.next_page_token();
      }));
  if (inv.json) {
    OPINUS_ASSIGN_OR_RETURN(const std::string json, ListToJson("opinions", opinions));
    inv.out << json;
    return absl::OkStatus();
  }
  OPINUS_ASSIGN_OR_RETURN(const TableZone zone, ShopTableZone(inv, shop_id));
  inv.out << FormatOpinionTable(opinions, zone);
  return absl::OkStatus();
}

// Moderate runs HideOpinion or RestoreOpinion.
absl::Status Moderate(const Invocation& inv, bool hide) {
  v1::ModerateOpinionRequest request;
  OPINUS_ASSIGN_OR_RETURN(const int64_t id, GetRequiredId(inv.args, "opinion"));
  OPINUS_ASSIGN_OR_RETURN(const std::string reason, GetRequiredValue(inv.args, "reason"));
  request.set_opinion_id(id);
  request.set_reason(reason);
  OPINUS_ASSIGN_OR_RETURN(const v1::Opinion opinion, hide ? inv.client.HideOpinion(request)
                                                          : inv.client.RestoreOpinion(request));
  if (inv.json) return PrintJson(opinion, inv.out);
  OPINUS_ASSIGN_OR_RETURN(const TableZone zone, ShopTableZone(inv, opinion.shop_id()));
  inv.out << FormatOpinionTable({opinion}, zone);
  return absl::OkStatus();
}

const std::vector<FlagSpec> kModerationFlags = {
    {"opinion", "ID", true, "the opinion's id"},
    {"reason", "TEXT", true, "why, for the record (shown to the shop)"}};

}  // namespace

void AddOpinionCommands(CommandTable* table) {
  table->Add({"opinions",
              "list",
              "Prints a shop's opinions, hidden ones too, newest first.",
              {{"shop", "ID", true, "the shop's id"}},
              "",
              RunList});
  table->Add({"opinions", "hide",
              "Hides a reported opinion after checking it: off the shop's page and its average.",
              kModerationFlags,
              "Shops report opinions; only an operator decides. A hidden opinion is kept.",
              [](const Invocation& inv) { return Moderate(inv, true); }});
  table->Add({"opinions", "restore", "Publishes a hidden opinion again.", kModerationFlags, "",
              [](const Invocation& inv) { return Moderate(inv, false); }});
}

}  // namespace opinus::client::cli
