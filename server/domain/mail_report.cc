#include "server/domain/mail_report.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/utf8.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

constexpr size_t kMaxText = 500;
// A boundary is at most 70 characters (RFC 2046); a few more are forgiven.
constexpr size_t kMaxBoundary = 200;
// Parts read from one multipart body.
constexpr size_t kMaxParts = 20;

// Field is a header field, its name in lower case, its value unfolded.
struct Field {
  std::string name;
  std::string value;
};

// Part is one body part of a multipart, or the whole message.
struct Part {
  std::vector<Field> fields;
  std::string body;
};

// NextLine returns the line of `text` starting at `*pos` without its LF or
// CRLF, and moves `*pos` past it; false at the end.
bool NextLine(absl::string_view text, size_t* pos, absl::string_view* line) {
  if (*pos >= text.size()) return false;
  size_t end = text.find('\n', *pos);
  const size_t next = end == absl::string_view::npos ? text.size() : end + 1;
  if (end == absl::string_view::npos) end = text.size();
  *line = absl::StripSuffix(text.substr(*pos, end - *pos), "\r");
  *pos = next;
  return true;
}

// ParseFields reads header fields from `text` up to the first empty line
// (or its end) and sets `*rest` to what follows.
std::vector<Field> ParseFields(absl::string_view text, absl::string_view* rest) {
  std::vector<Field> fields;
  size_t pos = 0;
  absl::string_view line;
  while (NextLine(text, &pos, &line)) {
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
      // A folded line continues the field before it.
      if (fields.back().value.size() < 64 * 1024) {
        absl::StrAppend(&fields.back().value, " ", absl::StripAsciiWhitespace(line));
      }
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos || colon == 0) continue;
    fields.push_back({absl::AsciiStrToLower(absl::StripAsciiWhitespace(line.substr(0, colon))),
                      std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)))});
  }
  if (rest != nullptr) *rest = pos >= text.size() ? absl::string_view() : text.substr(pos);
  return fields;
}

absl::string_view FieldValue(const std::vector<Field>& fields, absl::string_view name) {
  for (const Field& field : fields) {
    if (field.name == name) return field.value;
  }
  return {};
}

// Clean returns `text` as RecipientStatus promises it: valid UTF-8, control
// characters as spaces, trimmed, at most kMaxText bytes.
std::string Clean(absl::string_view text) {
  std::string valid = ValidUtf8(text.substr(0, kMaxText * 2));
  for (char& c : valid) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return TruncateUtf8(absl::StripAsciiWhitespace(valid), kMaxText);
}

// MediaType returns the lower-case type/subtype of a Content-Type value.
std::string MediaType(absl::string_view content_type) {
  return absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
}

// Parameter returns parameter `name` (lower case) of a Content-Type value,
// unquoted; empty when absent.
std::string Parameter(absl::string_view content_type, absl::string_view name) {
  size_t pos = content_type.find(';');
  while (pos != absl::string_view::npos && pos < content_type.size()) {
    ++pos;
    const size_t equals = content_type.find('=', pos);
    if (equals == absl::string_view::npos) return "";
    const std::string key =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(content_type.substr(pos, equals - pos)));
    size_t value_start = equals + 1;
    while (value_start < content_type.size() && content_type[value_start] == ' ') ++value_start;
    std::string value;
    size_t end = value_start;
    if (value_start < content_type.size() && content_type[value_start] == '"') {
      end = value_start + 1;
      while (end < content_type.size() && content_type[end] != '"') {
        if (content_type[end] == '\\' && end + 1 < content_type.size()) ++end;
        value.push_back(content_type[end]);
        ++end;
      }
      end = content_type.find(';', end);
    } else {
      end = content_type.find(';', value_start);
      value = std::string(absl::StripAsciiWhitespace(
          content_type.substr(value_start, end == absl::string_view::npos ? absl::string_view::npos
                                                                          : end - value_start)));
    }
    if (key == name) return value;
    pos = end;
  }
  return "";
}

