// Tests of the checks on values from outside: e-mail addresses, UTF-8
// truncation, shop-local times, settings and shop identities.
#include "server/domain/validation.h"

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

absl::Time Utc(int y, int m, int d, int hh, int mm, int ss) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss), absl::UTCTimeZone());
}

// IsValidUtf8 returns whether `text` is well-formed UTF-8 (no truncated or
// stray sequences).
bool IsValidUtf8(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    if (lead < 0x80) {
      length = 1;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

TEST(IsPlausibleEmailTest, AcceptsOrdinaryAddresses) {
  EXPECT_TRUE(IsPlausibleEmail("jan@example.com"));
  EXPECT_TRUE(IsPlausibleEmail("jan.kowalski+sklep@poczta.onet.pl"));
  EXPECT_TRUE(IsPlausibleEmail("a@b.co"));
  EXPECT_TRUE(IsPlausibleEmail("zażółć@gęślą.pl"));
}

TEST(IsPlausibleEmailTest, RejectsMalformedAddresses) {
  EXPECT_FALSE(IsPlausibleEmail(""));
  EXPECT_FALSE(IsPlausibleEmail("jan"));
  EXPECT_FALSE(IsPlausibleEmail("jan.example.com"));
  EXPECT_FALSE(IsPlausibleEmail("@example.com"));
  EXPECT_FALSE(IsPlausibleEmail("jan@"));
  EXPECT_FALSE(IsPlausibleEmail("jan@localhost"));
  EXPECT_FALSE(IsPlausibleEmail("jan@@example.com"));
  EXPECT_FALSE(IsPlausibleEmail("jan@x@example.com"));
  EXPECT_FALSE(IsPlausibleEmail("jan@.com"));
  EXPECT_FALSE(IsPlausibleEmail("jan@.example.com"));
  EXPECT_FALSE(IsPlausibleEmail("jan@-example.com"));
  EXPECT_FALSE(IsPlausibleEmail("jan@example."));
  EXPECT_FALSE(IsPlausibleEmail("jan@example..com"));
  EXPECT_FALSE(IsPlausibleEmail("jan kowalski@example.com"));
  EXPECT_FALSE(IsPlausibleEmail(" jan@example.com"));
}

TEST(IsPlausibleEmailTest, RejectsControlCharactersThatCouldInjectHeaders) {
  EXPECT_FALSE(IsPlausibleEmail("jan@example.com\r\nBcc: x@evil.com"));
  EXPECT_FALSE(IsPlausibleEmail("jan@example.com\n"));
  EXPECT_FALSE(IsPlausibleEmail("jan\t@example.com"));
  EXPECT_FALSE(IsPlausibleEmail(std::string("jan@exa\0mple.com", 16)));
  EXPECT_FALSE(IsPlausibleEmail("jan\x7F@example.com"));
}

TEST(IsPlausibleEmailTest, RejectsAddressesLongerThanTheColumn) {
  const std::string domain = "@example.com";
  const std::string longest = std::string(kMaxEmailLength - domain.size(), 'a') + domain;
  ASSERT_EQ(longest.size(), kMaxEmailLength);
  EXPECT_TRUE(IsPlausibleEmail(longest));
  EXPECT_FALSE(IsPlausibleEmail("a" + longest));
}

TEST(HasControlCharactersTest, FindsAsciiControlCharacters) {
  EXPECT_FALSE(HasControlCharacters(""));
  EXPECT_FALSE(HasControlCharacters("Zażółć gęślą jaźń"));
  EXPECT_TRUE(HasControlCharacters("Jan\r\nBcc: x"));
  EXPECT_TRUE(HasControlCharacters("a\tb"));
  EXPECT_TRUE(HasControlCharacters("\x1F"));
  EXPECT_TRUE(HasControlCharacters("\x7F"));
}

TEST(TruncateUtf8Test, KeepsShortTextWhole) {
  EXPECT_EQ(TruncateUtf8("", 0), "");
  EXPECT_EQ(TruncateUtf8("abc", 3), "abc");
  EXPECT_EQ(TruncateUtf8("Zażółć", 100), "Zażółć");
}

TEST(TruncateUtf8Test, CutsAsciiAtTheLimit) { EXPECT_EQ(TruncateUtf8("abcdef", 4), "abcd"); }

TEST(TruncateUtf8Test, NeverSplitsATwoByteCharacter) {
  // "Zażółć": Z a (1 byte each), then ż ó ł ć (2 bytes each): 10 bytes.
  const std::string text = "Zażółć";
  ASSERT_EQ(text.size(), 10u);
  const char* const expected[] = {"",     "Z",    "Za",    "Za",    "Zaż",   "Zaż",
                                  "Zażó", "Zażó", "Zażół", "Zażół", "Zażółć"};
  for (size_t max_bytes = 0; max_bytes <= 10; ++max_bytes) {
    const std::string cut = TruncateUtf8(text, max_bytes);
    SCOPED_TRACE(max_bytes);
    EXPECT_EQ(cut, expected[max_bytes]);
    EXPECT_LE(cut.size(), max_bytes);
    EXPECT_TRUE(IsValidUtf8(cut));
    EXPECT_EQ(text.compare(0, cut.size(), cut), 0);
  }
}

TEST(TruncateUtf8Test, NeverSplitsThreeOrFourByteCharacters) {
  const std::string text = "a€b😀c";  // 1 + 3 + 1 + 4 + 1 bytes
  ASSERT_EQ(text.size(), 10u);
  for (size_t max_bytes = 0; max_bytes <= text.size(); ++max_bytes) {
    const std::string cut = TruncateUtf8(text, max_bytes);
    SCOPED_TRACE(max_bytes);
    EXPECT_LE(cut.size(), max_bytes);
    EXPECT_TRUE(IsValidUtf8(cut));
    EXPECT_EQ(text.compare(0, cut.size(), cut), 0);
  }
  EXPECT_EQ(TruncateUtf8(text, 3), "a");
  EXPECT_EQ(TruncateUtf8(text, 4), "a€");
  EXPECT_EQ(TruncateUtf8(text, 8), "a€b");
  EXPECT_EQ(TruncateUtf8(text, 9), "a€b😀");
}

TEST(ParseShopLocalTimeTest, ConvertsWarsawSummerTimeToUtc) {
  EXPECT_THAT(ParseShopLocalTime("2024-05-08 09:12:05", "Europe/Warsaw"), IsOk());
  EXPECT_EQ(*ParseShopLocalTime("2024-05-08 09:12:05", "Europe/Warsaw"), Utc(2024, 5, 8, 7, 12, 5));
}

TEST(ParseShopLocalTimeTest, ConvertsWarsawWinterTimeToUtc) {
  EXPECT_THAT(ParseShopLocalTime("2024-01-10 09:00:00", "Europe/Warsaw"), IsOk());
  EXPECT_EQ(*ParseShopLocalTime("2024-01-10 09:00:00", "Europe/Warsaw"), Utc(2024, 1, 10, 8, 0, 0));
}

TEST(ParseShopLocalTimeTest, AcceptsTheTSeparatorAndSurroundingSpace) {
  EXPECT_THAT(ParseShopLocalTime("2024-05-08T09:12:05", "Europe/Warsaw"), IsOk());
  EXPECT_EQ(*ParseShopLocalTime("2024-05-08T09:12:05", "Europe/Warsaw"), Utc(2024, 5, 8, 7, 12, 5));
  EXPECT_THAT(ParseShopLocalTime(" 2024-05-08 09:12:05\n", "Europe/Warsaw"), IsOk());
}

TEST(ParseShopLocalTimeTest, UsesTheGivenZone) {
  EXPECT_EQ(*ParseShopLocalTime("2024-01-10 09:00:00", "UTC"), Utc(2024, 1, 10, 9, 0, 0));
  EXPECT_EQ(*ParseShopLocalTime("2024-01-10 09:00:00", "America/New_York"),
            Utc(2024, 1, 10, 14, 0, 0));
}

TEST(ParseShopLocalTimeTest, RejectsWhatIsNotADateAndTime) {
  for (const char* text :
       {"", "garbage", "2024-13-01 00:00:00", "2024-02-30 00:00:00", "2024-05-08 24:00:00",
        "2024-05-08", "2024-05-08 09:12", "2024-05-08 09:12:05.123", "2024-05-08 09:12:05+02:00",
        "08.05.2024 09:12:05", "2024/05/08 09:12:05", "2024-05-08  09:12:05"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseShopLocalTime(text, "Europe/Warsaw"),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("YYYY-MM-DD HH:MM:SS")));
  }
}

TEST(ParseShopLocalTimeTest, RejectsSignedYears) {
  // absl::ParseCivilTime reads these as the years 24 and -2024.
  for (const char* text : {"+024-05-08 09:12:05", "-2024-05-08 09:12:5", "+2024-05-08T09:12:5"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseShopLocalTime(text, "Europe/Warsaw"),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("YYYY-MM-DD HH:MM:SS")));
  }
}

