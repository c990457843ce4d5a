// Fault scenario 6 (issue #14): cancels racing running dispatchers. Three
// dispatchers, each with a connection pool of its own on one MariaDB as
// separate servers would have (two inside the shop's sending hours, one
// outside, which gives everything back), share one clock and send while the
// orders' events arrive: shipped, a third then cancelled (status type 4),
// some deleted, every delivery 1-3 times, all shuffled, from 4 threads;
// owners' cancels, resends and unsubscribes come at random moments among
// them. The mailer accepts every mail and notes when. Once that has settled,
// the clock moves past the reminders' due time and a reminder phase races
// the dispatchers claiming reminders with status type 4 again, owners'
// cancels, opinions (through the invitation mail's link) and unsubscribes.
// Checked after the invitation phase:
// - no mail for an order whose cancel was answered before the mail's
//   acceptance (orders that were sent again afterwards aside);
// - each invitation and its mails agree: sent or suppressed with one mail,
//   cancelled with none; and every cancel answered as done left it cancelled,
//   every one answered "too late" left it mailed;
// - at most one mail per order;
// - nothing `sending` or `scheduled` once settled.
// And after the reminder phase:
// - at most one invitation mail and one reminder mail per order, a reminder
//   only after the invitation, and the invitation records it;
// - no reminder mail after a cancel, an opinion or an unsubscribe of its
//   order was answered;
// - every order's event log agrees with its invitation's final state;
// - nothing `sending`, `scheduled` or with a reminder pending once settled.
// Seeds vary per run (OPINUS_CHAOS_SEED fixes the first) and are printed;
// the short form runs 2 seeds of 150 orders (a day and a night), the long
// form 20 of 1,000; OPINUS_CHAOS_SEEDS sets the count.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/dispatch/dispatcher.h"
#include "server/domain/key_generator.h"
#include "server/managers/opinion_manager.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "server/storage/mysql/migrations.h"
#include "server/storage/mysql/mysql_account_store.h"
#include "server/storage/mysql/mysql_dispatch_store.h"
#include "server/storage/mysql/mysql_invitation_store.h"
#include "server/storage/mysql/mysql_opinion_store.h"
#include "server/storage/mysql/mysql_order_event_store.h"
#include "server/storage/mysql/mysql_shop_store.h"
#include "server/storage/mysql/mysql_suppression_store.h"
#include "server/storage/mysql/session_pool.h"
#include "tests/fault/webhook_load.h"
#include "tests/integration/test_database.h"
#include "tests/support/test_address_hasher.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using opinus::testing::FaultScale;
using opinus::testing::TestDatabase;

// Ticks orders what the test observes across threads.
std::atomic<int64_t> ticks{0};
int64_t Tick() { return ++ticks; }

// ShiftedClock tells a shared clock's time moved by a fixed offset: the
// dispatcher outside the sending hours plays the night before the others'
// morning, and moves with them.
class ShiftedClock final : public Clock {
 public:
  ShiftedClock(const Clock* base, absl::Duration shift) : base_(base), shift_(shift) {}
  absl::Time Now() const override { return base_->Now() + shift_; }

 private:
  const Clock* base_;
  absl::Duration shift_;
};

absl::Time Warsaw(int y, int m, int d, int hh) {
  absl::TimeZone zone;
  absl::LoadTimeZone("Europe/Warsaw", &zone);
  return absl::FromCivil(absl::CivilHour(y, m, d, hh), zone);
}

// What the reminders wait after the invitation left.
constexpr int kReminderDays = 3;

// Accepted is one mail the mailer accepted: when, which e-mail, and the
// token of its links.
struct Accepted {
  int64_t tick = 0;
  MailKind kind = MailKind::kInvitation;
  std::string token;
};

// TokenOf returns the token of a composed mail's links, read from its
// List-Unsubscribe header; "" when there is none.
std::string TokenOf(const std::string& data) {
  const std::string header = "\r\nList-Unsubscribe: <";
  const size_t start = data.find(header);
  if (start == std::string::npos) return "";
  const size_t end = data.find('>', start);
  const std::string url = data.substr(start + header.size(), end - start - header.size());
  return url.substr(url.rfind('/') + 1);
}

