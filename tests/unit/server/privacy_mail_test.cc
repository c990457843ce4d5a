// The mails of a person's own privacy request, read as a mail client reads
// them; PrivacyRequestTest sends them through a real SMTP sink.
#include "server/dispatch/privacy_mail.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/parsed_mail.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::DecodeWords;
using ::opinus::testing::IsOk;
using ::opinus::testing::ParsedMail;
using ::opinus::testing::ParseMail;
using ::opinus::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";

class PrivacyMailTest : public ::testing::Test {
 protected:
  PrivacyMailTest() {
    config_.mail_from = "zaproszenia@opinus.example";
    config_.public_url = "https://opinus.example/";
  }

  MailConfig config_;
  absl::Time now_ = absl::FromCivil(absl::CivilSecond(2024, 5, 15, 8, 0, 0), absl::UTCTimeZone());
};

TEST_F(PrivacyMailTest, TheRequestMailCarriesTheLinkAndSaysWhatItDoes) {
  for (const auto& [action, subject] :
       {std::make_pair(PrivacyAction::kErase, "Potwierdź usunięcie danych"),
        std::make_pair(PrivacyAction::kExport, "Twoje dane w Opinus / Your data")}) {
    absl::StatusOr<MailMessage> mail =
        ComposePrivacyRequestMail(config_, "jan@example.com", action, kToken, now_);
    ASSERT_THAT(mail, IsOk());
    EXPECT_EQ(mail->envelope_to, "jan@example.com");
    EXPECT_EQ(mail->envelope_from, "zaproszenia@opinus.example");
    // The Message-ID tells nothing of the token.
    EXPECT_THAT(mail->message_id, Not(HasSubstr(kToken)));
    const ParsedMail parsed = ParseMail(mail->data);
    EXPECT_THAT(DecodeWords(parsed.Header("Subject")), HasSubstr(subject));
    EXPECT_EQ(parsed.Header("To"), "<jan@example.com>");
    EXPECT_EQ(parsed.Header("Auto-Submitted"), "auto-generated");
    const std::string& text = parsed.parts.at("text/plain");
    EXPECT_THAT(text, HasSubstr(absl::StrCat("https://opinus.example/prywatnosc/", kToken)));
    EXPECT_THAT(text, HasSubstr("24 godziny"));
  }
}

TEST_F(PrivacyMailTest, TheExportIsAnAttachedJsonFile) {
  const std::string json = R"({"email":"jan@example.com","records":[]})";
  absl::StatusOr<MailMessage> mail =
      ComposePersonalDataMail(config_, "jan@example.com", json, "unique-1", now_);
  ASSERT_THAT(mail, IsOk());
  EXPECT_THAT(mail->data,
              HasSubstr("Content-Disposition: attachment; filename=\"opinus-dane.json\""));
  const ParsedMail parsed = ParseMail(mail->data);
  EXPECT_THAT(parsed.Header("Content-Type"), HasSubstr("multipart/mixed"));
  EXPECT_EQ(parsed.parts.at("application/json"), json);
  EXPECT_THAT(parsed.parts.at("text/plain"), HasSubstr("opinus-dane.json"));
  absl::StatusOr<MailMessage> other =
      ComposePersonalDataMail(config_, "jan@example.com", json, "unique-2", now_);
  ASSERT_THAT(other, IsOk());
  EXPECT_NE(other->message_id, mail->message_id);
}

TEST_F(PrivacyMailTest, RejectsAnAddressThatIsNotOne) {
  EXPECT_THAT(ComposePrivacyRequestMail(config_, "jan@example.com\r\nBcc: x@example.com",
                                        PrivacyAction::kErase, kToken, now_),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ComposePersonalDataMail(config_, "nobody", "{}", "unique", now_),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace opinus::server