TEST(ParseShopLocalTimeTest, RejectsYearsOutsideTheOrderRange) {
  for (const char* text : {"0001-01-01 00:00:00", "1999-12-31 23:59:59", "2200-01-01 00:00:00"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseShopLocalTime(text, "Europe/Warsaw"),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("year out of range")));
  }
  EXPECT_TRUE(ParseShopLocalTime("2000-01-01 00:00:00", "Europe/Warsaw").ok());
}

TEST(ParseShopLocalTimeTest, RejectsAnUnknownZone) {
  EXPECT_THAT(ParseShopLocalTime("2024-05-08 09:12:05", "Europe/Atlantis"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("time_zone:")));
}

TEST(ValidateShopSettingsTest, AcceptsTheDefaults) {
  EXPECT_THAT(ValidateShopSettings(ShopSettings{}), IsOk());
}

TEST(ValidateShopSettingsTest, SendingHoursAreAWindowWithinTheDay) {
  for (SendingHours ok : {SendingHours{8, 20}, SendingHours{0, 24}, SendingHours{23, 24}}) {
    ShopSettings settings;
    settings.sending_hours = ok;
    EXPECT_THAT(ValidateShopSettings(settings), IsOk()) << ok.start_hour << "-" << ok.end_hour;
  }
  for (SendingHours bad : {SendingHours{20, 8}, SendingHours{8, 8}, SendingHours{-1, 20},
                           SendingHours{8, 25}, SendingHours{24, 24}, SendingHours{0, 0}}) {
    ShopSettings settings;
    settings.sending_hours = bad;
    EXPECT_THAT(ValidateShopSettings(settings),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("sending_hours:")))
        << bad.start_hour << "-" << bad.end_hour;
  }
}

