#include "server/storage/mysql/invitation_reason_columns.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {

InvitationReasonValues::InvitationReasonValues(const InvitationReason& reason)
    : text_(TruncateUtf8(InvitationReasonText(reason), 500)),
      code_(InvitationReasonCodeName(reason.code)),
      status_id_(reason.status_id),
      count_(reason.count),
      limit_(reason.limit),
      all_shops_(reason.all_shops ? 1 : 0),
      reminder_(reason.reminder ? 1 : 0),
      source_(TruncateUtf8(reason.source, 32)),
      detail_(TruncateUtf8(reason.detail, 500)) {
  if (reason.time) {
    time_ = ToDbTime(*reason.time);
    time_set_ = soci::i_ok;
  }
  if (reason.handover_time) {
    handover_time_ = ToDbTime(*reason.handover_time);
    handover_set_ = soci::i_ok;
  }
}

namespace {

// The reason's columns and the names BindTo binds their values under.
constexpr std::pair<const char*, const char*> kReasonColumns[] = {
    {"state_reason", "reason"},
    {"reason_code", "reason_code"},
    {"reason_time", "reason_time"},
    {"reason_status_id", "reason_status_id"},
    {"reason_count", "reason_count"},
    {"reason_limit", "reason_limit"},
    {"reason_all_shops", "reason_all_shops"},
    {"reason_reminder", "reason_reminder"},
    {"reason_source", "reason_source"},
    {"reason_detail", "reason_detail"},
    {"reason_handover_at", "reason_handover_at"},
};

}  // namespace

void InvitationReasonValues::BindTo(soci::statement& statement, absl::string_view suffix) {
  auto name = [&](absl::string_view base) { return absl::StrCat(base, suffix); };
  statement.exchange(soci::use(text_, name("reason")));
  statement.exchange(soci::use(code_, name("reason_code")));
  statement.exchange(soci::use(time_, time_set_, name("reason_time")));
  statement.exchange(soci::use(status_id_, name("reason_status_id")));
  statement.exchange(soci::use(count_, name("reason_count")));
  statement.exchange(soci::use(limit_, name("reason_limit")));
  statement.exchange(soci::use(all_shops_, name("reason_all_shops")));
  statement.exchange(soci::use(reminder_, name("reason_reminder")));
  statement.exchange(soci::use(source_, name("reason_source")));
  statement.exchange(soci::use(detail_, name("reason_detail")));
  statement.exchange(soci::use(handover_time_, handover_set_, name("reason_handover_at")));
}

std::string SetInvitationReasonsById(soci::statement& statement,
                                     std::vector<InvitationReasonValues>& reasons,
                                     const std::vector<long long>& ids) {
  for (size_t i = 0; i < reasons.size(); ++i) reasons[i].BindTo(statement, absl::StrCat("_", i));
  std::string set;
  for (const auto& [column, name] : kReasonColumns) {
    absl::StrAppend(&set, set.empty() ? "" : ", ", column, " = CASE id");
    for (size_t i = 0; i < ids.size(); ++i) {
      // A placeholder is bound once: each CASE names the ids anew.
      const std::string id = absl::StrCat(name, "_id_", i);
      statement.exchange(soci::use(ids[i], id));
      absl::StrAppend(&set, " WHEN :", id, " THEN :", name, "_", i);
    }
    absl::StrAppend(&set, " END");
  }
  return set;
}

void PrepareBound(soci::statement& statement, const std::string& text) {
  statement.alloc();
  statement.prepare(text);
  statement.define_and_bind();
}

}  // namespace opinus::server
