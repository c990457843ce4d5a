// libFuzzer target: the bounce listener's parser of delivery status
// notifications and complaints, whose input anyone reaching the listener
// writes.
//
// Besides crashes and sanitizer reports it fails when the parse breaks its
// contract: a text that is not valid UTF-8, holds a control character or is
// longer than 500 bytes; more recipients than the bound; recipients or a
// sender in what it says is no report; a status that is not a status code.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/utf8.h"
#include "server/domain/mail_report.h"
#include "server/domain/validation.h"
#include "tests/fuzz/contract.h"

namespace {

namespace server = ::opinus::server;
using ::opinus::fuzz::Fail;

void ExpectClean(const std::string& text) {
  if (text.size() > 500) Fail("a text longer than 500 bytes");
  if (!opinus::IsValidUtf8(text)) Fail("a text that is not UTF-8");
  if (server::HasControlCharacters(text)) Fail("a text with a control character");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view message(reinterpret_cast<const char*>(data), size);
  const server::MailReport report = server::ParseMailReport(message);
  if (report.recipients.size() > server::kMaxReportRecipients) Fail("too many recipients");
  if (report.kind != server::MailReportKind::kDeliveryStatus && !report.recipients.empty()) {
    Fail("recipients outside a delivery status notification");
  }
  if (report.kind == server::MailReportKind::kUnknown && !report.original_sender.empty()) {
    // The enclosed original's Return-Path is read only inside a report.
    Fail("a sender in what is no report");
  }
  for (const server::RecipientStatus& recipient : report.recipients) {
    ExpectClean(recipient.recipient);
    ExpectClean(recipient.action);
    ExpectClean(recipient.diagnostic);
    if (!recipient.status.empty() && recipient.status.size() > 9) Fail("a status too long");
  }
  ExpectClean(report.feedback_type);
  ExpectClean(report.complained_recipient);
  ExpectClean(report.original_sender);
  return 0;
}
