// Tests of the parcel trigger (TriggerRule::parcel_dispatch): OrderEventRecorder
// over InMemoryStorage with a fake clock, fed statuses and parcels in either
// order.
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const absl::Time kStart = Utc(2024, 5, 9, 12, 0, 0);

class ParcelTriggerTest : public ::testing::Test {
 protected:
  ParcelTriggerTest()
      : clock_(kStart),
        shops_(&storage_, &keys_, &clock_),
        recorder_(&storage_, &storage_, &clock_) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(shop_,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "owner@example.com"));
    SettingsUpdate update;
    TriggerRule trigger;
    trigger.parcel_dispatch = true;
    update.trigger = trigger;
    update.invitation_delay_days = 5;
    ASSERT_OK_AND_ASSIGN(shop_, shops_.UpdateSettings(shop_.id, update));
  }

  // Record records `event`, which must be accepted, and returns its entry.
  EventRecord Record(const OrderEvent& event) {
    absl::StatusOr<EventRecord> record = recorder_.Record(shop_.webhook_key, event);
    EXPECT_THAT(record, IsOk());
    return record.value_or(EventRecord());
  }

  std::vector<Invitation> Invitations() {
    absl::StatusOr<Page<Invitation>> page =
        storage_.ListInvitations(shop_.id, std::nullopt, PageRequest{1000, ""});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->items : std::vector<Invitation>{};
  }

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  Shop shop_;
};

TEST_F(ParcelTriggerTest, TheDelayCountsFromTheParcelsSendDateInTheShopsZone) {
  const EventRecord status = Record(Realised("1001", "2024-05-08 09:12:05"));
  EXPECT_EQ(status.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(status.structured_reason.code, EventReasonCode::kAwaitingParcel);
  EXPECT_THAT(Invitations(), IsEmpty());

  // 10:30 in Warsaw (summer time) is 08:30 UTC.
  const EventRecord parcel = Record(ParcelSent("1001", "2024-05-09 10:30:00"));
  EXPECT_EQ(parcel.outcome, EventOutcome::kScheduled) << parcel.reason;
  EXPECT_EQ(parcel.event_name, "parcel.dispatch");
  EXPECT_EQ(parcel.status_time, Utc(2024, 5, 9, 8, 30, 0));
  const std::vector<Invitation> invitations = Invitations();
  ASSERT_THAT(invitations, SizeIs(1));
  EXPECT_EQ(parcel.invitation_id, invitations[0].id);
  EXPECT_EQ(invitations[0].customer_email, "jan.kowalski@example.com");
  EXPECT_EQ(invitations[0].customer_first_name, "Jan");
  EXPECT_EQ(invitations[0].status_time, Utc(2024, 5, 9, 8, 30, 0));
  EXPECT_EQ(invitations[0].send_time, Utc(2024, 5, 14, 8, 30, 0));
}

TEST_F(ParcelTriggerTest, AParcelBeforeTheOrderWaitsForItsBuyer) {
  const EventRecord parcel = Record(ParcelSent("1001", "2024-05-09 10:30:00"));
  EXPECT_EQ(parcel.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(parcel.structured_reason.code, EventReasonCode::kAwaitingOrder);
  EXPECT_EQ(parcel.structured_reason.time, Utc(2024, 5, 9, 8, 30, 0));
  EXPECT_THAT(Invitations(), IsEmpty());

  // The order's status, later and dated later, schedules from the send date.
  clock_.Advance(absl::Hours(2));
  const EventRecord status = Record(Realised("1001", "2024-05-09 13:00:00"));
  EXPECT_EQ(status.outcome, EventOutcome::kScheduled) << status.reason;
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].send_time, Utc(2024, 5, 14, 8, 30, 0));
  EXPECT_EQ(Invitations()[0].customer_email, "jan.kowalski@example.com");
}

TEST_F(ParcelTriggerTest, ASecondParcelOrStatusIsADuplicate) {
  Record(Realised("1001", "2024-05-08 09:12:05"));
  const EventRecord first = Record(ParcelSent("1001", "2024-05-09 10:30:00"));
  ASSERT_EQ(first.outcome, EventOutcome::kScheduled);

  const EventRecord again = Record(ParcelSent("1001", "2024-05-09 10:30:00"));
  EXPECT_EQ(again.outcome, EventOutcome::kDuplicate);
  EXPECT_EQ(again.structured_reason.code, EventReasonCode::kOrderHasInvitation);
  EXPECT_EQ(again.invitation_id, first.invitation_id);
  const EventRecord later_parcel = Record(ParcelSent("1001", "2024-05-10 08:00:00"));
  EXPECT_EQ(later_parcel.outcome, EventOutcome::kDuplicate);
  const EventRecord status = Record(Realised("1001", "2024-05-09 11:00:00"));
  EXPECT_EQ(status.outcome, EventOutcome::kDuplicate);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].send_time, Utc(2024, 5, 14, 8, 30, 0));
}

TEST_F(ParcelTriggerTest, TheFirstOfAnOrdersParcelsCountsWhateverTheirOrder) {
  Record(ParcelSent("1001", "2024-05-09 10:30:00"));
  Record(ParcelSent("1001", "2024-05-08 10:30:00"));
  Record(ParcelSent("1001", "2024-05-09 18:00:00"));
  ASSERT_EQ(Record(Realised("1001", "2024-05-09 11:00:00")).outcome, EventOutcome::kScheduled);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].status_time, Utc(2024, 5, 8, 8, 30, 0));
}

