// Tests of the sending-hours rule: an invitation due at night waits for the
// morning, in the shop's time zone.
#include "server/domain/sending_hours.h"

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace opinus::server {
namespace {

absl::TimeZone Warsaw() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &zone));
  return zone;
}

absl::Time Local(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), Warsaw());
}

TEST(NextSendingTimeTest, InsideTheWindowIsNow) {
  const SendingHours hours{8, 20};
  for (absl::Time t :
       {Local(2024, 5, 15, 8, 0), Local(2024, 5, 15, 12, 30), Local(2024, 5, 15, 19, 59)}) {
    EXPECT_EQ(NextSendingTime(t, hours, Warsaw()), t);
  }
}

TEST(NextSendingTimeTest, NightBeforeTheWindowWaitsForThisMorning) {
  EXPECT_EQ(NextSendingTime(Local(2024, 5, 15, 3, 17), SendingHours{8, 20}, Warsaw()),
            Local(2024, 5, 15, 8, 0));
}

TEST(NextSendingTimeTest, EveningAfterTheWindowWaitsForTomorrowMorning) {
  EXPECT_EQ(NextSendingTime(Local(2024, 5, 15, 20, 0), SendingHours{8, 20}, Warsaw()),
            Local(2024, 5, 16, 8, 0));
  EXPECT_EQ(NextSendingTime(Local(2024, 12, 31, 23, 59), SendingHours{8, 20}, Warsaw()),
            Local(2025, 1, 1, 8, 0));
}

TEST(NextSendingTimeTest, TheShopsZoneDecidesNotUtc) {
  // 06:30 UTC is 08:30 in Warsaw in summer: inside the window there.
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(2024, 5, 15, 6, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(NextSendingTime(t, SendingHours{8, 20}, Warsaw()), t);
  EXPECT_EQ(NextSendingTime(t, SendingHours{8, 20}, absl::UTCTimeZone()),
            absl::FromCivil(absl::CivilSecond(2024, 5, 15, 8, 0, 0), absl::UTCTimeZone()));
}

TEST(NextSendingTimeTest, AnyTimeNeverWaits) {
  const absl::Time t = Local(2024, 5, 15, 3, 0);
  EXPECT_EQ(NextSendingTime(t, SendingHours{0, 24}, Warsaw()), t);
}

TEST(NextSendingTimeTest, StartHourSkippedByDstStillGivesAMorning) {
  // 2024-03-31 02:00 does not exist in Warsaw (clocks jump to 03:00).
  const absl::Time t = Local(2024, 3, 31, 1, 0);
  const absl::Time next = NextSendingTime(t, SendingHours{2, 20}, Warsaw());
  EXPECT_GT(next, t);
  EXPECT_LE(next - t, absl::Hours(2));
}

}  // namespace
}  // namespace opinus::server
