#include "server/storage/mysql/mysql_invitation_store.h"

#include <climits>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/storage/mysql/guarded_transition.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {

absl::StatusOr<Invitation> MysqlInvitationStore::GetInvitation(InvitationId id) {
  return pool_->Run([&](soci::session& sql) { return LoadInvitation(sql, id, false); });
}

absl::StatusOr<TokenOwner> MysqlInvitationStore::FindInvitationByToken(
    const std::string& token_hash) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<TokenOwner> {
    const std::string hash_hex = absl::BytesToHexString(token_hash);
    long long id = 0;
    std::string mail;
    std::tm created{};
    sql << "SELECT invitation_id, mail, created_at FROM invitation_tokens "
           "WHERE token_hash = UNHEX(:hash)",
        soci::use(hash_hex, "hash"), soci::into(id), soci::into(mail), soci::into(created);
    if (!sql.got_data()) return absl::NotFoundError("no e-mail carried this token");
    OPINUS_ASSIGN_OR_RETURN(Invitation invitation, LoadInvitation(sql, id, false));
    return TokenOwner{std::move(invitation), MailKindFromName(mail), FromDbTime(created)};
  });
}

absl::StatusOr<Page<Invitation>> MysqlInvitationStore::ListInvitations(
    ShopId shop_id, std::optional<InvitationState> state, const PageRequest& page) {
  absl::StatusOr<int64_t> before = ParsePageToken(page.token);
  if (!before.ok()) return before.status();
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Page<Invitation>> {
    long long shop = shop_id;
    long long before_id = *before == 0 ? LLONG_MAX : *before;
    int limit = page.size + 1;
    // Both forms walk an index: (shop_id, state, id), or the primary key.
    const std::string select = absl::StrCat(
        "SELECT ", kInvitationColumns, " FROM invitations WHERE shop_id = :shop AND id < :before",
        state ? " AND state = :state" : "", " ORDER BY id DESC LIMIT :limit");
    std::string state_name = state ? InvitationStateName(*state) : "";
    std::vector<Invitation> items = FetchRows<Invitation>(
        sql, select,
        [&](soci::statement& statement) {
          statement.exchange(soci::use(shop, "shop"));
          statement.exchange(soci::use(before_id, "before"));
          if (state) statement.exchange(soci::use(state_name, "state"));
          statement.exchange(soci::use(limit, "limit"));
        },
        ReadInvitation);
    return PageFrom(std::move(items), page.size);
  });
}

absl::StatusOr<Invitation> MysqlInvitationStore::ResendInvitation(InvitationId id,
                                                                  const InvitationReason& reason,
                                                                  absl::Time now) {
  return Change(id, InvitationEvent::kResend, reason, now);
}

absl::StatusOr<Invitation> MysqlInvitationStore::CancelInvitation(InvitationId id,
                                                                  const InvitationReason& reason,
                                                                  absl::Time now) {
  return Change(id, InvitationEvent::kCancel, reason, now);
}

absl::StatusOr<Invitation> MysqlInvitationStore::Change(InvitationId id, InvitationEvent event,
                                                        const InvitationReason& reason,
                                                        absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Invitation> {
    soci::transaction transaction(sql);
    OPINUS_ASSIGN_OR_RETURN(const LockedInvitation locked, LockInvitation(sql, id));
    OPINUS_ASSIGN_OR_RETURN(Invitation changed, ApplyTransition(sql, locked, event, reason, now));
    transaction.commit();
    return changed;
  });
}

}  // namespace opinus::server