TEST_F(ParcelTriggerTest, ACancelledOrderStaysCancelled) {
  // Cancelled before its parcel: the parcel invites nobody.
  Record(Realised("1001", "2024-05-08 09:00:00"));
  const EventRecord cancel = Record(NotRealised("1001", "2024-05-08 10:00:00"));
  EXPECT_EQ(cancel.structured_reason.code, EventReasonCode::kOrderNotRealised);
  const EventRecord parcel = Record(ParcelSent("1001", "2024-05-09 10:30:00"));
  EXPECT_EQ(parcel.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(parcel.structured_reason.code, EventReasonCode::kAwaitingOrder);
  EXPECT_THAT(Invitations(), IsEmpty());

  // Cancelled after its invitation: the invitation stays cancelled.
  Record(Realised("1002", "2024-05-08 09:00:00"));
  ASSERT_EQ(Record(ParcelSent("1002", "2024-05-08 10:00:00")).outcome, EventOutcome::kScheduled);
  EXPECT_EQ(Record(NotRealised("1002", "2024-05-08 11:00:00")).outcome, EventOutcome::kCancelled);
  const EventRecord late_parcel = Record(ParcelSent("1002", "2024-05-08 12:00:00"));
  EXPECT_EQ(late_parcel.outcome, EventOutcome::kDuplicate);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].state, InvitationState::kCancelled);
}

TEST_F(ParcelTriggerTest, ADeletedOrdersParcelIsIgnored) {
  Record(Realised("1001", "2024-05-08 09:00:00"));
  Record(Deleted("1001"));
  const EventRecord parcel = Record(ParcelSent("1001", "2024-05-09 10:30:00"));
  EXPECT_EQ(parcel.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(parcel.structured_reason.code, EventReasonCode::kOrderWasDeleted);
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(ParcelTriggerTest, AParcelNotMarkedSentSchedulesNothing) {
  Record(Realised("1001", "2024-05-08 09:00:00"));
  OrderEvent parcel = ParcelSent("1001", "2024-05-09 10:30:00");
  parcel.parcel_sent = false;
  EXPECT_EQ(Record(parcel).structured_reason.code, EventReasonCode::kAwaitingParcel);
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(ParcelTriggerTest, ABadSendDateIsRejectedNamingIt) {
  const EventRecord parcel = Record(ParcelSent("1001", "yesterday"));
  EXPECT_EQ(parcel.outcome, EventOutcome::kRejected);
  EXPECT_EQ(parcel.structured_reason.code, EventReasonCode::kNotADateTime);
  EXPECT_EQ(parcel.structured_reason.field, "send_date");
}

TEST_F(ParcelTriggerTest, AnUnreadableParcelIsRefusedNamingItsField) {
  OrderEvent parcel;
  parcel.event_name = "parcel.dispatch";
  parcel.kind = EventKind::kParcelDispatched;
  parcel.parcel_unreadable_field = "send_date";
  parcel.parcel_unreadable_problem = "missing";
  EXPECT_THAT(recorder_.Record(shop_.webhook_key, parcel),
              StatusIs(absl::StatusCode::kInvalidArgument, "send_date: missing"));

  // A shop that does not use parcels takes it, and ignores it, as before.
  SettingsUpdate update;
  update.trigger = TriggerRule();
  ASSERT_OK_AND_ASSIGN(shop_, shops_.UpdateSettings(shop_.id, update));
  EXPECT_EQ(Record(parcel).structured_reason.code, EventReasonCode::kNotAnOrderEvent);
}

TEST_F(ParcelTriggerTest, ShopsWithAStatusTriggerIgnoreParcels) {
  SettingsUpdate update;
  update.trigger = TriggerRule();
  ASSERT_OK_AND_ASSIGN(shop_, shops_.UpdateSettings(shop_.id, update));
  const EventRecord parcel = Record(ParcelSent("1001", "2024-05-09 10:30:00"));
  EXPECT_EQ(parcel.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(parcel.structured_reason.code, EventReasonCode::kNotAnOrderEvent);
  EXPECT_EQ(Record(Realised("1001", "2024-05-08 09:00:00")).outcome, EventOutcome::kScheduled);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].status_time, Utc(2024, 5, 8, 7, 0, 0));
}

TEST_F(ParcelTriggerTest, SendingOffSchedulesNothingAndForgetsTheBuyer) {
  Record(Realised("1001", "2024-05-08 09:00:00"));
  SettingsUpdate update;
  update.sending_enabled = false;
  ASSERT_OK_AND_ASSIGN(shop_, shops_.UpdateSettings(shop_.id, update));
  EXPECT_EQ(Record(ParcelSent("1001", "2024-05-09 10:30:00")).structured_reason.code,
            EventReasonCode::kSendingOff);
  update.sending_enabled = true;
  ASSERT_OK_AND_ASSIGN(shop_, shops_.UpdateSettings(shop_.id, update));
  EXPECT_EQ(Record(ParcelSent("1001", "2024-05-09 10:30:00")).structured_reason.code,
            EventReasonCode::kAwaitingOrder);
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(ParcelTriggerTest, AnErasureForgetsTheBuyerWaitingForTheParcel) {
  Record(Realised("1001", "2024-05-08 09:00:00"));
  Erasure erasure;
  erasure.erase_time = kStart;
  ASSERT_THAT(storage_.ErasePersonalData("jan.kowalski@example.com", erasure), IsOk());
  EXPECT_EQ(Record(ParcelSent("1001", "2024-05-09 10:30:00")).structured_reason.code,
            EventReasonCode::kAwaitingOrder);
  EXPECT_THAT(Invitations(), IsEmpty());
}

}  // namespace
}  // namespace opinus::server
