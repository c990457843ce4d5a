#include "tests/integration/test_database.h"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

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

}  // namespace opinus::testing
