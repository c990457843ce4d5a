// Tests of LoadNamedTimeZone: zone names load, anything else does not reach
// absl::LoadTimeZone.
#include "common/time_zone_name.h"

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace opinus {
namespace {

TEST(LoadNamedTimeZoneTest, LoadsZoneNames) {
  const std::optional<absl::TimeZone> warsaw = LoadNamedTimeZone("Europe/Warsaw");
  ASSERT_TRUE(warsaw.has_value());
  const absl::Time summer =
      absl::FromCivil(absl::CivilSecond(2024, 5, 11, 7, 12, 5), absl::UTCTimeZone());
  EXPECT_EQ(absl::FormatTime("%H:%M", summer, *warsaw), "09:12");
  EXPECT_TRUE(LoadNamedTimeZone("America/Argentina/Buenos_Aires").has_value());
  EXPECT_TRUE(LoadNamedTimeZone("Etc/GMT+2").has_value());
}

TEST(LoadNamedTimeZoneTest, RefusesWhatIsNoZoneName) {
  for (const char* name : {"", "Mars/Olympus", "/dev/ptmx", "../../etc/passwd",
                           "Europe/../Europe/Warsaw", "Europe/Warsaw\n", "Europe Warsaw"}) {
    EXPECT_FALSE(LoadNamedTimeZone(name).has_value()) << name;
  }
}

}  // namespace
}  // namespace opinus
