// Tests of ParseMailReport on the reports real MTAs send (Postfix's bounces,
// a delay notice, a Yahoo-style complaint) and on what an attacker or a
// broken MTA sends instead.
#include "server/domain/mail_report.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::server {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// As Postfix writes a bounce of a mail to an unknown mailbox (LF line ends).
constexpr char kPostfixBounce[] = R"(Return-Path: <>
From: MAILER-DAEMON@mx.opinus.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounces+0123456789abcdef0123@opinus.example
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="8A3C21E0B2.1715760000/mx.opinus.example"

This is a MIME-encapsulated message.

--8A3C21E0B2.1715760000/mx.opinus.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--8A3C21E0B2.1715760000/mx.opinus.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.opinus.example
X-Postfix-Queue-ID: 8A3C21E0B2
Arrival-Date: Wed, 15 May 2024 08:00:00 +0000

Final-Recipient: rfc822; nikt@example.com
Original-Recipient: rfc822;nikt@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <nikt@example.com>: Recipient address
    rejected: User unknown in virtual mailbox table

--8A3C21E0B2.1715760000/mx.opinus.example
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Return-Path: <bounces+0123456789abcdef0123@opinus.example>
From: Ceramika <zaproszenia@opinus.example>
To: <nikt@example.com>

--8A3C21E0B2.1715760000/mx.opinus.example--
)";

constexpr char kComplaint[] = R"(From: feedback@arf.mail.example
To: complaints@opinus.example
Subject: FW: Jak oceniasz zakupy?
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="part1_13d.2e68ed54"

--part1_13d.2e68ed54
Content-Type: text/plain; charset="US-ASCII"

This is an email abuse report for an email message received from IP 203.0.113.25.

--part1_13d.2e68ed54
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Yahoo!-Mail-Feedback/2.0
Version: 1
Original-Mail-From: <bounces+fedcba9876543210fedc@opinus.example>
Original-Rcpt-To: <klientka@example.net>
Arrival-Date: Wed, 15 May 2024 08:01:00 +0000

--part1_13d.2e68ed54
Content-Type: message/rfc822

From: Ceramika <zaproszenia@opinus.example>
To: <klientka@example.net>
Subject: Jak oceniasz zakupy?

--part1_13d.2e68ed54--
)";

TEST(MailReportTest, APostfixBounceOfAnUnknownMailboxIsAPermanentFailure) {
  const MailReport report = ParseMailReport(kPostfixBounce);
  EXPECT_EQ(report.kind, MailReportKind::kDeliveryStatus);
  ASSERT_THAT(report.recipients, SizeIs(1));
  const RecipientStatus& recipient = report.recipients[0];
  EXPECT_EQ(recipient.recipient, "nikt@example.com");
  EXPECT_EQ(recipient.action, "failed");
  EXPECT_EQ(recipient.status, "5.1.1");
  EXPECT_EQ(recipient.outcome, DeliveryOutcome::kPermanentFailure);
  EXPECT_THAT(recipient.diagnostic, HasSubstr("User unknown in virtual mailbox table"));
  EXPECT_TRUE(IsPermanentNoSuchMailbox(recipient.status));
  EXPECT_EQ(report.original_sender, "bounces+0123456789abcdef0123@opinus.example");
}

TEST(MailReportTest, CrlfLineEndsReadTheSame) {
  const std::string crlf = absl::StrReplaceAll(kPostfixBounce, {{"\n", "\r\n"}});
  const MailReport report = ParseMailReport(crlf);
  ASSERT_THAT(report.recipients, SizeIs(1));
  EXPECT_EQ(report.recipients[0].status, "5.1.1");
  EXPECT_EQ(report.recipients[0].recipient, "nikt@example.com");
}

TEST(MailReportTest, ADelayIsATemporaryFailureAndAMailboxFullIsNotNoSuchMailbox) {
  std::string delayed = absl::StrReplaceAll(
      kPostfixBounce, {{"Action: failed", "Action: delayed"}, {"Status: 5.1.1", "Status: 4.4.1"}});
  MailReport report = ParseMailReport(delayed);
  ASSERT_THAT(report.recipients, SizeIs(1));
  EXPECT_EQ(report.recipients[0].outcome, DeliveryOutcome::kTemporaryFailure);
  const std::string full =
      absl::StrReplaceAll(kPostfixBounce, {{"Status: 5.1.1", "Status: 5.2.2"}});
  report = ParseMailReport(full);
  EXPECT_EQ(report.recipients[0].outcome, DeliveryOutcome::kPermanentFailure);
  EXPECT_FALSE(IsPermanentNoSuchMailbox(report.recipients[0].status));
  // No status: the action decides.
  const std::string bare = absl::StrReplaceAll(kPostfixBounce, {{"Status: 5.1.1\n", ""}});
  report = ParseMailReport(bare);
  EXPECT_EQ(report.recipients[0].status, "");
  EXPECT_EQ(report.recipients[0].outcome, DeliveryOutcome::kPermanentFailure);
}