// AcceptingMailer accepts every mail after a short random pause (so that
// cancels land mid-send) and notes each acceptance by recipient.
class AcceptingMailer final : public Mailer {
 public:
  absl::Status Send(const MailMessage& message) override {
    std::this_thread::sleep_for(std::chrono::microseconds(Pause()));
    const MailKind kind = absl::StartsWith(message.message_id, "<opinus.reminder-")
                              ? MailKind::kReminder
                              : MailKind::kInvitation;
    absl::MutexLock lock(&mutex_);
    accepted_[message.envelope_to].push_back({Tick(), kind, TokenOf(message.data)});
    return absl::OkStatus();
  }
  std::map<std::string, std::vector<Accepted>> accepted() {
    absl::MutexLock lock(&mutex_);
    return accepted_;
  }

 private:
  int Pause() {
    absl::MutexLock lock(&mutex_);
    return std::uniform_int_distribution<int>(0, 3000)(engine_);
  }
  absl::Mutex mutex_;
  std::mt19937 engine_{1};
  std::map<std::string, std::vector<Accepted>> accepted_ ABSL_GUARDED_BY(mutex_);
};

// Mails returns, of `accepted`'s mails to `email`, those of `kind`.
std::vector<Accepted> Mails(const std::map<std::string, std::vector<Accepted>>& accepted,
                            const std::string& email, MailKind kind) {
  std::vector<Accepted> mails;
  const auto found = accepted.find(email);
  if (found == accepted.end()) return mails;
  for (const Accepted& mail : found->second) {
    if (mail.kind == kind) mails.push_back(mail);
  }
  return mails;
}

std::unique_ptr<SessionPool> OpenPool(const std::string& db, int size) {
  SessionPoolOptions options;
  options.connect_string = db;
  options.size = size;
  // The test's own pool opened on the same database first.
  return SessionPool::Open(options).value();
}

DispatcherOptions ChaosOptions(const std::string& claimer) {
  DispatcherOptions options;
  options.claimer = claimer;
  options.batch = 10;
  options.senders = 2;
  options.interval = absl::Milliseconds(20);
  options.mail = {"zaproszenia@opinus.example", "https://opinus.example"};
  return options;
}

// A dispatching server: its own pool and stores, its view of the shared
// clock, its dispatcher.
struct Server {
  Server(const std::string& db, const std::string& claimer, const Clock* base, absl::Duration shift,
         Mailer* mailer)
      : clock(base, shift),
        pool(OpenPool(db, 6)),
        dispatch(pool.get()),
        shops(pool.get()),
        owners(pool.get()),
        suppressions(pool.get()),
        dispatcher(&dispatch, &shops, &owners, &suppressions, &opinus::testing::TestAddressHasher(),
                   mailer, &tokens, &random, &clock, ChaosOptions(claimer)) {}
  ShiftedClock clock;
  std::unique_ptr<SessionPool> pool;
  MysqlDispatchStore dispatch;
  MysqlShopStore shops;
  MysqlAccountStore owners;
  MysqlSuppressionStore suppressions;
  RandomTokenGenerator tokens;
  SystemRandom random;
  Dispatcher dispatcher;
};

// One item of the shuffled load.
struct Item {
  enum class Kind {
    kShipped,
    kCancelled,
    kDeleted,
    kOwnerCancel,
    kResend,
    kUnsubscribe,
    // The reminder phase's: status type 4 of a later date, and an opinion.
    kCancelledLater,
    kOpinion,
  };
  Kind kind;
  int order;
};

// What the load threads were answered, per order.
struct OrderLog {
  InvitationId invitation = 0;
  // Ticks of cancels answered (any outcome), of those answered as done, of
  // those answered "too late".
  std::vector<int64_t> cancels;
  // Ticks of those that cancelled something or came too late: after a
  // resend, a copy of an earlier delivery (a duplicate) stops nothing.
  std::vector<int64_t> effective_cancels;
  int done = 0;
  int owner_done = 0;
  int too_late = 0;
  // Cancels answered as having stopped the pending reminder.
  int reminder_stopped = 0;
  bool resent = false;
  // Tick of the last resend answered as done.
  int64_t resent_at = 0;
  // Ticks of unsubscribes and opinions answered (any outcome but an error).
  std::vector<int64_t> stoppers;
  int reviewed = 0;
};

std::string Email(int order) { return absl::StrCat("o", order, "@example.com"); }

