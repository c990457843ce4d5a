#include "tests/support/fake_shoper_orders.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace opinus::testing {
namespace {

using Json = nlohmann::json;

// Address is a list row's billing or delivery address, snake_case as the
// REST API's rows spell it (webhooks spell it billingAddress).
Json Address(const FakeShoperOrder& order, int type) {
  return {{"order_id", absl::StrCat(order.order_id)},
          {"type", absl::StrCat(type)},
          {"firstname", order.first_name},
          {"lastname", order.last_name},
          {"city", "Poznań"},
          {"postcode", "60-101"},
          {"street1", "ul. Długa 12/4"},
          {"country", "Polska"},
          {"country_code", "PL"}};
}

Json Row(const FakeShoperOrder& order) {
  return {{"order_id", absl::StrCat(order.order_id)},
          {"date", order.status_date},
          {"status_date", order.status_date},
          {"status_id", absl::StrCat(order.status_id)},
          {"email", order.email},
          {"sum", "187.97"},
          {"lang_id", "1"},
          {"shipping_id", "8"},
          {"billing_address", Address(order, 1)},
          {"delivery_address", Address(order, 2)},
          {"status",
           {{"status_id", absl::StrCat(order.status_id)},
            {"type", absl::StrCat(order.status_type)},
            {"name", order.status_name}}}};
}

// Matches returns whether `order` passes every filter the fake knows.
bool Matches(const FakeShoperOrder& order, const Json& filters) {
  if (auto date = filters.find("status_date"); date != filters.end() && date->is_object()) {
    for (const auto& [op, value] : date->items()) {
      const std::string bound = value.is_string() ? value.get<std::string>() : "";
      // Naive "YYYY-MM-DD HH:MM:SS" sorts as text.
      if ((op == ">=" && !(order.status_date >= bound)) ||
          (op == ">" && !(order.status_date > bound)) ||
          (op == "<=" && !(order.status_date <= bound)) ||
          (op == "<" && !(order.status_date < bound))) {
        return false;
      }
    }
  }
  if (auto status = filters.find("status_id"); status != filters.end()) {
    std::vector<int64_t> ids;
    if (status->is_object() && status->contains("IN") && (*status)["IN"].is_array()) {
      for (const Json& id : (*status)["IN"]) {
        int64_t number = 0;
        if (id.is_number_integer()) ids.push_back(id.get<int64_t>());
        if (id.is_string() && absl::SimpleAtoi(id.get<std::string>(), &number)) {
          ids.push_back(number);
        }
      }
    } else if (status->is_number_integer()) {
      ids.push_back(status->get<int64_t>());
    }
    if (std::find(ids.begin(), ids.end(), order.status_id) == ids.end()) return false;
  }
  return true;
}

}  // namespace

std::pair<int, std::string> FakeShoperOrders::List(const std::string& filters,
                                                   const std::string& order,
                                                   const std::string& limit_text,
                                                   const std::string& page_text) const {
  Json parsed = Json::object();
  if (!filters.empty()) {
    parsed = Json::parse(filters, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) {
      return {400, Json{{"error", "invalid_request"}, {"error_description", "filters"}}.dump()};
    }
  }
  std::vector<FakeShoperOrder> matching;
  for (const FakeShoperOrder& candidate : orders_) {
    if (Matches(candidate, parsed)) matching.push_back(candidate);
  }
  std::stable_sort(matching.begin(), matching.end(),
                   [by_date = order == "status_date asc"](const auto& a, const auto& b) {
                     if (by_date && a.status_date != b.status_date) {
                       return a.status_date < b.status_date;
                     }
                     return a.order_id < b.order_id;
                   });
  int limit = 10;
  int page = 1;
  // Above 50 (or not a number) the shop silently uses 10.
  if (!absl::SimpleAtoi(limit_text, &limit) || limit < 1 || limit > 50) limit = 10;
  if (!absl::SimpleAtoi(page_text, &page) || page < 1) page = 1;
  const int count = static_cast<int>(matching.size());
  Json list = Json::array();
  for (int i = (page - 1) * limit; i < std::min(count, page * limit); ++i) {
    list.push_back(Row(matching[i]));
  }
  return {200, Json{{"count", absl::StrCat(count)},
                    {"pages", (count + limit - 1) / limit},
                    {"page", page},
                    {"list", list}}
                   .dump()};
}

}  // namespace opinus::testing
