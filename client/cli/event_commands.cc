// opinus events list.
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

absl::Status RunList(const Invocation& inv) {
  OPINUS_ASSIGN_OR_RETURN(const int64_t shop_id, GetRequiredId(inv.args, "shop"));
  std::vector<v1::OrderEventRecord> events;
  OPINUS_RETURN_IF_ERROR(
      FetchAllPages([&](const std::string& token) -> absl::StatusOr<std::string> {
        v1::ListOrderEventsRequest request;
        request.set_shop_id(shop_id);
        request.set_page_size(kListPageSize);
        request.set_page_token(token);
        OPINUS_ASSIGN_OR_RETURN(v1::ListOrderEventsResponse response,
                                inv.client.ListOrderEvents(request));
        for (v1::OrderEventRecord& event : *response.mutable_events()) {
          events.push_back(std::move(event));
        }
        return response.next_page_token();
      }));
  if (inv.json) {
    OPINUS_ASSIGN_OR_RETURN(const std::string json, ListToJson("events", events));
    inv.out << json;
    return absl::OkStatus();
  }
  OPINUS_ASSIGN_OR_RETURN(const TableZone zone, ShopTableZone(inv, shop_id));
  inv.out << FormatEventTable(events, zone);
  return absl::OkStatus();
}

}  // namespace

void AddEventCommands(CommandTable* table) {
  table->Add({"events",
              "list",
              "Prints the order events a shop sent and what came of each, newest first.",
              {{"shop", "ID", true, "the shop's id"}},
              "",
              RunList});
}

}  // namespace opinus::client::cli