std::vector<Item> MakeLoad(int orders, std::mt19937& engine) {
  std::vector<Item> items;
  std::uniform_real_distribution<double> unit(0, 1);
  auto deliver = [&](Item::Kind kind, int order) {
    const int copies = std::uniform_int_distribution<int>(1, 3)(engine);
    for (int i = 0; i < copies; ++i) items.push_back({kind, order});
  };
  for (int order = 1; order <= orders; ++order) {
    deliver(Item::Kind::kShipped, order);
    const double fate = unit(engine);
    if (fate < 0.33) deliver(Item::Kind::kCancelled, order);
    if (fate >= 0.33 && fate < 0.40) deliver(Item::Kind::kDeleted, order);
    const double owner = unit(engine);
    if (owner < 0.10) items.push_back({Item::Kind::kOwnerCancel, order});
    if (owner >= 0.10 && owner < 0.15) {
      items.push_back({Item::Kind::kOwnerCancel, order});
      items.push_back({Item::Kind::kResend, order});
    }
    if (owner >= 0.15 && owner < 0.20) items.push_back({Item::Kind::kUnsubscribe, order});
  }
  std::shuffle(items.begin(), items.end(), engine);
  return items;
}

// MakeReminderLoad is what comes while the reminders are due: for orders
// whose invitation left (`mailed`), a status type 4 (delivered 1-3 times),
// an owner's cancel, an opinion or an unsubscribe, or nothing.
std::vector<Item> MakeReminderLoad(const std::vector<bool>& mailed, std::mt19937& engine) {
  std::vector<Item> items;
  std::uniform_real_distribution<double> unit(0, 1);
  for (int order = 1; order < static_cast<int>(mailed.size()); ++order) {
    if (!mailed[order]) continue;
    const double fate = unit(engine);
    if (fate < 0.10) {
      const int copies = std::uniform_int_distribution<int>(1, 3)(engine);
      for (int i = 0; i < copies; ++i) items.push_back({Item::Kind::kCancelledLater, order});
    } else if (fate < 0.20) {
      items.push_back({Item::Kind::kOwnerCancel, order});
    } else if (fate < 0.35) {
      items.push_back({Item::Kind::kOpinion, order});
    } else if (fate < 0.40) {
      items.push_back({Item::Kind::kUnsubscribe, order});
    }
  }
  std::shuffle(items.begin(), items.end(), engine);
  return items;
}

// Stored is an invitation's final row, as the checks need it.
struct Stored {
  InvitationId id = 0;
  std::string state;
  // "YYYY-MM-DD HH:MM:SS UTC", as events quote it; "" while unsent.
  std::string sent_at;
  bool reminder_sent = false;
  bool reminder_pending = false;
};

// StoredEvent is one entry of an order's event log.
struct StoredEvent {
  std::string outcome;
  std::string reason;
  InvitationId invitation = 0;
};

class DispatchChaosTest : public ::testing::Test {
 protected:
  // Run runs one seed of `orders` orders on a fresh database and checks the
  // invariants with gtest expectations.
  void Run(uint64_t seed, int orders);
};

