// opinus shop create|get|rotate-key|end-key-grace|approve|list.
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "client/cli/args.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "common/status_macros.h"

namespace opinus::client::cli {

namespace {

namespace v1 = ::opinus::v1;

// PrintShop writes `shop` as JSON or as "key: value" lines.
absl::Status PrintShop(const Invocation& inv, const v1::Shop& shop) {
  if (inv.json) return PrintJson(shop, inv.out);
  inv.out << FormatShop(shop, absl::Now());
  return absl::OkStatus();
}

absl::Status RunCreate(const Invocation& inv) {
  v1::CreateShopRequest request;
  OPINUS_ASSIGN_OR_RETURN(*request.mutable_name(), GetRequiredValue(inv.args, "name"));
  OPINUS_ASSIGN_OR_RETURN(*request.mutable_domain(), GetRequiredValue(inv.args, "domain"));
  OPINUS_ASSIGN_OR_RETURN(*request.mutable_owner_email(),
                          GetRequiredValue(inv.args, "owner-email"));
  OPINUS_ASSIGN_OR_RETURN(const v1::Shop shop, inv.client.CreateShop(request));
  return PrintShop(inv, shop);
}

// RunOnShop sends `call` a request that names the --shop flag's shop, and
// prints the shop it answers with.
template <typename Request>
absl::Status RunOnShop(const Invocation& inv,
                       absl::StatusOr<v1::Shop> (Client::*call)(const Request&,
                                                                const CallContext&)) {
  Request request;
  OPINUS_ASSIGN_OR_RETURN(const int64_t shop_id, GetRequiredId(inv.args, "shop"));
  request.set_shop_id(shop_id);
  OPINUS_ASSIGN_OR_RETURN(const v1::Shop shop, (inv.client.*call)(request, CallContext()));
  return PrintShop(inv, shop);
}

absl::Status RunGet(const Invocation& inv) { return RunOnShop(inv, &Client::GetShop); }

absl::Status RunRotateKey(const Invocation& inv) { return RunOnShop(inv, &Client::RotateShopKey); }

absl::Status RunApprove(const Invocation& inv) { return RunOnShop(inv, &Client::ApproveShop); }

absl::Status RunEndKeyGrace(const Invocation& inv) {
  return RunOnShop(inv, &Client::EndKeyRotationGrace);
}

absl::Status RunList(const Invocation& inv) {
  std::vector<v1::Shop> shops;
  OPINUS_RETURN_IF_ERROR(
      FetchAllPages([&](const std::string& token) -> absl::StatusOr<std::string> {
        v1::ListShopsRequest request;
        request.set_page_size(kListPageSize);
        request.set_page_token(token);
        OPINUS_ASSIGN_OR_RETURN(v1::ListShopsResponse response, inv.client.ListShops(request));
        for (v1::Shop& shop : *response.mutable_shops()) shops.push_back(std::move(shop));
        return response.next_page_token();
      }));
  if (inv.json) {
    OPINUS_ASSIGN_OR_RETURN(const std::string json, ListToJson("shops", shops));
    inv.out << json;
    return absl::OkStatus();
  }
  inv.out << FormatShopTable(shops);
  return absl::OkStatus();
}

const FlagSpec kShopFlag{"shop", "ID", true, "the shop's id"};

}  // namespace

void AddShopCommands(CommandTable* table) {
  table->Add({"shop",
              "create",
              "Registers a shop with default settings and a fresh webhook key; prints it.",
              {{"name", "NAME", true, "display name, e.g. \"Ceramika Kowalski\""},
               {"domain", "DOMAIN", true, "the shop's host name, e.g. sklep123456.shoparena.pl"},
               {"owner-email", "EMAIL", true, "where Opinus writes to the owner"}},
              "The webhook URL to configure in the shop is the gateway's address followed by\n"
              "the printed webhook_url path, /api/<webhook_key>.",
              RunCreate});
  table->Add({"shop",
              "get",
              "Prints one shop, its webhook key (and the previous one while it still works, "
              "with the time left) and its settings.",
              {kShopFlag},
              "",
              RunGet});
  table->Add({"shop",
              "rotate-key",
              "Gives the shop a new webhook key; prints it, and the old one, which keeps working "
              "for the server's --key_rotation_grace.",
              {kShopFlag},
              "Paste the new URL in Shoper; until then, and for Shoper's retries, deliveries to\n"
              "the old URL still arrive. `opinus shop end-key-grace` stops the old key at once.",
              RunRotateKey});
  table->Add({"shop",
              "end-key-grace",
              "Stops the shop's previous webhook key at once (say, after it leaked); prints the "
              "shop.",
              {kShopFlag},
              "",
              RunEndKeyGrace});
  table->Add({"shop",
              "approve",
              "Lets a shop an owner made send without the daily cap (operators only); prints it.",
              {kShopFlag},
              "Until then such a shop sends at most opinus-server --unapproved_daily_cap mails a\n"
              "day; the rest stay scheduled with the reason, none is dropped.",
              RunApprove});
  table->Add({"shop", "list", "Prints every shop, in ascending id order.", {}, "", RunList});
}

}  // namespace opinus::client::cli
