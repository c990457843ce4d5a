// The MySQL stores and migrations against a real MariaDB.
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/storage/mysql/mysql_mail_feedback_store.h"
#include "tests/integration/mysql_storage_fixture.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

TEST_F(MysqlStorageTest, MigrationsRunTwiceChangeNothing) {
  const long long applied = database_->QueryInt("SELECT COUNT(*) FROM schema_migrations");
  EXPECT_GE(applied, 3);
  absl::StatusOr<int> again = ApplyMigrations(*pool_, opinus::testing::TestAddressHasher());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM schema_migrations"), applied);
}

// Migration 15 on the lists as schema 14 kept them: each address becomes its
// keyed hash, reasons lose the addresses they quote, and two rows that were
// one address once normalised (" Jan@Example.com") become one (the older).
TEST_F(MysqlStorageTest, SuppressionListsOfSchema14KeepOnlyTheKeyedHashAfterMigration15) {
  database_->Execute("DELETE FROM schema_migrations WHERE version = 15");
  database_->Execute(
      "ALTER TABLE suppressions DROP INDEX suppressions_hash_shop, DROP COLUMN email_hash, "
      "ADD COLUMN email VARCHAR(254) NOT NULL, ADD UNIQUE KEY suppressions_email_shop (email, "
      "shop_id)");
  database_->Execute(
      "INSERT INTO suppressions (shop_id, email, created_at, source, reason) VALUES "
      "(0, 'jan@example.com', '2024-05-01 10:00:00', 'bounce', '5.1.1 <jan@example.com> unknown'), "
      "(0, ' Jan@Example.com', '2024-05-02 10:00:00', 'operator', 'again'), "
      "(7, 'jan@example.com', '2024-05-03 10:00:00', 'one-click', 'unsubscribed'), "
      "(0, 'ewa@example.com', '2024-05-04 10:00:00', 'complaint', 'abuse')");
  absl::StatusOr<int> applied = ApplyMigrations(*pool_, opinus::testing::TestAddressHasher());
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 1);

  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM information_schema.columns WHERE "
                                "table_schema = DATABASE() AND table_name = 'suppressions' AND "
                                "column_name = 'email'"),
            0);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM suppressions"), 3);
  const absl::StatusOr<std::optional<Suppression>> jan =
      suppressions_->FindSuppression(8, Hash("JAN@example.com"));
  ASSERT_TRUE(jan.ok() && jan->has_value()) << jan.status();
  EXPECT_EQ((*jan)->shop_id, Suppression::kAllShops);
  EXPECT_EQ((*jan)->source, "bounce");
  EXPECT_EQ((*jan)->reason, "5.1.1 <***@example.com> unknown");
  EXPECT_EQ(suppressions_->FindSuppression(7, Hash("jan@example.com"))->value().shop_id, 7);
  EXPECT_EQ(suppressions_->FindSuppression(7, Hash("ewa@example.com"))->value().source,
            "complaint");
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM suppressions WHERE reason LIKE "
                                "'%jan@example.com%'"),
            0);
}

// Migration 19 on installations schema 18 connected: each gets its refresh a
// day before its tokens expire; those with a time, or not connected, keep it.
TEST_F(MysqlStorageTest, ConnectedInstallationsGetTheirRefreshTimeInMigration19) {
  database_->Execute("DELETE FROM schema_migrations WHERE version = 19");
  database_->Execute(
      "INSERT INTO app_installations (licence, shop_url, application_code, application_version, "
      "installed, installed_at, updated_at, subscription_end, callbacks, connect_state, "
      "next_connect_at, token_expires_at) VALUES "
      "('old', 'https://a.pl', 'opinus', '1', 1, NOW(), NOW(), '', 1, 'connected', NULL, "
      "'2027-01-31 12:00:00'), "
      "('timed', 'https://b.pl', 'opinus', '1', 1, NOW(), NOW(), '', 1, 'connected', "
      "'2027-01-05 08:00:00', '2027-01-31 12:00:00'), "
      "('waiting', 'https://c.pl', 'opinus', '1', 1, NOW(), NOW(), '', 1, 'failed', NULL, "
      "'2027-01-31 12:00:00')");
  absl::StatusOr<int> applied = ApplyMigrations(*pool_, opinus::testing::TestAddressHasher());
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 1);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_installations WHERE "
                                "(licence = 'old' AND next_connect_at = '2027-01-30 12:00:00') OR "
                                "(licence = 'timed' AND next_connect_at = '2027-01-05 08:00:00') "
                                "OR (licence = 'waiting' AND next_connect_at IS NULL)"),
            3);
}