// Settle waits until `pending` (a count) reads 0, bounded: 2 minutes.
int Settle(soci::session& sql, const std::string& pending) {
  int count = -1;
  for (int i = 0; i < 2400 && count != 0; ++i) {
    sql << pending, soci::into(count);
    if (count != 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return count;
}

void DispatchChaosTest::Run(uint64_t seed, int orders) {
  SCOPED_TRACE(absl::StrCat("seed ", seed));
  std::mt19937 engine(static_cast<std::mt19937::result_type>(seed));
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("chaos");
  ASSERT_TRUE(database.ok()) << database.status();
  const std::string db = (*database)->connect_string();
  SessionPoolOptions options;
  options.connect_string = db;
  options.size = 8;
  absl::StatusOr<std::unique_ptr<SessionPool>> pool = SessionPool::Open(options);
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE(ApplyMigrations(**pool, ::opinus::testing::TestAddressHasher()).ok());
  MysqlShopStore shops(pool->get());
  MysqlOrderEventStore events(pool->get());
  MysqlInvitationStore invitations(pool->get());
  MysqlSuppressionStore suppressions(pool->get());
  MysqlOpinionStore opinion_store(pool->get());
  FakeClock now(Warsaw(2024, 6, 2, 10));
  RandomKeyGenerator keys;
  ShopManager manager(&shops, &keys, &now);
  OrderEventRecorder recorder(&shops, &events, &now);
  OpinionManager opinions(&shops, &invitations, &opinion_store, &now);
  absl::StatusOr<Shop> shop = manager.CreateShop("Ceramika", "sklep1.shoparena.pl", "o@x.pl");
  ASSERT_TRUE(shop.ok()) << shop.status();
  SettingsUpdate reminders;
  reminders.reminder_days = kReminderDays;
  ASSERT_TRUE(manager.UpdateSettings(shop->id, reminders).ok());

  AcceptingMailer mailer;
  std::vector<std::unique_ptr<Server>> servers;
  servers.push_back(std::make_unique<Server>(db, "inside-1", &now, absl::ZeroDuration(), &mailer));
  servers.push_back(std::make_unique<Server>(db, "inside-2", &now, absl::ZeroDuration(), &mailer));
  servers.push_back(std::make_unique<Server>(db, "outside", &now, -absl::Hours(11), &mailer));
  // Odd seeds play the night of the report: only the dispatcher outside the
  // sending hours runs during the load, claiming and giving back; the others
  // start once it is over, as the morning would.
  const bool night = seed % 2 == 1;
  auto start_dispatchers = [&] {
    servers.back()->dispatcher.Start();
    if (!night) {
      for (size_t i = 0; i + 1 < servers.size(); ++i) servers[i]->dispatcher.Start();
    }
  };
  auto start_morning = [&] {
    if (night) {
      for (size_t i = 0; i + 1 < servers.size(); ++i) servers[i]->dispatcher.Start();
    }
  };
  auto stop_dispatchers = [&] {
    for (auto& server : servers) server->dispatcher.Stop();
  };

  std::vector<OrderLog> logs(orders + 1);
  absl::Mutex logs_mutex;
  std::atomic<int> errors{0};
  // Apply runs one item and notes what it was answered.
  auto apply = [&](const Item& item) {
    const std::string order_id = absl::StrCat(item.order);
    InvitationId id = 0;
    {
      absl::MutexLock lock(&logs_mutex);
      id = logs[item.order].invitation;
    }
    auto error = [&](const absl::Status& status) {
      ++errors;
      ADD_FAILURE() << "order " << item.order << ": " << status;
    };
    OrderLog answer;
    switch (item.kind) {
      case Item::Kind::kShipped:
      case Item::Kind::kCancelled:
      case Item::Kind::kCancelledLater:
      case Item::Kind::kDeleted: {
        OrderEvent event =
            item.kind == Item::Kind::kShipped     ? Realised(order_id, "2024-05-08 09:12:05")
            : item.kind == Item::Kind::kCancelled ? NotRealised(order_id, "2024-05-09 12:00:00")
            : item.kind == Item::Kind::kCancelledLater
                ? NotRealised(order_id, "2024-06-04 12:00:00")
                : Deleted(order_id);
        event.customer_email = Email(item.order);
        absl::StatusOr<EventRecord> recorded = recorder.Record(shop->webhook_key, event);
        const int64_t tick = Tick();
        if (!recorded.ok()) return error(recorded.status());
        answer.invitation = recorded->invitation_id;
        if (item.kind == Item::Kind::kShipped) break;
        answer.cancels.push_back(tick);
        if (absl::StrContains(recorded->reason, "cancelled too late")) {
          ++answer.too_late;
        } else if (recorded->outcome == EventOutcome::kCancelled) {
          ++answer.done;
        }
        if (answer.too_late + answer.done > 0) answer.effective_cancels.push_back(tick);
        if (absl::StrContains(recorded->reason, "reminder cancelled")) ++answer.reminder_stopped;
        break;
      }
      case Item::Kind::kOwnerCancel: {
        if (id == 0) return;
        absl::StatusOr<Invitation> cancelled = invitations.CancelInvitation(
            id, InvitationReasonOf(InvitationReasonCode::kCancelledByOwner), now.Now());
        const int64_t tick = Tick();
        answer.cancels.push_back(tick);
        const bool too_late =
            !cancelled.ok() && absl::StrContains(cancelled.status().message(), "too late");
        if (!cancelled.ok() && !absl::IsFailedPrecondition(cancelled.status())) {
          return error(cancelled.status());
        }
        if (cancelled.ok() && cancelled->state == InvitationState::kCancelled) {
          ++answer.done;
          ++answer.owner_done;
        }
        if (cancelled.ok() && cancelled->state == InvitationState::kSent) ++answer.reminder_stopped;
        if (too_late) ++answer.too_late;
        if (cancelled.ok() || too_late) answer.effective_cancels.push_back(tick);
        break;
      }
      case Item::Kind::kResend: {
        if (id == 0) return;
        answer.resent =
            invitations
                .ResendInvitation(id, InvitationReasonOf(InvitationReasonCode::kResentByOwner),
                                  now.Now())
                .ok();
        if (answer.resent) answer.resent_at = Tick();
        break;
      }
      case Item::Kind::kUnsubscribe: {
        if (id == 0) return;
        Suppression suppression;
        suppression.shop_id = shop->id;
        suppression.email_hash = ::opinus::testing::TestAddressHasher().Hash(Email(item.order));
        suppression.source = "one-click";
        suppression.create_time = now.Now();
        absl::Status unsubscribed =
            suppressions
                .Unsubscribe(id, suppression,
                             InvitationReasonOf(InvitationReasonCode::kUnsubscribed), now.Now())
                .status();
        if (!unsubscribed.ok()) return error(unsubscribed);
        answer.stoppers.push_back(Tick());
        break;
      }
      case Item::Kind::kOpinion: {
        // The customer follows the link of the invitation mail.
        std::vector<Accepted> mailed =
            Mails(mailer.accepted(), Email(item.order), MailKind::kInvitation);
        if (mailed.empty()) return;
        OpinionInput input;
        input.rating = 5;
        input.consent = true;
        absl::StatusOr<SubmitResult> submitted = opinions.Submit(mailed[0].token, input);
        const int64_t tick = Tick();
        if (!submitted.ok() && !absl::IsFailedPrecondition(submitted.status())) {
          return error(submitted.status());
        }
        if (submitted.ok() && !submitted->violations.empty()) {
          return error(absl::InvalidArgumentError(submitted->violations[0].field));
        }
        answer.stoppers.push_back(tick);
        if (submitted.ok()) ++answer.reviewed;
        break;
      }
    }
    absl::MutexLock lock(&logs_mutex);
    OrderLog& log = logs[item.order];
    if (answer.invitation != 0) log.invitation = answer.invitation;
    log.cancels.insert(log.cancels.end(), answer.cancels.begin(), answer.cancels.end());
    log.effective_cancels.insert(log.effective_cancels.end(), answer.effective_cancels.begin(),
                                 answer.effective_cancels.end());
    log.stoppers.insert(log.stoppers.end(), answer.stoppers.begin(), answer.stoppers.end());
    log.done += answer.done;
    log.owner_done += answer.owner_done;
    log.too_late += answer.too_late;
    log.reminder_stopped += answer.reminder_stopped;
    log.reviewed += answer.reviewed;
    log.resent |= answer.resent;
    log.resent_at = std::max(log.resent_at, answer.resent_at);
  };
  // RunLoad applies `items` from 4 threads.
  auto run_load = [&](const std::vector<Item>& items) {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < items.size(); i = next++) apply(items[i]);
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back(work);
    for (std::thread& thread : threads) thread.join();
  };
  soci::session sql("mysql", db.substr(8));

  // The invitation phase.
  start_dispatchers();
  const std::vector<Item> items = MakeLoad(orders, engine);
  const absl::Time start = absl::Now();
  run_load(items);
  start_morning();
  const int pending =
      Settle(sql, "SELECT COUNT(*) FROM invitations WHERE state IN ('scheduled', 'sending')");
  stop_dispatchers();
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(pending, 0) << "invitations still scheduled or sending after 2 minutes";

  std::map<std::string, std::string> states;
  {
    soci::rowset<soci::row> rows = sql.prepare << "SELECT customer_email, state FROM invitations";
    for (const soci::row& row : rows) states[row.get<std::string>(0)] = row.get<std::string>(1);
  }
  std::map<std::string, std::vector<Accepted>> accepted = mailer.accepted();

  int mails = 0, done = 0, too_late = 0, late_cancels = 0, violations = 0;
  std::vector<bool> mailed_orders(orders + 1, false);
  for (int order = 1; order <= orders; ++order) {
    const OrderLog& log = logs[order];
    const std::string email = Email(order);
    const std::vector<Accepted> mailed = Mails(accepted, email, MailKind::kInvitation);
    const std::string state = states.count(email) ? states[email] : "";
    mails += static_cast<int>(mailed.size());
    done += log.done;
    too_late += log.too_late;
    mailed_orders[order] = !mailed.empty();
    auto fail = [&](const std::string& what) {
      ++violations;
      ADD_FAILURE() << "order " << order << " (invitation " << log.invitation << ", " << state
                    << ", " << mailed.size() << " mails): " << what;
    };
    if (mailed.size() > 1) fail("more than one invitation mail");
    if (state == "sent" && mailed.size() != 1) fail("sent without its mail");
    if (state == "cancelled" && !mailed.empty()) fail("cancelled, yet mailed");
    if (state == "scheduled" || state == "sending") fail("not settled");
    if (!log.resent) {
      for (const Accepted& mail : mailed) {
        for (int64_t cancel : log.cancels) {
          if (cancel < mail.tick) fail("mailed after a cancel was answered");
        }
      }
      if (log.done > 0 && state != "cancelled") fail("a cancel answered as done did not hold");
    }
    if (log.too_late > 0) {
      ++late_cancels;
      if (mailed.empty()) fail("a cancel answered too late, yet nothing was mailed");
    }
  }
  std::printf(
      "[fault] chaos seed=%llu (%s): %d orders, %zu load items, %d mails, cancels answered "
      "done %d, too late %d (on %d orders), %s, %d violations\n",
      static_cast<unsigned long long>(seed), night ? "night" : "day", orders, items.size(), mails,
      done, too_late, late_cancels, absl::FormatDuration(elapsed).c_str(), violations);
  // One write a line: the dispatchers' log lines share the output.
  std::fflush(stdout);
  EXPECT_EQ(errors.load(), 0);
  if (HasFailure()) return;

  // The reminder phase: past the reminders' due time, the outside
  // dispatcher's night then being the small hours of that day.
  now.Set(Warsaw(2024, 6, 2 + kReminderDays + 1, 11));
  const std::vector<Item> reminder_items = MakeReminderLoad(mailed_orders, engine);
  // The reminder phase's figures are what it adds to these.
  int cancels_before = 0, stopped_before = 0, stoppers_before = 0;
  for (const OrderLog& log : logs) {
    cancels_before += static_cast<int>(log.cancels.size());
    stopped_before += log.reminder_stopped;
    stoppers_before += static_cast<int>(log.stoppers.size());
  }
  start_dispatchers();
  const absl::Time reminder_start = absl::Now();
  run_load(reminder_items);
  start_morning();
  const int unsettled =
      Settle(sql,
             "SELECT COUNT(*) FROM invitations WHERE state IN ('scheduled', 'sending') "
             "OR (state = 'sent' AND reminder_at IS NOT NULL)");
  stop_dispatchers();
  const absl::Duration reminder_elapsed = absl::Now() - reminder_start;
  EXPECT_EQ(unsettled, 0) << "invitations sending or with a reminder due after 2 minutes";

  std::map<std::string, Stored> stored;
  {
    std::string order_id, state, sent_at;
    long long id = 0;
    int reminder_sent = 0, reminder_pending = 0;
    soci::statement select =
        (sql.prepare << "SELECT order_id, id, state, "
                        "COALESCE(DATE_FORMAT(sent_at, '%Y-%m-%d %H:%i:%s UTC'), ''), "
                        "reminder_sent_at IS NOT NULL, reminder_at IS NOT NULL FROM invitations",
         soci::into(order_id), soci::into(id), soci::into(state), soci::into(sent_at),
         soci::into(reminder_sent), soci::into(reminder_pending));
    select.execute(false);
    while (select.fetch()) {
      stored[order_id] = Stored{id, state, sent_at, reminder_sent != 0, reminder_pending != 0};
    }
  }
  std::map<std::string, std::vector<StoredEvent>> event_log;
  {
    std::string order_id, outcome, reason;
    long long invitation_id = 0;
    soci::statement select =
        (sql.prepare << "SELECT order_id, outcome, reason, invitation_id "
                        "FROM order_events ORDER BY id",
         soci::into(order_id), soci::into(outcome), soci::into(reason), soci::into(invitation_id));
    select.execute(false);
    while (select.fetch()) event_log[order_id].push_back({outcome, reason, invitation_id});
  }
  accepted = mailer.accepted();

  int reminder_mails = 0, stoppers = 0, reviewed = 0, all_cancels = 0, reminders_stopped = 0;
  for (int order = 1; order <= orders; ++order) {
    const OrderLog& log = logs[order];
    const std::string order_id = absl::StrCat(order);
    const std::vector<Accepted> invitation_mails =
        Mails(accepted, Email(order), MailKind::kInvitation);
    const std::vector<Accepted> reminder_mail = Mails(accepted, Email(order), MailKind::kReminder);
    const Stored row = stored.count(order_id) ? stored[order_id] : Stored{};
    reminder_mails += static_cast<int>(reminder_mail.size());
    stoppers += static_cast<int>(log.stoppers.size());
    reviewed += log.reviewed;
    all_cancels += static_cast<int>(log.cancels.size());
    reminders_stopped += log.reminder_stopped;
    auto fail = [&](const std::string& what) {
      ++violations;
      ADD_FAILURE() << "order " << order << " (invitation " << row.id << ", " << row.state << ", "
                    << invitation_mails.size() << " mails, " << reminder_mail.size()
                    << " reminders): " << what;
    };
    if (invitation_mails.size() > 1) fail("more than one invitation mail");
    if (reminder_mail.size() > 1) fail("more than one reminder mail");
    if (log.reminder_stopped > 0 && !reminder_mail.empty()) {
      fail("a cancel answered that it stopped the reminder, yet the reminder was sent");
    }
    if (row.reminder_sent != (reminder_mail.size() == 1)) {
      fail("the reminder mails and the invitation's reminder_sent_at disagree");
    }
    if (row.state == "scheduled" || row.state == "sending" || row.reminder_pending) {
      fail("not settled");
    }
    for (const Accepted& reminder : reminder_mail) {
      if (invitation_mails.empty() || invitation_mails[0].tick > reminder.tick) {
        fail("a reminder without the invitation before it");
      }
      for (int64_t stopper : log.stoppers) {
        if (stopper < reminder.tick) fail("a reminder after an opinion or unsubscribe answered");
      }
      for (int64_t cancel : log.resent ? log.effective_cancels : log.cancels) {
        if (cancel > log.resent_at && cancel < reminder.tick) {
          fail("a reminder after a cancel was answered");
        }
      }
    }
    // The event log tells the invitation's story.
    bool cancelled_by_event = false;
    for (const StoredEvent& event : event_log[order_id]) {
      if (event.invitation != 0 && event.invitation != row.id) {
        fail(absl::StrCat("event names invitation ", event.invitation));
      }
      const size_t left = event.reason.find("the invitation left at ");
      if (left != std::string::npos) {
        const std::string at = event.reason.substr(left + 23, 23);
        if (at != row.sent_at) fail(absl::StrCat("event says it left at ", at));
      }
      if (absl::StrContains(event.reason, "reminder cancelled") && row.reminder_sent) {
        fail("event says the reminder was cancelled, yet it was sent");
      }
      if (event.outcome == "cancelled" && left == std::string::npos) cancelled_by_event = true;
    }
    if (!log.resent) {
      if (cancelled_by_event && row.state != "cancelled") {
        fail("an event cancelled the invitation, which is not cancelled");
      }
      if (row.state == "cancelled" && !cancelled_by_event && log.owner_done == 0) {
        fail("cancelled, yet neither an event nor the owner cancelled it");
      }
    }
  }
  std::printf(
      "[fault] chaos seed=%llu (%s) reminders: %zu load items, %d reminder mails, %d cancels "
      "answered (%d stopped a reminder), %d opinions and unsubscribes answered (%d opinions "
      "given), %s, %d violations in all\n",
      static_cast<unsigned long long>(seed), night ? "night" : "day", reminder_items.size(),
      reminder_mails, all_cancels - cancels_before, reminders_stopped - stopped_before,
      stoppers - stoppers_before, reviewed, absl::FormatDuration(reminder_elapsed).c_str(),
      violations);
  std::fflush(stdout);
  EXPECT_EQ(errors.load(), 0);
}

TEST_F(DispatchChaosTest, ACancelAnsweredBeforeTheMailLeftAlwaysStopsIt) {
  const char* fixed = std::getenv("OPINUS_CHAOS_SEED");
  const uint64_t first = fixed != nullptr ? std::strtoull(fixed, nullptr, 10)
                                          : static_cast<uint64_t>(absl::ToUnixNanos(absl::Now()));
  const char* count = std::getenv("OPINUS_CHAOS_SEEDS");
  const int seeds = count != nullptr ? std::atoi(count) : fixed != nullptr ? 1 : FaultScale(2, 20);
  for (int i = 0; i < seeds && !HasFailure(); ++i) Run(first + i, FaultScale(150, 1000));
}

}  // namespace
}  // namespace opinus::server
