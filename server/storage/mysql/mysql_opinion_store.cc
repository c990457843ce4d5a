#include "server/storage/mysql/mysql_opinion_store.h"

#include <climits>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/storage/mysql/guarded_transition.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

const char* StatusName(OpinionStatus status) {
  switch (status) {
    case OpinionStatus::kHidden:
      return "hidden";
    case OpinionStatus::kWithdrawn:
      return "withdrawn";
    case OpinionStatus::kPublished:
      break;
  }
  return "published";
}

absl::Status WithdrawnForGood(OpinionId id) {
  return absl::FailedPreconditionError(
      absl::StrCat("opinion ", id, " was withdrawn by its author"));
}

// LoadOpinion returns opinion `id` (of shop `shop_id` unless 0), locking it
// when `for_update`; NOT_FOUND when there is none.
absl::StatusOr<Opinion> LoadOpinion(soci::session& sql, ShopId shop_id, OpinionId id,
                                    bool for_update) {
  long long opinion_id = id;
  long long shop = shop_id;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kOpinionColumns
                   << " FROM opinions WHERE id = :id AND (:shop = 0 OR shop_id = :shop2)"
                   << (for_update ? " FOR UPDATE" : ""),
       soci::use(opinion_id, "id"), soci::use(shop, "shop"), soci::use(shop, "shop2"));
  for (const soci::row& row : rows) return ReadOpinion(row);
  return absl::NotFoundError(absl::StrCat("opinion ", id, " not found"));
}

void InsertRevision(soci::session& sql, OpinionId id, const OpinionInput& input, absl::Time at) {
  long long opinion_id = id;
  std::tm when = ToDbTime(at);
  sql << "INSERT INTO opinion_revisions (opinion_id, at, rating, delivery_rating, "
         "product_rating, service_rating, comment, display_name) VALUES (:id, :at, :rating, "
         ":delivery, :product, :service, :comment, :name)",
      soci::use(opinion_id, "id"), soci::use(when, "at"), soci::use(input.rating, "rating"),
      soci::use(input.delivery_rating, "delivery"), soci::use(input.product_rating, "product"),
      soci::use(input.service_rating, "service"), soci::use(input.comment, "comment"),
      soci::use(input.display_name, "name");
}

// AddToSummary adds `input`'s share `times` times (-1 takes it away) to the
// shop's summary row, creating it at the first opinion.
void AddToSummary(soci::session& sql, ShopId shop_id, const OpinionInput& input, int times) {
  RatingSummary delta;
  delta.Add(input, times);
  long long shop = shop_id;
  long long values[] = {delta.count,
                        delta.rating_sum,
                        delta.count_by_rating[0],
                        delta.count_by_rating[1],
                        delta.count_by_rating[2],
                        delta.count_by_rating[3],
                        delta.count_by_rating[4],
                        delta.delivery_sum,
                        delta.delivery_count,
                        delta.product_sum,
                        delta.product_count,
                        delta.service_sum,
                        delta.service_count};
  sql << "INSERT INTO shop_rating_summaries (shop_id, opinions, rating_sum, stars_1, stars_2, "
         "stars_3, stars_4, stars_5, delivery_sum, delivery_count, product_sum, product_count, "
         "service_sum, service_count) VALUES (:shop, :v0, :v1, :v2, :v3, :v4, :v5, :v6, :v7, "
         ":v8, :v9, :v10, :v11, :v12) ON DUPLICATE KEY UPDATE opinions = opinions + "
         "VALUES(opinions), rating_sum = rating_sum + VALUES(rating_sum), stars_1 = stars_1 + "
         "VALUES(stars_1), stars_2 = stars_2 + VALUES(stars_2), stars_3 = stars_3 + "
         "VALUES(stars_3), stars_4 = stars_4 + VALUES(stars_4), stars_5 = stars_5 + "
         "VALUES(stars_5), delivery_sum = delivery_sum + VALUES(delivery_sum), delivery_count = "
         "delivery_count + VALUES(delivery_count), product_sum = product_sum + "
         "VALUES(product_sum), product_count = product_count + VALUES(product_count), "
         "service_sum = service_sum + VALUES(service_sum), service_count = service_count + "
         "VALUES(service_count)",
      soci::use(shop, "shop"), soci::use(values[0], "v0"), soci::use(values[1], "v1"),
      soci::use(values[2], "v2"), soci::use(values[3], "v3"), soci::use(values[4], "v4"),
      soci::use(values[5], "v5"), soci::use(values[6], "v6"), soci::use(values[7], "v7"),
      soci::use(values[8], "v8"), soci::use(values[9], "v9"), soci::use(values[10], "v10"),
      soci::use(values[11], "v11"), soci::use(values[12], "v12");
}

}  // namespace