TEST_F(MysqlStorageTest, MailFeedbackIsCountedPerShopAndKindUnmatchedLeftOut) {
  MysqlMailFeedbackStore feedback(pool_.get());
  auto record = [&](FeedbackKind kind, ShopId shop) {
    MailFeedback item;
    item.kind = kind;
    item.receive_time = clock_.now;
    item.shop_id = shop;
    item.detail = "x";
    ASSERT_TRUE(feedback.RecordFeedback(item, std::nullopt, InvitationReason()).ok());
  };
  record(FeedbackKind::kSoftBounce, 7);
  record(FeedbackKind::kSoftBounce, 7);
  record(FeedbackKind::kComplaint, 7);
  record(FeedbackKind::kComplaint, 8);
  record(FeedbackKind::kUnmatched, 0);
  absl::StatusOr<std::map<FeedbackKind, int64_t>> counts = feedback.CountFeedback(7);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(*counts, (std::map<FeedbackKind, int64_t>{{FeedbackKind::kSoftBounce, 2},
                                                      {FeedbackKind::kComplaint, 1}}));
  EXPECT_TRUE(feedback.CountFeedback(9)->empty());
}

TEST_F(MysqlStorageTest, ShopRoundTripsWithDefaults) {
  Shop created = CreateShop();
  absl::StatusOr<Shop> loaded = shops_->GetShop(created.id);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->name, "Ceramika");
  EXPECT_EQ(loaded->domain, "sklep123456.shoparena.pl");
  EXPECT_EQ(loaded->webhook_key, created.webhook_key);
  EXPECT_EQ(loaded->webhook_key.size(), 20u);
  EXPECT_EQ(loaded->settings.invitation_delay_days, 7);
  EXPECT_EQ(loaded->settings.trigger.status_type, StatusType::kClosed);
  EXPECT_EQ(loaded->settings.time_zone, "Europe/Warsaw");
  EXPECT_TRUE(loaded->settings.sending_enabled);
  EXPECT_EQ(loaded->settings.sender_name, "");
  EXPECT_EQ(loaded->settings.language, "pl");
  EXPECT_EQ(loaded->settings.sending_hours, (SendingHours{8, 20}));
  EXPECT_EQ(loaded->create_time, clock_.now);
  EXPECT_TRUE(absl::IsNotFound(shops_->GetShop(created.id + 1000).status()));
}

