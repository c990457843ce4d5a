// FakeShoperOrders: a shop's orders as GET /webapi/rest/orders serves them
// (filters on status_date and status_id, ascending by status date, paged),
// for the stand-in Shoper.
#ifndef OPINUS_TESTS_SUPPORT_FAKE_SHOPER_ORDERS_H_
#define OPINUS_TESTS_SUPPORT_FAKE_SHOPER_ORDERS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace opinus::testing {

// FakeShoperOrder is what a test says of one order; the rest of the row
// (addresses, status object, sums) is filled in as Shoper's list rows are.
struct FakeShoperOrder {
  int64_t order_id = 0;
  std::string email;
  std::string first_name = "Jan";
  std::string last_name = "Kowalski";
  int64_t status_id = 7;
  // 1 new, 2 opened, 3 closed, 4 not completed.
  int status_type = 3;
  std::string status_name = "przesyłka wysłana";
  // Shop-local, naive: "YYYY-MM-DD HH:MM:SS".
  std::string status_date;
};

// FakeShoperOrders holds the orders and answers the list. Not thread-safe
// (the fake's lock guards it).
class FakeShoperOrders {
 public:
  void Add(FakeShoperOrder order) { orders_.push_back(std::move(order)); }

  // List returns the status and JSON body of GET orders with these query
  // parameters (as received, decoded): `filters` a JSON object whose
  // status_date takes ">=", ">", "<", "<=" and whose status_id takes a
  // number or {"IN": [...]}; `order` "status_date asc" or none (then by
  // order_id, as Shoper's default); `limit` 1-50 (else 10); `page` from 1.
  // 400 for filters that are not JSON.
  std::pair<int, std::string> List(const std::string& filters, const std::string& order,
                                   const std::string& limit, const std::string& page) const;

 private:
  std::vector<FakeShoperOrder> orders_;
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_SUPPORT_FAKE_SHOPER_ORDERS_H_