absl::StatusOr<std::optional<Opinion>> MysqlOpinionStore::FindOpinionByInvitation(
    InvitationId invitation_id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<Opinion>> {
    long long id = invitation_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kOpinionColumns << " FROM opinions WHERE invitation_id = :id",
         soci::use(id, "id"));
    for (const soci::row& row : rows) return std::optional<Opinion>(ReadOpinion(row));
    return std::optional<Opinion>();
  });
}

absl::StatusOr<Opinion> MysqlOpinionStore::GetOpinion(OpinionId id) {
  return pool_->Run([&](soci::session& sql) { return LoadOpinion(sql, 0, id, false); });
}

absl::StatusOr<Opinion> MysqlOpinionStore::CreateOpinion(const Opinion& opinion) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Opinion> {
    long long shop = opinion.shop_id;
    long long invitation = opinion.invitation_id;
    std::tm now = ToDbTime(opinion.create_time);
    const OpinionInput& input = opinion.input;
    const std::string status = StatusName(opinion.status);
    soci::transaction transaction(sql);
    // Locking the invitation first serialises two submits of one link: the
    // second finds the first's opinion.
    OPINUS_ASSIGN_OR_RETURN(const LockedInvitation locked,
                            LockInvitation(sql, opinion.invitation_id));
    int existing = 0;
    sql << "SELECT COUNT(*) FROM opinions WHERE invitation_id = :id", soci::use(invitation, "id"),
        soci::into(existing);
    if (existing > 0) return absl::AlreadyExistsError("the invitation has an opinion already");
    sql << "INSERT INTO opinions (shop_id, invitation_id, order_id, rating, delivery_rating, "
           "product_rating, service_rating, comment, display_name, status, created_at, "
           "updated_at, edits, reply, reply_at, reported, report_reason, moderation_reason) "
           "VALUES (:shop, :invitation, :order_id, :rating, :delivery, :product, :service, "
           ":comment, :name, :status, :now, :now2, 0, '', NULL, 0, '', '')",
        soci::use(shop, "shop"), soci::use(invitation, "invitation"),
        soci::use(opinion.order_id, "order_id"), soci::use(input.rating, "rating"),
        soci::use(input.delivery_rating, "delivery"), soci::use(input.product_rating, "product"),
        soci::use(input.service_rating, "service"), soci::use(input.comment, "comment"),
        soci::use(input.display_name, "name"), soci::use(status, "status"), soci::use(now, "now"),
        soci::use(now, "now2");
    long long id = 0;
    sql.get_last_insert_id("opinions", id);
    InsertRevision(sql, id, input, opinion.create_time);
    if (opinion.status == OpinionStatus::kPublished) AddToSummary(sql, opinion.shop_id, input, 1);
    // Also while its reminder is claimed: the claim ends, and the reminder
    // does not leave.
    if (CheckTransition(locked.invitation, InvitationEvent::kReview).ok()) {
      OPINUS_RETURN_IF_ERROR(ApplyTransition(sql, locked, InvitationEvent::kReview,
                                             InvitationReasonOf(InvitationReasonCode::kReviewed),
                                             opinion.create_time)
                                 .status());
    }
    absl::StatusOr<Opinion> stored = LoadOpinion(sql, 0, id, false);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<Opinion> MysqlOpinionStore::EditOpinion(OpinionId id, const OpinionInput& input,
                                                       absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Opinion> {
    soci::transaction transaction(sql);
    OPINUS_ASSIGN_OR_RETURN(Opinion old, LoadOpinion(sql, 0, id, true));
    long long opinion_id = id;
    std::tm at = ToDbTime(now);
    sql << "UPDATE opinions SET rating = :rating, delivery_rating = :delivery, "
           "product_rating = :product, service_rating = :service, comment = :comment, "
           "display_name = :name, updated_at = :now, edits = edits + 1 WHERE id = :id",
        soci::use(input.rating, "rating"), soci::use(input.delivery_rating, "delivery"),
        soci::use(input.product_rating, "product"), soci::use(input.service_rating, "service"),
        soci::use(input.comment, "comment"), soci::use(input.display_name, "name"),
        soci::use(at, "now"), soci::use(opinion_id, "id");
    InsertRevision(sql, id, input, now);
    if (old.status == OpinionStatus::kPublished) {
      AddToSummary(sql, old.shop_id, old.input, -1);
      AddToSummary(sql, old.shop_id, input, 1);
    }
    absl::StatusOr<Opinion> stored = LoadOpinion(sql, 0, id, false);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<Page<Opinion>> MysqlOpinionStore::ListOpinions(ShopId shop_id,
                                                              const OpinionFilter& filter,
                                                              const PageRequest& page) {
  absl::StatusOr<int64_t> before = ParsePageToken(page.token);
  if (!before.ok()) return before.status();
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Page<Opinion>> {
    long long shop = shop_id;
    long long before_id = *before == 0 ? LLONG_MAX : *before;
    int limit = page.size + 1;
    int min_rating = filter.min_rating;
    int max_rating = filter.max_rating;
    std::tm after = ToDbTime(filter.updated_after.value_or(absl::UnixEpoch()));
    // Published opinions walk opinions_shop (shop_id, status, id).
    const std::string select = absl::StrCat(
        "SELECT ", kOpinionColumns, " FROM opinions WHERE shop_id = :shop",
        filter.include_hidden ? "" : " AND status = 'published'", " AND id < :before",
        filter.min_rating > 0 ? " AND rating >= :min_rating" : "",
        filter.max_rating > 0 ? " AND rating <= :max_rating" : "",
        filter.updated_after ? " AND updated_at > :after" : "", " ORDER BY id DESC LIMIT :limit");
    std::vector<Opinion> items = FetchRows<Opinion>(
        sql, select,
        [&](soci::statement& statement) {
          statement.exchange(soci::use(shop, "shop"));
          statement.exchange(soci::use(before_id, "before"));
          if (filter.min_rating > 0) statement.exchange(soci::use(min_rating, "min_rating"));
          if (filter.max_rating > 0) statement.exchange(soci::use(max_rating, "max_rating"));
          if (filter.updated_after) statement.exchange(soci::use(after, "after"));
          statement.exchange(soci::use(limit, "limit"));
        },
        ReadOpinion);
    return PageFrom(std::move(items), page.size);
  });
}

absl::StatusOr<RatingSummary> MysqlOpinionStore::GetRatingSummary(ShopId shop_id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<RatingSummary> {
    long long shop = shop_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT opinions, rating_sum, stars_1, stars_2, stars_3, stars_4, "
                        "stars_5, delivery_sum, delivery_count, product_sum, product_count, "
                        "service_sum, service_count FROM shop_rating_summaries "
                        "WHERE shop_id = :shop",
         soci::use(shop, "shop"));
    RatingSummary summary;
    for (const soci::row& row : rows) {
      summary.count = row.get<long long>(0);
      summary.rating_sum = row.get<long long>(1);
      for (std::size_t i = 0; i < 5; ++i) summary.count_by_rating[i] = row.get<long long>(2 + i);
      summary.delivery_sum = row.get<long long>(7);
      summary.delivery_count = row.get<long long>(8);
      summary.product_sum = row.get<long long>(9);
      summary.product_count = row.get<long long>(10);
      summary.service_sum = row.get<long long>(11);
      summary.service_count = row.get<long long>(12);
    }
    return summary;
  });
}

