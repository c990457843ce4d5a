// opinus-bench-claim: scenario 4's timer (bench/README.md). In one database
// session it EXPLAINs and times the dispatcher's due query (SelectDue) and its
// claim batch (MysqlDispatchStore::ClaimDue itself), and reads the session's
// Handler_read* counters around every run: counts of index entries read,
// which, unlike time, do not depend on how busy the machine is. A flat query
// reads as many at 10 thousand pending rows as at 10 million.
//
// Prints one line "BENCH_CLAIM {json}". Claimed rows stay 'sending': the
// caller puts them back.
#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "server/storage/mysql/mysql_dispatch_store.h"
#include "server/storage/mysql/rows.h"
#include "server/storage/mysql/session_pool.h"

ABSL_FLAG(std::string, db, "", "SOCI connection string of the database to measure");
ABSL_FLAG(int, batch, 50, "invitations a claim batch takes (the dispatcher's default)");
ABSL_FLAG(int, warmup, 3, "untimed runs of each kind first, so the pages are in memory");
ABSL_FLAG(int, runs, 15, "timed runs of each kind; the median is reported");

namespace {

using opinus::server::SessionPool;
using Counters = std::map<std::string, long long>;

// Text renders column `i` of an EXPLAIN row, whatever its type.
std::string Text(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) != soci::i_ok) return "";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string:
      return row.get<std::string>(i);
    case soci::dt_integer:
      return absl::StrCat(row.get<int>(i));
    case soci::dt_long_long:
      return absl::StrCat(row.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return absl::StrCat(row.get<unsigned long long>(i));
    case soci::dt_double:
      return absl::StrCat(row.get<double>(i));
    default:
      return "?";
  }
}

// Plan summarises the rows of an EXPLAIN as "table: type=... key=... rows=... extra=...".
std::string Plan(soci::rowset<soci::row>& rows) {
  std::vector<std::string> plan;
  for (const soci::row& row : rows) {
    plan.push_back(absl::StrCat(Text(row, 2), ": type=", Text(row, 3), " key=", Text(row, 5),
                                " rows=", Text(row, 8), " extra=", Text(row, 9)));
  }
  return absl::StrJoin(plan, "; ");
}

[[noreturn]] void Fail(const absl::Status& status) {
  std::fprintf(stderr, "bench-claim: %s\n", status.ToString().c_str());
  std::exit(1);
}

Counters ReadCounters(SessionPool& pool) {
  absl::StatusOr<Counters> counters = pool.Run([](soci::session& sql) -> absl::StatusOr<Counters> {
    Counters read;
    // Pages read from disk (global: the bench's database is otherwise idle).
    soci::rowset<soci::row> rows = (sql.prepare << "SHOW SESSION STATUS WHERE variable_name "
                                                   "LIKE 'Handler_read%' OR variable_name = "
                                                   "'Innodb_buffer_pool_reads'");
    for (const soci::row& row : rows)
      read[row.get<std::string>(0)] = std::stoll(row.get<std::string>(1));
    return read;
  });
  if (!counters.ok()) Fail(counters.status());
  return *counters;
}

// Measure keeps, for one kind of run, the times and the counters' growth.
struct Measure {
  std::vector<double> ms;
  // Growth in the last timed run (the same in every run of a flat plan),
  // less what reading the counters costs.
  Counters handler;

  std::string Json(const std::string& name) const {
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::string> counts;
    for (const auto& [counter, growth] : handler) {
      counts.push_back(absl::StrCat("\"", counter, "\":", growth));
    }
    return absl::StrCat("\"", name, "_ms_median\":", sorted[sorted.size() / 2], ",\"", name,
                        "_ms_min\":", sorted.front(), ",\"", name, "_ms_max\":", sorted.back(),
                        ",\"", name, "_handler\":{", absl::StrJoin(counts, ","), "}");
  }
};

