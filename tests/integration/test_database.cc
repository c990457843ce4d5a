#include "tests/integration/test_database.h"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace opinus::testing {
namespace {

std::string WithoutScheme(absl::string_view text) {
  constexpr absl::string_view kScheme = "mysql://";
  return std::string(absl::StartsWith(text, kScheme) ? text.substr(kScheme.size()) : text);
}

}  // namespace

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(absl::string_view prefix) {
  const char* server = std::getenv("OPINUS_TEST_DB");
  if (server == nullptr || *server == '\0') {
    return absl::FailedPreconditionError(
        "OPINUS_TEST_DB is not set: run the tests through scripts/test");
  }
  static std::atomic<int> counter{0};
  std::string name = absl::StrCat(prefix, "_", getpid(), "_", counter++);
  soci::session session("mysql", WithoutScheme(server));
  session << "DROP DATABASE IF EXISTS " << name;
  session << "CREATE DATABASE " << name << " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
  return std::unique_ptr<TestDatabase>(new TestDatabase(WithoutScheme(server), std::move(name)));
}

TestDatabase::TestDatabase(std::string server, std::string name)
    : server_(std::move(server)),
      name_(std::move(name)),
      connect_string_(absl::StrCat("mysql://", server_, " db=", name_)) {}

TestDatabase::~TestDatabase() {
  try {
    soci::session session("mysql", server_);
    session << "DROP DATABASE IF EXISTS " << name_;
  } catch (const std::exception&) {
    // A database left behind dies with the private server.
  }
}

int TestDatabase::port() const {
  const size_t start = server_.find("port=") + 5;
  int port = 0;
  (void)absl::SimpleAtoi(server_.substr(start, server_.find(' ', start) - start), &port);
  return port;
}

std::string TestDatabase::ConnectStringVia(int port) const {
  return absl::StrReplaceAll(connect_string_,
                             {{absl::StrCat("port=", this->port()), absl::StrCat("port=", port)}});
}

void TestDatabase::Execute(const std::string& sql) const {
  soci::session session("mysql", absl::StrCat(server_, " db=", name_));
  session << sql;
}

long long TestDatabase::QueryInt(const std::string& sql) const {
  soci::session session("mysql", absl::StrCat(server_, " db=", name_));
  long long value = 0;
  session << sql, soci::into(value);
  return value;
}

std::vector<std::string> TestDatabase::QueryStrings(const std::string& sql) const {
  soci::session session("mysql", absl::StrCat(server_, " db=", name_));
  std::vector<std::string> values;
  soci::rowset<std::string> rows = session.prepare << sql;
  for (const std::string& value : rows) values.push_back(value);
  return values;
}

std::vector<std::string> TestDatabase::ColumnsHolding(const std::string& text) const {
  std::vector<std::string> holding;
  const std::vector<std::string> columns = QueryStrings(
      "SELECT CONCAT(table_name, '.', column_name) FROM information_schema.columns "
      "WHERE table_schema = DATABASE() AND data_type IN ('char', 'varchar', 'tinytext', "
      "'text', 'mediumtext', 'longtext', 'enum', 'set', 'json') ORDER BY 1");
  // The scan must see the tables, or it proves nothing.
  EXPECT_GT(columns.size(), 40u);
  for (const std::string& column : columns) {
    const std::vector<std::string> parts = absl::StrSplit(column, '.');
    if (QueryInt(absl::StrCat("SELECT COUNT(*) FROM `", parts[0], "` WHERE LOWER(`", parts[1],
                              "`) LIKE '%", absl::AsciiStrToLower(text), "%'")) > 0) {
      holding.push_back(column);
    }
  }
  return holding;
}

}  // namespace opinus::testing
