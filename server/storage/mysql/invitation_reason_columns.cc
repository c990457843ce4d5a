#include "server/storage/mysql/invitation_reason_columns.h"

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

void InvitationReasonValues::BindTo(soci::statement& statement) {
  statement.exchange(soci::use(text_, "reason"));
  statement.exchange(soci::use(code_, "reason_code"));
  statement.exchange(soci::use(time_, time_set_, "reason_time"));
  statement.exchange(soci::use(status_id_, "reason_status_id"));
  statement.exchange(soci::use(count_, "reason_count"));
  statement.exchange(soci::use(limit_, "reason_limit"));
  statement.exchange(soci::use(all_shops_, "reason_all_shops"));
  statement.exchange(soci::use(reminder_, "reason_reminder"));
  statement.exchange(soci::use(source_, "reason_source"));
  statement.exchange(soci::use(detail_, "reason_detail"));
  statement.exchange(soci::use(handover_time_, handover_set_, "reason_handover_at"));
}

void PrepareBound(soci::statement& statement, const std::string& text) {
  statement.alloc();
  statement.prepare(text);
  statement.define_and_bind();
}

}  // namespace opinus::server