// Timed runs `work` warmup + runs times; the timed ones go into the result.
template <typename Work>
Measure Time(SessionPool& pool, const Counters& overhead, Work work) {
  Measure measure;
  const int warmup = absl::GetFlag(FLAGS_warmup), runs = absl::GetFlag(FLAGS_runs);
  for (int i = 0; i < warmup + runs; ++i) {
    const Counters before = ReadCounters(pool);
    const auto start = std::chrono::steady_clock::now();
    work();
    const auto stop = std::chrono::steady_clock::now();
    const Counters after = ReadCounters(pool);
    if (i < warmup) continue;
    measure.ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    for (const auto& [counter, value] : after) {
      measure.handler[counter] = value - before.at(counter) - overhead.at(counter);
    }
  }
  return measure;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  opinus::server::SessionPoolOptions options;
  options.connect_string = absl::GetFlag(FLAGS_db);
  options.size = 1;  // one session: its counters are the statements' own
  absl::StatusOr<std::unique_ptr<SessionPool>> opened = SessionPool::Open(options);
  if (!opened.ok()) Fail(opened.status());
  SessionPool& pool = **opened;
  opinus::server::MysqlDispatchStore store(&pool);
  const int batch = absl::GetFlag(FLAGS_batch);

  // What reading the counters itself adds to them.
  Counters overhead;
  {
    const Counters first = ReadCounters(pool);
    const Counters second = ReadCounters(pool);
    for (const auto& [counter, value] : second) overhead[counter] = value - first.at(counter);
  }

  std::string due_plan, update_plan;
  absl::Status explained = pool.Run([&](soci::session& sql) -> absl::Status {
    std::tm now = opinus::server::ToDbTime(absl::Now());
    int limit = batch;
    soci::rowset<soci::row> due_rows = (sql.prepare << "EXPLAIN " << opinus::server::SelectDue(),
                                        soci::use(now, "now"), soci::use(limit, "limit"));
    due_plan = Plan(due_rows);
    // ClaimDue's one update of the selected rows, by primary key.
    long long id = 0;
    sql << "SELECT MIN(id) FROM invitations", soci::into(id);  // one entry of the primary key
    soci::rowset<soci::row> update_rows =
        (sql.prepare << "EXPLAIN UPDATE invitations SET state = 'sending', version = version + 1 "
                        "WHERE id IN (:id)",
         soci::use(id, "id"));
    update_plan = Plan(update_rows);
    return absl::OkStatus();
  });
  if (!explained.ok()) Fail(explained);

  // The due query alone, as ClaimDue runs it, in a transaction rolled back.
  int selected = 0;
  const Measure due = Time(pool, overhead, [&] {
    absl::Status status = pool.Run([&](soci::session& sql) -> absl::Status {
      std::tm now = opinus::server::ToDbTime(absl::Now());
      int limit = batch;
      soci::transaction transaction(sql);
      soci::rowset<soci::row> rows = (sql.prepare << opinus::server::SelectDue(),
                                      soci::use(now, "now"), soci::use(limit, "limit"));
      selected = static_cast<int>(std::distance(rows.begin(), rows.end()));
      transaction.rollback();
      return absl::OkStatus();
    });
    if (!status.ok()) Fail(status);
  });

  // One claim batch: the dispatcher's own transaction (select, one update of
  // the rows by id, one insert of their transitions, commit).
  int claimed = 0;
  const Measure claim = Time(pool, overhead, [&] {
    opinus::server::Claim request{"bench", absl::Now(), absl::Now() + absl::Minutes(5)};
    absl::StatusOr<std::vector<opinus::server::Invitation>> taken = store.ClaimDue(request, batch);
    if (!taken.ok()) Fail(taken.status());
    claimed = static_cast<int>(taken->size());
  });

  std::printf(
      "BENCH_CLAIM {%s,%s,\"selected\":%d,\"claimed\":%d,\"due_explain\":\"%s\","
      "\"update_explain\":\"%s\"}\n",
      due.Json("due").c_str(), claim.Json("claim").c_str(), selected, claimed, due_plan.c_str(),
      update_plan.c_str());
  return 0;
}
