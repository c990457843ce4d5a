// Tests of SmtpNeedsStartTls: a mail server's password never crosses the
// network in clear.
#include <string>

#include "gtest/gtest.h"
#include "server/dispatch/curl_smtp_mailer.h"

namespace opinus::server {
namespace {

TEST(SmtpNeedsStartTlsTest, ALoginOnSmtpNeedsStartTls) {
  EXPECT_EQ(SmtpNeedsStartTls("smtp://mail.example:587", "opinus", false).value_or(false), true);
  EXPECT_EQ(SmtpNeedsStartTls("SMTP://mail.example:587", "opinus", false).value_or(false), true);
}

TEST(SmtpNeedsStartTlsTest, SmtpsOrNoLoginNeedsNoUpgrade) {
  EXPECT_EQ(SmtpNeedsStartTls("smtps://mail.example:465", "opinus", false).value_or(true), false);
  EXPECT_EQ(SmtpNeedsStartTls("smtp://127.0.0.1:2525", "", false).value_or(true), false);
}

TEST(SmtpNeedsStartTlsTest, PlainTextOnlyToLoopback) {
  for (const char* url :
       {"smtp://127.0.0.1:2525", "smtp://localhost:25", "smtp://[::1]:25", "smtp://127.1.2.3"}) {
    EXPECT_EQ(SmtpNeedsStartTls(url, "opinus", true).value_or(true), false) << url;
  }
  for (const char* url : {"smtp://mail.example:587", "smtp://127.0.0.1.example:25",
                          "smtp://10.0.0.1:25", "smtp://[2001:db8::1]:25"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(SmtpNeedsStartTls(url, "opinus", true).status())) << url;
  }
}

TEST(SmtpNeedsStartTlsTest, OtherSchemesAreRefused) {
  EXPECT_TRUE(absl::IsInvalidArgument(SmtpNeedsStartTls("http://x", "", false).status()));
}

}  // namespace
}  // namespace opinus::server