TEST(ValidateShopSettingsTest, LanguageIsPolishOrEnglish) {
  ShopSettings settings;
  settings.language = "en";
  EXPECT_THAT(ValidateShopSettings(settings), IsOk());
  for (const char* bad : {"", "de", "PL"}) {
    settings.language = bad;
    EXPECT_THAT(ValidateShopSettings(settings),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("language:")))
        << bad;
  }
}

TEST(ValidateShopSettingsTest, SenderNameCannotCarryHeaders) {
  ShopSettings settings;
  settings.sender_name = "Sklep\r\nBcc: x@y.pl";
  EXPECT_THAT(ValidateShopSettings(settings),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("sender_name:")));
  settings.sender_name = "Ceramika Kowalski – sklep";
  EXPECT_THAT(ValidateShopSettings(settings), IsOk());
}

TEST(ValidateShopSettingsTest, AcceptsDelaysFromZeroToNinetyDays) {
  for (int days : {0, 1, 7, 90}) {
    ShopSettings settings;
    settings.invitation_delay_days = days;
    EXPECT_THAT(ValidateShopSettings(settings), IsOk()) << days;
  }
}

TEST(ValidateShopSettingsTest, RejectsDelaysOutsideZeroToNinetyDays) {
  for (int days : {-1, 91, 365}) {
    ShopSettings settings;
    settings.invitation_delay_days = days;
    EXPECT_THAT(ValidateShopSettings(settings),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("invitation_delay_days:")))
        << days;
  }
}

TEST(ValidateShopSettingsTest, RejectsUnknownOrEmptyTimeZones) {
  for (const char* zone : {"", "Europe/Atlantis", "Warsaw"}) {
    ShopSettings settings;
    settings.time_zone = zone;
    EXPECT_THAT(ValidateShopSettings(settings),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("time_zone:")))
        << zone;
  }
  ShopSettings settings;
  settings.time_zone = "America/New_York";
  EXPECT_THAT(ValidateShopSettings(settings), IsOk());
}

