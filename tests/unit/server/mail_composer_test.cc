// Tests of the invitation e-mail, read back as a mail client would.
#include "server/dispatch/mail_composer.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "common/text_template.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/dispatch/mime.h"
#include "server/dispatch/templates.h"
#include "server/domain/token.h"
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
using ::testing::StartsWith;

constexpr char kToken[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";

class MailComposerTest : public ::testing::Test {
 protected:
  MailComposerTest() {
    config_.mail_from = "zaproszenia@opinus.example";
    config_.public_url = "https://opinus.example/";
    shop_.id = 3;
    shop_.name = "Ceramika Kowalski – sklep";
    invitation_.id = 42;
    invitation_.shop_id = 3;
    invitation_.customer_email = "jan.kowalski@example.com";
    invitation_.customer_first_name = "Jan";
    invitation_.create_time = absl::FromUnixSeconds(1715166725);
  }

  ParsedMail Compose() {
    absl::StatusOr<MailMessage> mail =
        ComposeInvitationMail(config_, shop_, invitation_, kind_, kToken, now_);
    EXPECT_THAT(mail, IsOk());
    if (!mail.ok()) return ParsedMail{};
    raw_ = mail->data;
    message_ = *mail;
    return ParseMail(mail->data);
  }

  MailConfig config_;
  Shop shop_;
  Invitation invitation_;
  MailKind kind_ = MailKind::kInvitation;
  absl::Time now_ = absl::FromCivil(absl::CivilSecond(2024, 5, 15, 8, 0, 0), absl::UTCTimeZone());
  std::string raw_;
  MailMessage message_;
};

TEST_F(MailComposerTest, PolishByDefaultWithEveryHeader) {
  ParsedMail mail = Compose();
  EXPECT_EQ(DecodeWords(mail.Header("From")),
            "Ceramika Kowalski – sklep <zaproszenia@opinus.example>");
  EXPECT_EQ(mail.Header("To"), "<jan.kowalski@example.com>");
  EXPECT_EQ(DecodeWords(mail.Header("Subject")),
            "Jak oceniasz zakupy w sklepie Ceramika Kowalski – sklep?");
  EXPECT_EQ(mail.Header("Date"), "Wed, 15 May 2024 08:00:00 +0000");
  EXPECT_EQ(mail.Header("Message-ID"), "<opinus.invitation-42.3.1715166725@opinus.example>");
  EXPECT_EQ(mail.Header("MIME-Version"), "1.0");
  EXPECT_EQ(mail.Header("List-Unsubscribe"),
            absl::StrCat("<https://opinus.example/u/", kToken, ">"));
  EXPECT_EQ(mail.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  EXPECT_EQ(DecodeWords(mail.Header("List-Id")),
            "Ceramika Kowalski – sklep <shop-3.invitations.opinus.example>");
  EXPECT_EQ(mail.Header("Feedback-ID"), "invitation:shop-3:invitation:opinus");
  EXPECT_EQ(mail.Header("Auto-Submitted"), "auto-generated");
  EXPECT_EQ(mail.Header("Content-Language"), "pl");
  EXPECT_THAT(mail.Header("Content-Type"), HasSubstr("multipart/alternative"));
  // VERP: the bounce names its mail by a prefix of the token's SHA-256.
  EXPECT_EQ(message_.envelope_from,
            absl::StrCat("bounces+", absl::BytesToHexString(Sha256(kToken)).substr(0, 20),
                         "@opinus.example"));
  EXPECT_THAT(message_.envelope_from, Not(HasSubstr(kToken)));
  EXPECT_EQ(message_.envelope_to, "jan.kowalski@example.com");
}

TEST_F(MailComposerTest, TheHtmlPartHasFiveStarLinksEachChoosingItsRating) {
  ParsedMail polish = Compose();
  const std::string link = absl::StrCat("https://opinus.example/o/", kToken);
  for (int stars = 1; stars <= 5; ++stars) {
    EXPECT_THAT(polish.parts["text/html"],
                HasSubstr(absl::StrCat("href=\"", link, "?rating=", stars, "\"")));
  }
  EXPECT_THAT(polish.parts["text/html"], HasSubstr("aria-label=\"5 gwiazdek\""));
  EXPECT_THAT(polish.parts["text/plain"], Not(HasSubstr("?rating=")));
  kind_ = MailKind::kReminder;
  shop_.settings.language = "en";
  ParsedMail reminder = Compose();
  EXPECT_THAT(reminder.parts["text/html"], HasSubstr(absl::StrCat("href=\"", link, "?rating=1\"")));
  EXPECT_THAT(reminder.parts["text/html"], HasSubstr("aria-label=\"1 star\""));
  EXPECT_EQ(reminder.Header("Feedback-ID"), "reminder:shop-3:invitation:opinus");
}

TEST_F(MailComposerTest, BothPartsCarryTheOpinionLinkAndGreetTheCustomer) {
  ParsedMail mail = Compose();
  ASSERT_EQ(mail.parts.size(), 2u);
  const std::string link = absl::StrCat("https://opinus.example/o/", kToken);
  EXPECT_THAT(mail.parts["text/plain"], HasSubstr(link));
  // No bare name where Polish wants its vocative ("Dzień dobry Łucja").
  EXPECT_THAT(mail.parts["text/plain"], StartsWith("Dzień dobry,\r\n"));
  EXPECT_THAT(mail.parts["text/plain"], Not(HasSubstr("Jan")));
  EXPECT_THAT(mail.parts["text/html"], HasSubstr(absl::StrCat("href=\"", link, "\"")));
  EXPECT_THAT(mail.parts["text/html"], HasSubstr("Ceramika Kowalski – sklep"));
  EXPECT_THAT(mail.parts["text/plain"], HasSubstr("\r\n"));
}

// The link takes a first opinion for 60 days and its edits for 7: the mail
// says so, not that it "works once".
TEST_F(MailComposerTest, TheMailSaysWhatTheLinkAllows) {
  ParsedMail polish = Compose();
  EXPECT_THAT(polish.parts["text/plain"], HasSubstr("przez 60 dni możesz nim wystawić opinię"));
  EXPECT_THAT(polish.parts["text/html"], HasSubstr("a przez 7 dni po jej wystawieniu"));
  EXPECT_THAT(polish.parts["text/plain"], Not(HasSubstr("jeden raz")));
  shop_.settings.language = "en";
  ParsedMail english = Compose();
  EXPECT_THAT(english.parts["text/html"], HasSubstr("it takes your opinion for 60 days"));
  EXPECT_THAT(english.parts["text/plain"], Not(HasSubstr("works once")));
}

TEST_F(MailComposerTest, EnglishWhenTheShopSaysSo) {
  shop_.settings.language = "en";
  ParsedMail mail = Compose();
  EXPECT_EQ(DecodeWords(mail.Header("Subject")),
            "How was your shopping at Ceramika Kowalski – sklep?");
  EXPECT_THAT(mail.parts["text/plain"], HasSubstr("Hello Jan,"));
  EXPECT_EQ(mail.Header("Content-Language"), "en");
}

TEST_F(MailComposerTest, SenderNameReplacesTheShopNameInFromOnly) {
  shop_.settings.sender_name = "Zespół Ceramiki";
  ParsedMail mail = Compose();
  EXPECT_EQ(DecodeWords(mail.Header("From")), "Zespół Ceramiki <zaproszenia@opinus.example>");
  EXPECT_THAT(DecodeWords(mail.Header("Subject")), HasSubstr("Ceramika Kowalski – sklep"));
}

TEST_F(MailComposerTest, CrLfInNamesCannotAddHeaders) {
  shop_.name = "Sklep\r\nBcc: x@y.pl";
  shop_.settings.sender_name = "";
  invitation_.customer_first_name = "Jan\r\nBcc: z@y.pl";
  ParsedMail mail = Compose();
  EXPECT_EQ(mail.HeaderCount("Bcc"), 0);
  EXPECT_THAT(raw_, Not(HasSubstr("\r\nBcc:")));
  EXPECT_THAT(raw_, Not(HasSubstr("\nBcc:")));
  // Every line of the head is a header or a folded continuation.
  for (const auto& [name, value] : mail.headers) {
    EXPECT_FALSE(name.empty()) << value;
    EXPECT_EQ(name.find(' '), std::string::npos) << name;
  }
  EXPECT_EQ(DecodeWords(mail.Header("From")), "Sklep  Bcc: x@y.pl <zaproszenia@opinus.example>");
}

TEST_F(MailComposerTest, HtmlEscapesWhatTheShopNameHolds) {
  shop_.name = "<script>alert(1)</script> & Co";
  ParsedMail mail = Compose();
  EXPECT_THAT(mail.parts["text/html"], Not(HasSubstr("<script>")));
  EXPECT_THAT(mail.parts["text/html"], HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
  EXPECT_THAT(mail.parts["text/plain"], HasSubstr("<script>alert(1)</script> & Co"));
}

TEST_F(MailComposerTest, TheBoundaryNeverAppearsInsideAPart) {
  ParsedMail mail = Compose();
  ASSERT_FALSE(mail.boundary.empty());
  EXPECT_TRUE(absl::StartsWith(mail.boundary, "=_"));
  // Opening delimiters for both parts and one closing delimiter, nothing else.
  size_t count = 0;
  for (size_t pos = raw_.find(mail.boundary); pos != std::string::npos;
       pos = raw_.find(mail.boundary, pos + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 4u);  // Content-Type parameter + 2 openings + 1 closing.
  EXPECT_THAT(raw_, HasSubstr(absl::StrCat("--", mail.boundary, "--\r\n")));
}

TEST_F(MailComposerTest, TheMessageIdIsTheSameForEveryAttempt) {
  Compose();
  const std::string first = message_.message_id;
  absl::StatusOr<MailMessage> again =
      ComposeInvitationMail(config_, shop_, invitation_, MailKind::kInvitation,
                            "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", now_ + absl::Hours(1));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->message_id, first);
  EXPECT_EQ(first, "<opinus.invitation-42.3.1715166725@opinus.example>");
}

TEST_F(MailComposerTest, TheReminderIsItsOwnMessageInTheShopsLanguage) {
  kind_ = MailKind::kReminder;
  ParsedMail mail = Compose();
  EXPECT_EQ(message_.message_id, "<opinus.reminder-42.3.1715166725@opinus.example>");
  EXPECT_EQ(DecodeWords(mail.Header("Subject")),
            "Przypomnienie: oceń zakupy w sklepie Ceramika Kowalski – sklep");
  EXPECT_THAT(mail.parts["text/plain"],
              HasSubstr("https://opinus.example/o/" + std::string(kToken)));
  EXPECT_THAT(mail.parts["text/html"], HasSubstr("To jedyne przypomnienie"));
  EXPECT_EQ(mail.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");

  shop_.settings.language = kLanguageEnglish;
  mail = Compose();
  EXPECT_EQ(DecodeWords(mail.Header("Subject")),
            "Reminder: how was your order from Ceramika Kowalski – sklep?");
}

TEST_F(MailComposerTest, EveryLineEndsInCrlfAndNoHeaderLineIsTooLong) {
  shop_.name = std::string(100, 'x') + " ąęśćżźńół ĄĘŚĆŻŹŃÓŁ " + std::string(60, 'y');
  Compose();
  size_t line_start = 0;
  const size_t head_end = raw_.find("\r\n\r\n");
  for (size_t i = 0; i < raw_.size(); ++i) {
    if (raw_[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(raw_[i - 1], '\r') << "bare LF at byte " << i;
      if (i < head_end) {
        EXPECT_LE(i - line_start, 998u);
      }
      line_start = i + 1;
    }
  }
  EXPECT_EQ(DecodeWords(ParseMail(raw_).Header("Subject")),
            absl::StrCat("Jak oceniasz zakupy w sklepie ", shop_.name, "?"));
}

TEST_F(MailComposerTest, RejectsAnAddressThatIsNotOne) {
  invitation_.customer_email = "jan@example.com\r\nBcc: x@y.pl";
  EXPECT_THAT(ComposeInvitationMail(config_, shop_, invitation_, kind_, kToken, now_),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(MailConfigTest, ValidatesTheFlags) {
  EXPECT_THAT(ValidateMailConfig({"zaproszenia@opinus.example", "https://opinus.example"}), IsOk());
  EXPECT_THAT(ValidateMailConfig({"zaproszenia", "https://opinus.example"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ValidateMailConfig({"a@opinus.example", "ftp://x"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ValidateMailConfig({"a@opinus.example", "https://x\r\nBcc: y"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(EncodeHeaderWordsTest, WordsAreShortAndNeverSplitACharacter) {
  const std::string text = "Zażółć gęślą jaźń – Zażółć gęślą jaźń – Zażółć gęślą jaźń";
  const std::string encoded = EncodeHeaderWords(text);
  for (absl::string_view word : absl::StrSplit(encoded, "\r\n ")) {
    EXPECT_LE(word.size(), 75u);
    std::string decoded;
    ASSERT_TRUE(absl::Base64Unescape(word.substr(10, word.size() - 12), &decoded));
    // A decoded word starts on a character: never on a continuation byte.
    EXPECT_NE(static_cast<unsigned char>(decoded[0]) & 0xC0, 0x80);
  }
  EXPECT_EQ(DecodeWords(encoded), text);
}

TEST(TemplatesTest, EveryTemplateIsEmbeddedAndRenders) {
  for (const char* name :
       {"invitation_pl.subject", "invitation_pl.txt", "invitation_pl.html", "invitation_en.subject",
        "invitation_en.txt", "invitation_en.html", "reminder_pl.subject", "reminder_pl.txt",
        "reminder_pl.html", "reminder_en.subject", "reminder_en.txt", "reminder_en.html",
        "privacy_erase.subject", "privacy_erase.txt", "privacy_export.subject",
        "privacy_export.txt", "privacy_data.subject", "privacy_data.txt"}) {
    EXPECT_FALSE(EmbeddedFile(name).empty()) << name;
  }
  EXPECT_THAT(RenderTemplate("a {{x}} b", {{"x", "<&>"}}, true), IsOk());
  EXPECT_EQ(*RenderTemplate("a {{x}} b", {{"x", "<&>"}}, true), "a &lt;&amp;&gt; b");
  EXPECT_THAT(RenderTemplate("{{missing}}", {}, false), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(RenderTemplate("{{open", {}, false), StatusIs(absl::StatusCode::kInternal));
  // Triple braces insert trusted HTML as it is.
  EXPECT_EQ(*RenderTemplate("<p>{{{x}}}</p>", {{"x", "<b>&</b>"}}, true), "<p><b>&</b></p>");
  EXPECT_THAT(RenderTemplate("{{{open}}", {{"open", ""}}, true),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(TokenTest, TokensAreLongUrlSafeAndDifferent) {
  RandomTokenGenerator tokens;
  const std::string a = tokens.NewToken();
  const std::string b = tokens.NewToken();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 32u);  // 24 bytes = 192 bits.
  for (char c : a) EXPECT_TRUE(absl::ascii_isalnum(c) || c == '-' || c == '_') << a;
  EXPECT_EQ(Sha256(a).size(), 32u);
  EXPECT_EQ(absl::BytesToHexString(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace opinus::server