// An operator's shop is approved as it is made; an owner's waits, and keeps
// its first approval. Mails of the last 24 hours count per shop, reminders
// included.
TEST_F(MysqlStorageTest, ApprovalRoundTripsAndSentMailsAreCountedPerShop) {
  const Shop operators = CreateShop();
  EXPECT_EQ(operators.approve_time, clock_.now);
  Shop draft = operators;
  draft.webhook_key = "OWNERSSHOP0123456789";
  draft.approve_time.reset();
  ASSERT_OK_AND_ASSIGN(Shop owners, shops_->CreateShop(draft));
  EXPECT_FALSE(owners.approve_time.has_value());
  ASSERT_OK_AND_ASSIGN(Shop approved, shops_->ApproveShop(owners.id, clock_.now));
  EXPECT_EQ(approved.approve_time, clock_.now);
  ASSERT_OK_AND_ASSIGN(Shop again, shops_->ApproveShop(owners.id, clock_.now + absl::Hours(1)));
  EXPECT_EQ(again.approve_time, clock_.now);
  EXPECT_TRUE(absl::IsNotFound(shops_->ApproveShop(9999, clock_.now).status()));

  ASSERT_TRUE(recorder_->Record(operators.webhook_key, Shipped("1")).ok());
  ASSERT_TRUE(recorder_->Record(operators.webhook_key, Shipped("2")).ok());
  ASSERT_TRUE(recorder_->Record(operators.webhook_key, Shipped("3")).ok());
  ASSERT_TRUE(recorder_->Record(owners.webhook_key, Shipped("4")).ok());
  // Two sent within the day (one of them reminded too), one two days ago.
  database_->Execute("UPDATE invitations SET sent_at = '2024-05-09 09:00:00' WHERE order_id = '1'");
  database_->Execute(
      "UPDATE invitations SET sent_at = '2024-05-07 09:00:00', reminder_sent_at = "
      "'2024-05-09 08:00:00' WHERE order_id = '2'");
  database_->Execute("UPDATE invitations SET sent_at = '2024-05-07 09:00:00' WHERE order_id = '3'");
  using Counts = std::map<ShopId, int>;
  ASSERT_OK_AND_ASSIGN(Counts counts, shops_->CountMailsSentSince({operators.id, owners.id},
                                                                  clock_.now - absl::Hours(24)));
  EXPECT_EQ(counts, (Counts{{operators.id, 2}}));
}

TEST_F(MysqlStorageTest, SenderLanguageAndSendingHoursRoundTrip) {
  Shop shop = CreateShop();
  SettingsUpdate update;
  update.sender_name = "Ceramika Kowalski – sklep";
  update.language = "en";
  update.sending_hours = SendingHours{0, 24};
  ASSERT_TRUE(manager_->UpdateSettings(shop.id, update).ok());
  absl::StatusOr<Shop> loaded = shops_->GetShop(shop.id);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->settings.sender_name, "Ceramika Kowalski – sklep");
  EXPECT_EQ(loaded->settings.language, "en");
  EXPECT_EQ(loaded->settings.sending_hours, (SendingHours{0, 24}));
}

TEST_F(MysqlStorageTest, KeyLookupIsExactAndCaseSensitive) {
  Shop shop = CreateShop();
  absl::StatusOr<std::optional<Shop>> found = shops_->FindShopByKey(shop.webhook_key);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, shop.id);

  std::string flipped = shop.webhook_key;
  for (char& c : flipped)
    c = absl::ascii_isupper(c) ? absl::ascii_tolower(c) : absl::ascii_toupper(c);
  if (flipped != shop.webhook_key) {
    absl::StatusOr<std::optional<Shop>> other_case = shops_->FindShopByKey(flipped);
    ASSERT_TRUE(other_case.ok());
    EXPECT_FALSE(other_case->has_value());
  }
}

TEST_F(MysqlStorageTest, DuplicateKeyIsRefusedByTheUniqueIndex) {
  Shop first = CreateShop();
  Shop copy = first;
  copy.id = 0;
  EXPECT_TRUE(absl::IsAlreadyExists(shops_->CreateShop(copy).status()));
}