// Decoded returns a part's body per its Content-Transfer-Encoding (base64 or
// quoted-printable; anything else as it is).
std::string Decoded(const std::vector<Field>& fields, absl::string_view body) {
  const std::string encoding = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(FieldValue(fields, "content-transfer-encoding")));
  if (encoding == "base64") {
    std::string compact;
    for (char c : body) {
      if (!absl::ascii_isspace(static_cast<unsigned char>(c))) compact.push_back(c);
    }
    std::string decoded;
    if (absl::Base64Unescape(compact, &decoded)) return decoded;
  } else if (encoding == "quoted-printable") {
    std::string decoded;
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] != '=') {
        decoded.push_back(body[i]);
      } else if (i + 2 < body.size() && absl::ascii_isxdigit(body[i + 1]) &&
                 absl::ascii_isxdigit(body[i + 2])) {
        decoded += absl::HexStringToBytes(body.substr(i + 1, 2));
        i += 2;
      } else {
        // A soft line break ("=" at the end of a line).
        while (i + 1 < body.size() && (body[i + 1] == '\r' || body[i + 1] == '\n')) ++i;
      }
    }
    return decoded;
  }
  return std::string(body);
}

// SplitMultipart returns the parts of `body` delimited by `boundary`.
std::vector<Part> SplitMultipart(absl::string_view body, absl::string_view boundary) {
  std::vector<Part> parts;
  if (boundary.empty() || boundary.size() > kMaxBoundary) return parts;
  const std::string delimiter = absl::StrCat("--", boundary);
  size_t pos = 0;
  size_t part_start = absl::string_view::npos;
  absl::string_view line;
  size_t line_start = 0;
  auto close_part = [&](size_t end) {
    if (part_start == absl::string_view::npos || parts.size() >= kMaxParts) return;
    absl::string_view text = body.substr(part_start, end - part_start);
    absl::string_view rest;
    Part part;
    part.fields = ParseFields(text, &rest);
    part.body = Decoded(part.fields, rest);
    parts.push_back(std::move(part));
  };
  while (line_start = pos, NextLine(body, &pos, &line)) {
    if (!absl::StartsWith(line, delimiter)) continue;
    close_part(line_start);
    if (absl::StartsWith(line.substr(delimiter.size()), "--")) return parts;
    part_start = pos;
  }
  close_part(body.size());
  return parts;
}

// Address returns an address field's value without its "rfc822;" type,
// angle brackets and surrounding spaces.
std::string Address(absl::string_view value) {
  const size_t semicolon = value.find(';');
  if (semicolon != absl::string_view::npos) value.remove_prefix(semicolon + 1);
  value = absl::StripAsciiWhitespace(value);
  value = absl::StripPrefix(value, "<");
  value = absl::StripSuffix(value, ">");
  return Clean(value);
}

// IsStatusCode returns whether `text` is class.subject.detail (RFC 3463).
bool IsStatusCode(absl::string_view text) {
  if (text.size() < 5 || (text[0] != '2' && text[0] != '4' && text[0] != '5') || text[1] != '.') {
    return false;
  }
  int dots = 0;
  size_t digits = 0;
  for (char c : text.substr(2)) {
    if (c == '.') {
      if (digits == 0 || digits > 3) return false;
      ++dots;
      digits = 0;
    } else if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else {
      return false;
    }
  }
  return dots == 1 && digits >= 1 && digits <= 3;
}