TEST(MailReportTest, ADeliveryStatusPartInBase64IsRead) {
  const std::string status =
      "Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; a@example.com\r\n"
      "Action: failed\r\nStatus: 5.7.1\r\n";
  const std::string message = absl::StrCat(
      "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
      "Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n",
      absl::Base64Escape(status), "\r\n--b--\r\n");
  const MailReport report = ParseMailReport(message);
  ASSERT_THAT(report.recipients, SizeIs(1));
  EXPECT_EQ(report.recipients[0].recipient, "a@example.com");
  EXPECT_EQ(report.recipients[0].status, "5.7.1");
}

TEST(MailReportTest, AComplaintNamesTheMailItIsAbout) {
  const MailReport report = ParseMailReport(kComplaint);
  EXPECT_EQ(report.kind, MailReportKind::kComplaint);
  EXPECT_EQ(report.feedback_type, "abuse");
  EXPECT_EQ(report.complained_recipient, "klientka@example.net");
  EXPECT_EQ(report.original_sender, "bounces+fedcba9876543210fedc@opinus.example");
  EXPECT_THAT(report.recipients, IsEmpty());
}

TEST(MailReportTest, AReportInsideAMultipartMixedIsFound) {
  const std::string wrapped = absl::StrCat(
      "Content-Type: multipart/mixed; boundary=\"outer\"\n\n--outer\nContent-Type: text/plain\n\n"
      "forwarded\n--outer\n",
      kComplaint, "--outer--\n");
  EXPECT_EQ(ParseMailReport(wrapped).kind, MailReportKind::kComplaint);
}

TEST(MailReportTest, WhatIsNoReportIsUnknownAndNothingElse) {
  for (const std::string& garbage :
       {std::string(), std::string("\n\n\n"), std::string("Subject: hello\n\nJust a mail."),
        std::string("Content-Type: multipart/report; report-type=delivery-status\n\n--\n"),
        std::string("Content-Type: multipart/report; boundary=\"\"\n\n----\n"),
        std::string(":\n:::\n\n"), std::string(1 << 16, '-'), std::string(4096, '\n')}) {
    const MailReport report = ParseMailReport(garbage);
    EXPECT_EQ(report.kind, MailReportKind::kUnknown);
    EXPECT_THAT(report.recipients, IsEmpty());
    EXPECT_THAT(report.original_sender, IsEmpty());
  }
}

TEST(MailReportTest, TextIsValidUtf8WithoutControlsAndBounded) {
  const std::string hostile = absl::StrReplaceAll(
      kPostfixBounce,
      {{"Diagnostic-Code: smtp; 550",
        absl::StrCat("Diagnostic-Code: smtp; \xff\xfe\x1b[31m", std::string(10000, 'x'), " 550")}});
  const MailReport report = ParseMailReport(hostile);
  ASSERT_THAT(report.recipients, SizeIs(1));
  const std::string& diagnostic = report.recipients[0].diagnostic;
  EXPECT_TRUE(IsValidUtf8(diagnostic));
  EXPECT_LE(diagnostic.size(), 500u);
  EXPECT_EQ(diagnostic.find('\x1b'), std::string::npos);
}

TEST(MailReportTest, ATenMebibyteReportIsReadWithItsRecipientsBounded) {
  std::string blocks;
  for (int i = 0; i < 1000; ++i) {
    absl::StrAppend(&blocks, "Final-Recipient: rfc822; r", i,
                    "@example.com\nAction: failed\nStatus: 5.1.1\n\n");
  }
  const std::string message = absl::StrCat(
      "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
      "Content-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n",
      blocks, "--b\nContent-Type: text/plain\n\n", std::string(10 << 20, 'a'), "\n--b--\n");
  const MailReport report = ParseMailReport(message);
  EXPECT_EQ(report.kind, MailReportKind::kDeliveryStatus);
  EXPECT_THAT(report.recipients, SizeIs(kMaxReportRecipients));
  EXPECT_EQ(report.recipients.back().recipient, "r99@example.com");
}

}  // namespace
}  // namespace opinus::server