// Slugs follow InMemoryStorage's contract: given once, unique, found exactly.
TEST_F(MysqlStorageTest, ShopSlugsAreGivenOnceUniqueAndFoundExactly) {
  Shop first = CreateShop();
  EXPECT_EQ(first.slug, "sklep123456");
  Shop second = CreateShop();
  EXPECT_EQ(second.slug, "sklep123456-2");
  ASSERT_OK_AND_ASSIGN(Shop loaded, shops_->GetShop(second.id));
  EXPECT_EQ(loaded.slug, "sklep123456-2");

  ASSERT_OK_AND_ASSIGN(std::optional<Shop> found, shops_->FindShopBySlug("sklep123456-2"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, second.id);
  ASSERT_OK_AND_ASSIGN(std::optional<Shop> other_case, shops_->FindShopBySlug("SKLEP123456"));
  EXPECT_FALSE(other_case.has_value());

  // Kept once given; another shop's slug is refused by the unique index.
  ASSERT_OK_AND_ASSIGN(Shop kept, shops_->SetShopSlug(first.id, "inny"));
  EXPECT_EQ(kept.slug, "sklep123456");
  database_->Execute(absl::StrCat("UPDATE shops SET slug = NULL WHERE id = ", second.id));
  EXPECT_TRUE(absl::IsAlreadyExists(shops_->SetShopSlug(second.id, "sklep123456").status()));
  EXPECT_TRUE(absl::IsNotFound(shops_->SetShopSlug(9999, "nikt").status()));
}

TEST_F(MysqlStorageTest, ShippedOrderSchedulesOneInvitationInUtc) {
  Shop shop = CreateShop();
  absl::StatusOr<EventRecord> first = recorder_->Record(shop.webhook_key, Shipped("1043"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->outcome, EventOutcome::kScheduled);
  absl::StatusOr<EventRecord> again = recorder_->Record(shop.webhook_key, Shipped("1043"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->outcome, EventOutcome::kDuplicate);
  EXPECT_EQ(again->invitation_id, first->invitation_id);

  absl::StatusOr<Invitation> invitation = invitations_->GetInvitation(first->invitation_id);
  ASSERT_TRUE(invitation.ok()) << invitation.status();
  // 09:12:05 in Warsaw (CEST, UTC+2) is 07:12:05 UTC; plus 7 days.
  EXPECT_EQ(invitation->send_time,
            absl::FromCivil(absl::CivilSecond(2024, 5, 15, 7, 12, 5), absl::UTCTimeZone()));
  EXPECT_EQ(invitation->customer_email, "jan.kowalski@example.com");
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 1);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 2);
}

TEST_F(MysqlStorageTest, ConcurrentDeliveriesOfOneOrderCreateOneInvitation) {
  Shop shop = CreateShop();
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<EventRecord>> results(kThreads, absl::UnknownError("not run"));
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back(
        [&, i] { results[i] = recorder_->Record(shop.webhook_key, Shipped("77")); });
  }
  for (std::thread& thread : threads) thread.join();
  int scheduled = 0;
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    if (result->outcome == EventOutcome::kScheduled) ++scheduled;
  }
  EXPECT_EQ(scheduled, 1);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 1);
}

TEST_F(MysqlStorageTest, UniqueKeyBacksOneInvitationPerOrder) {
  Shop shop = CreateShop();
  ASSERT_TRUE(recorder_->Record(shop.webhook_key, Shipped("5")).ok());
  EXPECT_THROW(
      database_->Execute(absl::StrCat(
          "INSERT INTO invitations (shop_id, order_id, customer_email, "
          "customer_first_name, customer_last_name, state, state_reason, status_time, "
          "send_at, created_at, updated_at) VALUES (",
          shop.id, ", '5', 'a@b.pl', '', '', 'scheduled', '', NOW(), NOW(), NOW(), NOW())")),
      std::exception);
}

