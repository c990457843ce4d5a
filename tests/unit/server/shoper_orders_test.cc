// GET orders as the core asks for and reads it: the query string (paging,
// order, filters, percent-encoded) and the page (counts as numbers or
// strings, each row kept whole).

#include "gtest/gtest.h"
#include "server/domain/shoper_messages.h"

namespace opinus::server {
namespace {

TEST(OrdersQueryTest, PagesAscendingByStatusDateWithTheFilters) {
  ShoperOrderQuery query;
  query.since_local = "2026-11-06 23:40:00";
  query.status_ids = {7, 10};
  EXPECT_EQ(OrdersQuery(query, 3, 50),
            "limit=50&page=3&order=status_date%20asc&filters=%7B%22status_date%22%3A%7B%22%3E%3D%"
            "22%3A%222026-11-06%2023%3A40%3A00%22%7D%2C%22status_id%22%3A%7B%22IN%22%3A%5B7%2C10%"
            "5D%7D%7D");
}

TEST(ParseOrderPageTest, ReadsCountsAsShoperSendsThemAndKeepsEachRow) {
  const absl::StatusOr<ShoperOrderPage> page = ParseOrderPage(
      R"({"count": "51", "pages": "2", "page": 1, "list": [{"order_id": "7", "email": "a@b.pl"},
          {"order_id": 8}]})");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->count, 51);
  EXPECT_EQ(page->pages, 2);
  ASSERT_EQ(page->orders.size(), 2u);
  EXPECT_EQ(page->orders[0], R"({"email":"a@b.pl","order_id":"7"})");
}

TEST(ParseOrderPageTest, AnEmptyListIsOnePageOfNothing) {
  const absl::StatusOr<ShoperOrderPage> page =
      ParseOrderPage(R"({"count": "0", "pages": 0, "page": 1, "list": []})");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->count, 0);
  EXPECT_EQ(page->pages, 1);
  EXPECT_TRUE(page->orders.empty());
}

TEST(ParseOrderPageTest, WhatDoesNotReadIsAnInternalError) {
  for (const char* body :
       {"[]", "not json", R"({"count": 1})", R"({"list": {}})", R"({"list": [1]})"}) {
    EXPECT_EQ(ParseOrderPage(body).status().code(), absl::StatusCode::kInternal) << body;
  }
}

}  // namespace
}  // namespace opinus::server
