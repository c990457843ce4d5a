#include "server/storage/mysql/transitions.h"

#include "server/domain/validation.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {

void RecordTransition(soci::session& sql, InvitationId id, absl::Time now, const std::string& from,
                      const std::string& to, const std::string& reason) {
  long long invitation_id = id;
  std::tm at = ToDbTime(now);
  const std::string short_reason = TruncateUtf8(reason, 500);
  sql << "INSERT INTO invitation_transitions (invitation_id, at, from_state, to_state, reason) "
         "VALUES (:id, :at, :from_state, :to_state, :reason)",
      soci::use(invitation_id, "id"), soci::use(at, "at"), soci::use(from, "from_state"),
      soci::use(to, "to_state"), soci::use(short_reason, "reason");
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
