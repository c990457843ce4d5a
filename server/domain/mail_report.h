// ParseMailReport: what a bounce (a delivery status notification, RFC 3464)
// or a complaint (an abuse feedback report, RFC 5965) says about a mail we
// sent. Input comes from anyone who can reach the bounce listener: every
// byte is tried, nothing is trusted, and the parse costs time linear in the
// message's size.
#ifndef OPINUS_SERVER_DOMAIN_MAIL_REPORT_H_
#define OPINUS_SERVER_DOMAIN_MAIL_REPORT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace opinus::server {

// What a report is.
enum class MailReportKind {
  // Neither a delivery status notification nor a feedback report.
  kUnknown,
  kDeliveryStatus,
  kComplaint,
};

// How a recipient's delivery ended, by its status code's class.
enum class DeliveryOutcome {
  // 5.x.x, or "Action: failed" without a status: it will never arrive.
  kPermanentFailure,
  // 4.x.x, or "Action: delayed": the sender's MTA still tries.
  kTemporaryFailure,
  // 2.x.x, or anything else.
  kOther,
};

// RecipientStatus is one recipient's block of a delivery status
// notification. Every text is valid UTF-8, without control characters, and
// at most 500 bytes.
struct RecipientStatus {
  // Final-Recipient's address, without its "rfc822;" type.
  std::string recipient;
  // Lower case: failed, delayed, delivered, relayed, expanded.
  std::string action;
  // The status code, e.g. "5.1.1"; empty when absent or not one.
  std::string status;
  std::string diagnostic;
  DeliveryOutcome outcome = DeliveryOutcome::kOther;
};

// MailReport is what ParseMailReport found.
struct MailReport {
  MailReportKind kind = MailReportKind::kUnknown;
  // Of a delivery status notification.
  std::vector<RecipientStatus> recipients;
  // Of a complaint: Feedback-Type, lower case (e.g. "abuse"), and the
  // address the complained-of mail was sent to (Original-Rcpt-To).
  std::string feedback_type;
  std::string complained_recipient;
  // Where the reported mail came from, as the report says (a complaint's
  // Original-Mail-From, else the enclosed original's Return-Path), without
  // angle brackets; empty when it does not say.
  std::string original_sender;
};

// The most recipient blocks read from one notification.
inline constexpr size_t kMaxReportRecipients = 100;

// ParseMailReport reads `message` (headers, a blank line, the body; CRLF or
// LF line ends) as a multipart/report.
MailReport ParseMailReport(absl::string_view message);

// IsPermanentNoSuchMailbox returns whether `status` says the mailbox does
// not exist (5.1.1, 5.1.10: bad destination mailbox address / null MX).
bool IsPermanentNoSuchMailbox(absl::string_view status);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_MAIL_REPORT_H_
