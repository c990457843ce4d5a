#include "server/managers/order_backfiller.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status_macros.h"

namespace opinus::server {

absl::StatusOr<ShopApiAccess> OrderBackfiller::Access(ShopId shop_id) {
  OPINUS_ASSIGN_OR_RETURN(std::optional<ShopApiAccess> access, store_->FindShopAccess(shop_id));
  if (!access) {
    return absl::FailedPreconditionError(
        "the shop is not connected through the Shoper App Store: only the app may read its "
        "orders");
  }
  return *std::move(access);
}

absl::StatusOr<ShoperOrderPage> OrderBackfiller::ListOrders(ShopApiAccess& access,
                                                            const ShoperOrderQuery& query, int page,
                                                            int limit) {
  absl::StatusOr<ShoperOrderPage> answer =
      shoper_->ListOrders(access.shop_url, access.access_token, query, page, limit);
  if (!absl::IsUnauthenticated(answer.status())) return answer;
  // A token Shoper no longer takes (revoked, or expired early): the page
  // need not wait for its retry, nor the token for the connector's refresh.
  OPINUS_ASSIGN_OR_RETURN(access, refresh_(access));
  return shoper_->ListOrders(access.shop_url, access.access_token, query, page, limit);
}

absl::StatusOr<BackfillPreview> OrderBackfiller::Preview(ShopId shop_id, int days) {
  OPINUS_RETURN_IF_ERROR(ValidateBackfillDays(days));
  OPINUS_ASSIGN_OR_RETURN(const Shop shop, shops_->GetShop(shop_id));
  OPINUS_ASSIGN_OR_RETURN(ShopApiAccess access, Access(shop_id));
  BackfillPreview preview;
  preview.days = days;
  OPINUS_ASSIGN_OR_RETURN(preview.query, BackfillQuery(shop.settings, clock_->Now(), days));
  // One order a page: the count is all that is wanted.
  OPINUS_ASSIGN_OR_RETURN(const ShoperOrderPage first, ListOrders(access, preview.query, 1, 1));
  preview.count = first.count;
  return preview;
}

absl::StatusOr<OrderBackfill> OrderBackfiller::Start(ShopId shop_id, int days) {
  // Refused before Shoper is asked; the store refuses a race all the same.
  OPINUS_ASSIGN_OR_RETURN(const std::optional<OrderBackfill> latest,
                          store_->LatestBackfill(shop_id));
  if (latest && latest->state == BackfillState::kRunning) {
    return absl::AlreadyExistsError("the shop's backfill is still running");
  }
  OPINUS_ASSIGN_OR_RETURN(BackfillPreview preview, Preview(shop_id, days));
  const absl::Time now = clock_->Now();
  OrderBackfill backfill;
  backfill.shop_id = shop_id;
  backfill.days = days;
  backfill.query = std::move(preview.query);
  backfill.expected = preview.count;
  backfill.create_time = now;
  backfill.update_time = now;
  backfill.next_attempt_time = now;
  OPINUS_ASSIGN_OR_RETURN(backfill, store_->StartBackfill(std::move(backfill)));
  Log(LogLevel::kInfo, "backfill_started",
      {{"shop", absl::StrCat(shop_id)},
       {"backfill", absl::StrCat(backfill.id)},
       {"days", absl::StrCat(days)},
       {"expected", absl::StrCat(backfill.expected)}});
  return backfill;
}

absl::StatusOr<std::optional<OrderBackfill>> OrderBackfiller::Latest(ShopId shop_id) {
  return store_->LatestBackfill(shop_id);
}

absl::StatusOr<int> OrderBackfiller::RunDue(int max_backfills) {
  int ran = 0;
  while (ran < max_backfills) {
    const absl::Time now = clock_->Now();
    OPINUS_ASSIGN_OR_RETURN(std::optional<OrderBackfill> claimed,
                            store_->ClaimBackfill(now, now + settings_.lease));
    if (!claimed) break;
    ++ran;
    OrderBackfill backfill = *std::move(claimed);
    const absl::Status run = Run(backfill);
    if (run.ok()) continue;
    const FailureDecision decision =
        DecideAfterFailure(settings_.retry, FailureKind::kTemporary, backfill.attempts,
                           std::string(run.message()), clock_->Now(), random_->NextUnit());
    ++backfill.attempts;
    backfill.error = InvitationReasonText(decision.reason);
    backfill.state = decision.give_up ? BackfillState::kFailed : BackfillState::kRunning;
    backfill.next_attempt_time = decision.retry_at;
    backfill.update_time = clock_->Now();
    Log(LogLevel::kWarning, "backfill_failed",
        {{"shop", absl::StrCat(backfill.shop_id)},
         {"backfill", absl::StrCat(backfill.id)},
         {"page", absl::StrCat(backfill.next_page)},
         {"attempt", absl::StrCat(backfill.attempts)},
         {"state", BackfillStateName(backfill.state)},
         {"error", backfill.error}});
    OPINUS_RETURN_IF_ERROR(store_->SaveBackfill(backfill));
  }
  return ran;
}

absl::Status OrderBackfiller::Run(OrderBackfill& backfill) {
  OPINUS_ASSIGN_OR_RETURN(ShopApiAccess access, Access(backfill.shop_id));
  for (int read = 0; read < settings_.pages_per_run; ++read) {
    OPINUS_ASSIGN_OR_RETURN(
        const ShoperOrderPage page,
        ListOrders(access, backfill.query, backfill.next_page, kBackfillPageSize));
    OPINUS_RETURN_IF_ERROR(RecordPage(page, backfill));
    const absl::Time now = clock_->Now();
    backfill.pages = page.pages;
    const bool last = backfill.next_page >= page.pages;
    if (last) {
      backfill.state = BackfillState::kDone;
    } else {
      ++backfill.next_page;
    }
    backfill.attempts = 0;
    backfill.error.clear();
    backfill.update_time = now;
    // Still claimed while pages are read; due again at once after this run.
    backfill.next_attempt_time =
        now +
        (last || read + 1 == settings_.pages_per_run ? absl::ZeroDuration() : settings_.lease);
    OPINUS_RETURN_IF_ERROR(store_->SaveBackfill(backfill));
    if (last) {
      Log(LogLevel::kInfo, "backfill_done",
          {{"shop", absl::StrCat(backfill.shop_id)},
           {"backfill", absl::StrCat(backfill.id)},
           {"scheduled", absl::StrCat(backfill.scheduled)},
           {"duplicates", absl::StrCat(backfill.duplicates)},
           {"other", absl::StrCat(backfill.other)}});
      break;
    }
  }
  return absl::OkStatus();
}

absl::Status OrderBackfiller::RecordPage(const ShoperOrderPage& page, OrderBackfill& backfill) {
  for (const std::string& row : page.orders) {
    absl::StatusOr<OrderEvent> event = reader_(row);
    // A row the translation refuses would be refused as a delivery too.
    if (!event.ok()) {
      ++backfill.other;
      continue;
    }
    absl::StatusOr<EventRecord> record = recorder_->RecordFetched(backfill.shop_id, *event);
    if (absl::IsInvalidArgument(record.status())) {
      ++backfill.other;
      continue;
    }
    if (!record.ok()) return record.status();
    CountOutcome(record->outcome, backfill);
  }
  return absl::OkStatus();
}

}  // namespace opinus::server