TEST_F(MysqlStorageTest, CancelStatusCancelsAndNewDelayReplans) {
  Shop shop = CreateShop();
  absl::StatusOr<EventRecord> a = recorder_->Record(shop.webhook_key, Shipped("A"));
  absl::StatusOr<EventRecord> b = recorder_->Record(shop.webhook_key, Shipped("B"));
  ASSERT_TRUE(a.ok() && b.ok());

  OrderEvent cancelled = Shipped("B");
  cancelled.status_id = 8;
  cancelled.status_type = StatusType::kNotRealised;
  cancelled.status_local_time = "2024-05-09 10:00:00";
  absl::StatusOr<EventRecord> cancel = recorder_->Record(shop.webhook_key, cancelled);
  ASSERT_TRUE(cancel.ok()) << cancel.status();
  EXPECT_EQ(cancel->outcome, EventOutcome::kCancelled);

  SettingsUpdate update;
  update.invitation_delay_days = 3;
  ASSERT_TRUE(manager_->UpdateSettings(shop.id, update).ok());

  absl::StatusOr<Invitation> replanned = invitations_->GetInvitation(a->invitation_id);
  ASSERT_TRUE(replanned.ok());
  EXPECT_EQ(replanned->send_time,
            absl::FromCivil(absl::CivilSecond(2024, 5, 11, 7, 12, 5), absl::UTCTimeZone()));
  absl::StatusOr<Invitation> untouched = invitations_->GetInvitation(b->invitation_id);
  ASSERT_TRUE(untouched.ok());
  EXPECT_EQ(untouched->state, InvitationState::kCancelled);
  EXPECT_EQ(untouched->send_time,
            absl::FromCivil(absl::CivilSecond(2024, 5, 15, 7, 12, 5), absl::UTCTimeZone()));
}

TEST_F(MysqlStorageTest, ListsPageNewestFirstAndFilterByState) {
  Shop shop = CreateShop();
  for (const char* order : {"1", "2", "3"}) {
    ASSERT_TRUE(recorder_->Record(shop.webhook_key, Shipped(order)).ok());
  }
  absl::StatusOr<Invitation> cancelled = invitations_->CancelInvitation(
      1, InvitationReasonOf(InvitationReasonCode::kCancelledByOperator), clock_.now);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_TRUE(absl::IsFailedPrecondition(
      invitations_
          ->CancelInvitation(1, InvitationReasonOf(InvitationReasonCode::kCancelledByOperator),
                             clock_.now)
          .status()));

  PageRequest page{2, ""};
  absl::StatusOr<Page<Invitation>> first =
      invitations_->ListInvitations(shop.id, std::nullopt, page);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].order_id, "3");
  EXPECT_EQ(first->items[1].order_id, "2");
  ASSERT_FALSE(first->next_token.empty());
  page.token = first->next_token;
  absl::StatusOr<Page<Invitation>> second =
      invitations_->ListInvitations(shop.id, std::nullopt, page);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].order_id, "1");
  EXPECT_TRUE(second->next_token.empty());

  absl::StatusOr<Page<Invitation>> scheduled =
      invitations_->ListInvitations(shop.id, InvitationState::kScheduled, PageRequest{10, ""});
  ASSERT_TRUE(scheduled.ok()) << scheduled.status();
  EXPECT_EQ(scheduled->items.size(), 2u);

  absl::StatusOr<Page<EventRecord>> events = events_->ListEvents(shop.id, PageRequest{10, ""});
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->items.size(), 3u);
  EXPECT_EQ(events->items[0].order_id, "3");
  EXPECT_EQ(events->items[0].outcome, EventOutcome::kScheduled);
  ASSERT_TRUE(events->items[0].status_time.has_value());
}

TEST_F(MysqlStorageTest, RejectedEventIsLoggedWithoutStatusTime) {
  Shop shop = CreateShop();
  OrderEvent event = Shipped("9");
  event.status_local_time = "yesterday";
  absl::StatusOr<EventRecord> record = recorder_->Record(shop.webhook_key, event);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->outcome, EventOutcome::kRejected);
  absl::StatusOr<Page<EventRecord>> events = events_->ListEvents(shop.id, PageRequest{10, ""});
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->items.size(), 1u);
  EXPECT_FALSE(events->items[0].status_time.has_value());
  EXPECT_NE(events->items[0].reason.find("status_date"), std::string::npos);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 0);
}

}  // namespace
}  // namespace opinus::server
