// The columns that keep an invitation's reason as data (schema 24) beside
// its English words (state_reason): how writers set them, in one statement
// with the state they change.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_INVITATION_REASON_COLUMNS_H_
#define OPINUS_SERVER_STORAGE_MYSQL_INVITATION_REASON_COLUMNS_H_

#include <soci/soci.h>

#include <ctime>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/domain/invitation_reason.h"

namespace opinus::server {

// kSetInvitationReason is the SET list (without its leading "SET") that
// InvitationReasonValues binds.
inline constexpr char kSetInvitationReason[] =
    "state_reason = :reason, reason_code = :reason_code, reason_time = :reason_time, "
    "reason_status_id = :reason_status_id, reason_count = :reason_count, "
    "reason_limit = :reason_limit, reason_all_shops = :reason_all_shops, "
    "reason_reminder = :reason_reminder, reason_source = :reason_source, "
    "reason_detail = :reason_detail, reason_handover_at = :reason_handover_at";

// InvitationReasonValues holds a reason as its columns' values. Bound values
// are referenced, so it must outlive the statement's execution.
class InvitationReasonValues {
 public:
  explicit InvitationReasonValues(const InvitationReason& reason);

  // text returns the English words stored as state_reason (cut to 500 bytes).
  const std::string& text() const { return text_; }

  // BindTo adds the values to `statement` under kSetInvitationReason's
  // names, each followed by `suffix`.
  void BindTo(soci::statement& statement, absl::string_view suffix = "");

 private:
  std::string text_;
  std::string code_;
  std::tm time_{};
  soci::indicator time_set_ = soci::i_null;
  long long status_id_ = 0;
  int count_ = 0;
  int limit_ = 0;
  int all_shops_ = 0;
  int reminder_ = 0;
  std::string source_;
  std::string detail_;
  std::tm handover_time_{};
  soci::indicator handover_set_ = soci::i_null;
};

// SetInvitationReasonsById binds `reasons`, each for the row of the same
// place in `ids`, to `statement` and returns the SET list (without its
// leading "SET") that gives each row its own: a CASE on the id per column.
// Both must outlive the statement's execution.
std::string SetInvitationReasonsById(soci::statement& statement,
                                     std::vector<InvitationReasonValues>& reasons,
                                     const std::vector<long long>& ids);

// PrepareBound prepares `text` on `statement`, whose values are bound; it
// then runs with statement.execute(true).
void PrepareBound(soci::statement& statement, const std::string& text);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_INVITATION_REASON_COLUMNS_H_
