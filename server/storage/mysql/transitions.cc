#include "server/storage/mysql/transitions.h"

#include "absl/strings/str_cat.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {

void RecordTransitions(soci::session& sql, const std::vector<TransitionRecord>& records) {
  if (records.empty()) return;
  const size_t count = records.size();
  // Bound variables must outlive the statement's execution.
  std::vector<long long> ids(count);
  std::vector<std::tm> times(count);
  std::vector<std::string> reasons(count);
  soci::statement insert(sql);
  std::string rows;
  for (size_t i = 0; i < count; ++i) {
    ids[i] = records[i].id;
    times[i] = ToDbTime(records[i].at);
    reasons[i] = TruncateUtf8(records[i].reason, 500);
    insert.exchange(soci::use(ids[i], absl::StrCat("id", i)));
    insert.exchange(soci::use(times[i], absl::StrCat("at", i)));
    insert.exchange(soci::use(records[i].from, absl::StrCat("from", i)));
    insert.exchange(soci::use(records[i].to, absl::StrCat("to", i)));
    insert.exchange(soci::use(reasons[i], absl::StrCat("reason", i)));
    absl::StrAppend(&rows, i == 0 ? "" : ", ", "(:id", i, ", :at", i, ", :from", i, ", :to", i,
                    ", :reason", i, ")");
  }
  insert.alloc();
  insert.prepare(
      absl::StrCat("INSERT INTO invitation_transitions (invitation_id, at, from_state, to_state, "
                   "reason) VALUES ",
                   rows));
  insert.define_and_bind();
  insert.execute(true);
}

void RecordTransition(soci::session& sql, InvitationId id, absl::Time now, const std::string& from,
                      const std::string& to, const std::string& reason) {
  RecordTransitions(sql, {TransitionRecord{id, now, from, to, reason}});
}

std::vector<InvitationTransition> LoadTransitions(soci::session& sql, InvitationId id) {
  long long invitation_id = id;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, invitation_id, at, from_state, to_state, reason "
                      "FROM invitation_transitions WHERE invitation_id = :id ORDER BY id",
       soci::use(invitation_id, "id"));
  std::vector<InvitationTransition> transitions;
  for (const soci::row& row : rows) {
    InvitationTransition transition;
    transition.id = row.get<long long>(0);
    transition.invitation_id = row.get<long long>(1);
    transition.time = FromDbTime(row.get<std::tm>(2));
    transition.from_state = row.get<std::string>(3);
    transition.to_state = row.get<std::string>(4);
    transition.reason = row.get<std::string>(5);
    transitions.push_back(std::move(transition));
  }
  return transitions;
}

}  // namespace opinus::server