absl::StatusOr<Opinion> MysqlOpinionStore::SetReply(ShopId shop_id, OpinionId id,
                                                    const std::string& reply, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Opinion> {
    soci::transaction transaction(sql);
    OPINUS_RETURN_IF_ERROR(LoadOpinion(sql, shop_id, id, true).status());
    long long opinion_id = id;
    std::tm at = ToDbTime(now);
    soci::indicator at_indicator = reply.empty() ? soci::i_null : soci::i_ok;
    sql << "UPDATE opinions SET reply = :reply, reply_at = :reply_at, updated_at = :now "
           "WHERE id = :id",
        soci::use(reply, "reply"), soci::use(at, at_indicator, "reply_at"), soci::use(at, "now"),
        soci::use(opinion_id, "id");
    absl::StatusOr<Opinion> stored = LoadOpinion(sql, 0, id, false);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<Opinion> MysqlOpinionStore::Report(ShopId shop_id, OpinionId id,
                                                  const std::string& reason, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Opinion> {
    soci::transaction transaction(sql);
    OPINUS_RETURN_IF_ERROR(LoadOpinion(sql, shop_id, id, true).status());
    long long opinion_id = id;
    std::tm at = ToDbTime(now);
    sql << "UPDATE opinions SET reported = 1, report_reason = :reason, updated_at = :now "
           "WHERE id = :id",
        soci::use(reason, "reason"), soci::use(at, "now"), soci::use(opinion_id, "id");
    absl::StatusOr<Opinion> stored = LoadOpinion(sql, 0, id, false);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<Opinion> MysqlOpinionStore::SetStatus(OpinionId id, OpinionStatus status,
                                                     const std::string& reason, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Opinion> {
    soci::transaction transaction(sql);
    OPINUS_ASSIGN_OR_RETURN(Opinion old, LoadOpinion(sql, 0, id, true));
    if (old.status == OpinionStatus::kWithdrawn) return WithdrawnForGood(id);
    long long opinion_id = id;
    std::tm at = ToDbTime(now);
    const std::string name = StatusName(status);
    sql << "UPDATE opinions SET status = :status, moderation_reason = :reason, updated_at = :now "
           "WHERE id = :id",
        soci::use(name, "status"), soci::use(reason, "reason"), soci::use(at, "now"),
        soci::use(opinion_id, "id");
    if (old.status != status) {
      AddToSummary(sql, old.shop_id, old.input, status == OpinionStatus::kPublished ? 1 : -1);
    }
    absl::StatusOr<Opinion> stored = LoadOpinion(sql, 0, id, false);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<Opinion> MysqlOpinionStore::Withdraw(OpinionId id, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Opinion> {
    soci::transaction transaction(sql);
    OPINUS_ASSIGN_OR_RETURN(Opinion old, LoadOpinion(sql, 0, id, true));
    if (old.status == OpinionStatus::kWithdrawn) return old;
    long long opinion_id = id;
    std::tm at = ToDbTime(now);
    const std::string name = StatusName(OpinionStatus::kWithdrawn);
    // The ratings stay (no one's words, counted nowhere now); what the author
    // wrote, their signature and the shop's answer to them go.
    sql << "UPDATE opinions SET status = :status, comment = '', display_name = '', reply = '', "
           "reply_at = NULL, report_reason = '', moderation_reason = '', updated_at = :now "
           "WHERE id = :id",
        soci::use(name, "status"), soci::use(at, "now"), soci::use(opinion_id, "id");
    sql << "DELETE FROM opinion_revisions WHERE opinion_id = :id", soci::use(opinion_id, "id");
    if (old.status == OpinionStatus::kPublished) AddToSummary(sql, old.shop_id, old.input, -1);
    absl::StatusOr<Opinion> stored = LoadOpinion(sql, 0, id, false);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<std::vector<OpinionInput>> MysqlOpinionStore::ListRevisions(OpinionId id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<OpinionInput>> {
    long long opinion_id = id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT rating, delivery_rating, product_rating, service_rating, "
                        "comment, display_name FROM opinion_revisions WHERE opinion_id = :id "
                        "ORDER BY id",
         soci::use(opinion_id, "id"));
    std::vector<OpinionInput> revisions;
    for (const soci::row& row : rows) {
      OpinionInput input;
      input.rating = row.get<int>(0);
      input.delivery_rating = row.get<int>(1);
      input.product_rating = row.get<int>(2);
      input.service_rating = row.get<int>(3);
      input.comment = row.get<std::string>(4);
      input.display_name = row.get<std::string>(5);
      input.consent = true;
      revisions.push_back(std::move(input));
    }
    return revisions;
  });
}

}  // namespace opinus::server