// Names abseil would open as files: a device that never answers (the call
// hung for good before), a file that is no zone, a way out of the zone
// folder, and a name long enough to fill the zone cache.
TEST(ValidateShopSettingsTest, RejectsPathsAndHugeNamesAtOnceAndTakesIanaNames) {
  for (const std::string& zone : {std::string("/dev/ptmx"), std::string("/etc/passwd"),
                                  std::string("../x"), std::string("Europe/../../../dev/ptmx"),
                                  std::string(1 << 20, 'A'), std::string("Europe/Warsaw\n")}) {
    ShopSettings settings;
    settings.time_zone = zone;
    EXPECT_THAT(ValidateShopSettings(settings),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("time_zone:")))
        << zone.substr(0, 40);
  }
  for (const char* zone : {"Europe/Warsaw", "UTC", "Poland", "America/Argentina/Buenos_Aires"}) {
    ShopSettings settings;
    settings.time_zone = zone;
    EXPECT_THAT(ValidateShopSettings(settings), IsOk()) << zone;
  }
}

TEST(ParseShopLocalTimeTest, NeverOpensAPathGivenAsTheZone) {
  EXPECT_THAT(ParseShopLocalTime("2024-05-08 09:12:05", "/dev/ptmx"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("time_zone:")));
}

TEST(ValidateShopSettingsTest, RejectsNonPositiveStatusIds) {
  for (int64_t id : {0, -1}) {
    ShopSettings settings;
    settings.trigger.status_ids = {12, id};
    EXPECT_THAT(ValidateShopSettings(settings),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("trigger.status_ids:")))
        << id;
  }
  ShopSettings settings;
  settings.trigger.status_ids = {12, 1};
  EXPECT_THAT(ValidateShopSettings(settings), IsOk());
}

TEST(ValidateShopSettingsTest, RejectsMoreThanFiftyStatusIds) {
  ShopSettings settings;
  for (int64_t id = 1; id <= 50; ++id) settings.trigger.status_ids.push_back(id);
  EXPECT_THAT(ValidateShopSettings(settings), IsOk());
  settings.trigger.status_ids.push_back(51);
  EXPECT_THAT(ValidateShopSettings(settings),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("trigger.status_ids:")));
}

TEST(ValidateShopSettingsTest, RejectsATriggerWithNeitherIdsNorType) {
  ShopSettings settings;
  settings.trigger.status_type = StatusType::kUnspecified;
  EXPECT_THAT(ValidateShopSettings(settings),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("trigger:")));
  settings.trigger.status_ids = {12};
  EXPECT_THAT(ValidateShopSettings(settings), IsOk());
}

TEST(ValidateShopIdentityTest, AcceptsAnOrdinaryShop) {
  EXPECT_THAT(ValidateShopIdentity("Sklep Jana", "sklep123456.shoparena.pl", "jan@example.com"),
              IsOk());
}

TEST(ValidateShopIdentityTest, NamesTheBadField) {
  const auto invalid = [](const char* field) {
    return StatusIs(absl::StatusCode::kInvalidArgument, StartsWith(field));
  };
  EXPECT_THAT(ValidateShopIdentity("", "a.pl", "jan@example.com"), invalid("name:"));
  EXPECT_THAT(ValidateShopIdentity("   ", "a.pl", "jan@example.com"), invalid("name:"));
  EXPECT_THAT(ValidateShopIdentity("Sklep\nX", "a.pl", "jan@example.com"), invalid("name:"));
  EXPECT_THAT(
      ValidateShopIdentity(std::string(kMaxLabelLength + 1, 'x'), "a.pl", "jan@example.com"),
      invalid("name:"));
  EXPECT_THAT(ValidateShopIdentity("Sklep", "", "jan@example.com"), invalid("domain:"));
  EXPECT_THAT(ValidateShopIdentity("Sklep", "localhost", "jan@example.com"), invalid("domain:"));
  EXPECT_THAT(ValidateShopIdentity("Sklep", "sklep_1.pl", "jan@example.com"), invalid("domain:"));
  EXPECT_THAT(ValidateShopIdentity("Sklep", "sklep.pl/x", "jan@example.com"), invalid("domain:"));
  EXPECT_THAT(ValidateShopIdentity("Sklep", "sklep .pl", "jan@example.com"), invalid("domain:"));
  EXPECT_THAT(ValidateShopIdentity("Sklep", "a.pl", ""), invalid("owner_email:"));
  EXPECT_THAT(ValidateShopIdentity("Sklep", "a.pl", "jan"), invalid("owner_email:"));
}

}  // namespace
}  // namespace opinus::server
