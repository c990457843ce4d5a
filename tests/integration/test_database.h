// TestDatabase: a fresh MariaDB database for one test suite, on the private
// server that scripts/test starts (OPINUS_TEST_DB).
#ifndef OPINUS_TESTS_INTEGRATION_TEST_DATABASE_H_
#define OPINUS_TESTS_INTEGRATION_TEST_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus::testing {

// TestDatabase creates a uniquely named database and drops it on destruction.
class TestDatabase {
 public:
  // Create makes database `<prefix>_<pid>_<n>` on the server named by the
  // environment variable OPINUS_TEST_DB (a SOCI connection string without a
  // db). FAILED_PRECONDITION when the variable is not set: run scripts/test.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(absl::string_view prefix);

  ~TestDatabase();

  // connect_string returns the connection string of the new database.
  const std::string& connect_string() const { return connect_string_; }
  const std::string& name() const { return name_; }

  // port returns the database server's TCP port.
  int port() const;

  // ConnectStringVia returns connect_string() with the port replaced by
  // `port`, e.g. a TcpProxy's in front of the database.
  std::string ConnectStringVia(int port) const;

  // Execute runs one SQL statement on the database (for checks and set-up).
  void Execute(const std::string& sql) const;

  // QueryInt returns the first column of the first row of `sql`.
  long long QueryInt(const std::string& sql) const;

  // QueryStrings returns the first column of every row of `sql`.
  std::vector<std::string> QueryStrings(const std::string& sql) const;

  // ColumnsHolding returns "table.column" of every text column of every
  // table (read from information_schema, so that a new table or column cannot
  // slip by) that holds `text` in any letter case. Fails the test when it
  // sees too few columns to prove anything.
  std::vector<std::string> ColumnsHolding(const std::string& text) const;

 private:
  TestDatabase(std::string server, std::string name);

  std::string server_;
  std::string name_;
  std::string connect_string_;
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_TEST_DATABASE_H_