RecipientStatus ReadRecipient(const std::vector<Field>& fields) {
  RecipientStatus recipient;
  recipient.recipient = Address(FieldValue(fields, "final-recipient"));
  if (recipient.recipient.empty()) {
    recipient.recipient = Address(FieldValue(fields, "original-recipient"));
  }
  recipient.action = absl::AsciiStrToLower(Clean(FieldValue(fields, "action")));
  const std::string status = Clean(FieldValue(fields, "status"));
  // "5.1.1 (bad mailbox)" happens: the code is the first word.
  const std::string code = status.substr(0, status.find(' '));
  if (IsStatusCode(code)) recipient.status = code;
  recipient.diagnostic = Clean(FieldValue(fields, "diagnostic-code"));
  if (!recipient.status.empty()) {
    recipient.outcome = recipient.status[0] == '5'   ? DeliveryOutcome::kPermanentFailure
                        : recipient.status[0] == '4' ? DeliveryOutcome::kTemporaryFailure
                                                     : DeliveryOutcome::kOther;
  } else if (recipient.action == "failed") {
    recipient.outcome = DeliveryOutcome::kPermanentFailure;
  } else if (recipient.action == "delayed") {
    recipient.outcome = DeliveryOutcome::kTemporaryFailure;
  }
  return recipient;
}

// ReadDeliveryStatus reads the blank-line separated blocks of a
// message/delivery-status body: the per-message one (Reporting-MTA, ...),
// then one per recipient, told by its Final-Recipient or Action.
void ReadDeliveryStatus(absl::string_view body, MailReport* report) {
  absl::string_view rest = body;
  while (!rest.empty() && report->recipients.size() < kMaxReportRecipients) {
    absl::string_view next;
    const std::vector<Field> fields = ParseFields(rest, &next);
    if (!FieldValue(fields, "final-recipient").empty() || !FieldValue(fields, "action").empty()) {
      report->recipients.push_back(ReadRecipient(fields));
    }
    // ParseFields takes at least one line of what is not empty.
    rest = next;
  }
}

bool IsOriginalMessage(absl::string_view type) {
  return type == "message/rfc822" || type == "text/rfc822-headers" ||
         type == "message/rfc822-headers" || type == "message/global" ||
         type == "message/global-headers";
}

// ReportParts returns the parts of the multipart/report in `message`, at its
// top or one level down (inside a multipart/mixed).
std::vector<Part> ReportParts(const Part& message) {
  const absl::string_view content_type = FieldValue(message.fields, "content-type");
  const std::string type = MediaType(content_type);
  if (type == "multipart/report") {
    return SplitMultipart(message.body, Parameter(content_type, "boundary"));
  }
  if (absl::StartsWith(type, "multipart/")) {
    for (const Part& part : SplitMultipart(message.body, Parameter(content_type, "boundary"))) {
      const absl::string_view inner = FieldValue(part.fields, "content-type");
      if (MediaType(inner) == "multipart/report") {
        return SplitMultipart(part.body, Parameter(inner, "boundary"));
      }
    }
  }
  return {};
}

}  // namespace

MailReport ParseMailReport(absl::string_view message) {
  MailReport report;
  Part whole;
  absl::string_view body;
  whole.fields = ParseFields(message, &body);
  whole.body = std::string(body);
  for (const Part& part : ReportParts(whole)) {
    const std::string type = MediaType(FieldValue(part.fields, "content-type"));
    if (report.kind == MailReportKind::kUnknown &&
        (type == "message/delivery-status" || type == "message/global-delivery-status")) {
      report.kind = MailReportKind::kDeliveryStatus;
      ReadDeliveryStatus(part.body, &report);
    } else if (report.kind == MailReportKind::kUnknown && type == "message/feedback-report") {
      report.kind = MailReportKind::kComplaint;
      const std::vector<Field> fields = ParseFields(part.body, nullptr);
      report.feedback_type = absl::AsciiStrToLower(Clean(FieldValue(fields, "feedback-type")));
      report.complained_recipient = Address(FieldValue(fields, "original-rcpt-to"));
      report.original_sender = Address(FieldValue(fields, "original-mail-from"));
    } else if (IsOriginalMessage(type) && report.original_sender.empty()) {
      report.original_sender = Address(FieldValue(ParseFields(part.body, nullptr), "return-path"));
    }
  }
  // An enclosed original alone reports nothing.
  if (report.kind == MailReportKind::kUnknown) report.original_sender.clear();
  return report;
}

bool IsPermanentNoSuchMailbox(absl::string_view status) {
  return status == "5.1.1" || status == "5.1.10";
}

}  // namespace opinus::server
