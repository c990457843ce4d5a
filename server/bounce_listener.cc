#include "server/bounce_listener.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace opinus::server {
namespace {

constexpr absl::Duration kSessionTimeout = absl::Seconds(60);
// RFC 5321 4.5.3.1.4: a command line is at most 512 bytes; a text line 1,000.
constexpr size_t kMaxLineBytes = 1000;
constexpr size_t kMaxRecipients = 100;

// Session reads one SMTP or LMTP session's lines from its connection.
class Session {
 public:
  Session(int connection, absl::Time deadline) : connection_(connection), deadline_(deadline) {}

  // ReadLine sets `line` to the next line without its CRLF (or LF); false
  // when the client went, the deadline passed or the line is too long
  // (`too_long` then).
  bool ReadLine(std::string* line, bool* too_long) {
    *too_long = false;
    while (true) {
      const size_t end = buffer_.find('\n', start_);
      if (end != std::string::npos) {
        size_t length = end - start_;
        if (length > 0 && buffer_[end - 1] == '\r') --length;
        line->assign(buffer_, start_, length);
        start_ = end + 1;
        if (start_ > 64 * 1024) {
          buffer_.erase(0, start_);
          start_ = 0;
        }
        return true;
      }
      // Long data lines are taken whole by the caller's size check; a line
      // without end beyond this is no mail.
      if (buffer_.size() - start_ > kMaxBounceMessageBytes) {
        *too_long = true;
        return false;
      }
      if (!ReceiveSome(connection_, deadline_, &buffer_)) return false;
    }
  }

  bool Reply(absl::string_view text) {
    return SendAll(connection_, deadline_, absl::StrCat(text, "\r\n"));
  }

 private:
  const int connection_;
  const absl::Time deadline_;
  std::string buffer_;
  size_t start_ = 0;
};

// Verb returns the command's first word in upper case.
std::string Verb(absl::string_view line) {
  return absl::AsciiStrToUpper(line.substr(0, line.find(' ')));
}

// PathOf returns the address in "TO:<address>" (or "FROM:<address>").
std::string PathOf(absl::string_view argument) {
  const size_t open = argument.find('<');
  const size_t close = argument.find('>', open == absl::string_view::npos ? 0 : open);
  if (open == absl::string_view::npos || close == absl::string_view::npos) {
    const size_t colon = argument.find(':');
    return colon == absl::string_view::npos
               ? ""
               : std::string(absl::StripAsciiWhitespace(argument.substr(colon + 1)));
  }
  return std::string(argument.substr(open + 1, close - open - 1));
}

}  // namespace

absl::StatusOr<std::unique_ptr<BounceListener>> BounceListener::Start(const std::string& address,
                                                                      Handler handler) {
  absl::StatusOr<BoundSocket> bound = ListenOn(address, "bounce");
  if (!bound.ok()) return bound.status();
  std::unique_ptr<BounceListener> listener(new BounceListener(std::move(handler)));
  absl::StatusOr<std::unique_ptr<AcceptLoop>> loop =
      AcceptLoop::Start(*bound, [raw = listener.get()](int connection) { raw->Serve(connection); });
  if (!loop.ok()) return loop.status();
  listener->loop_ = *std::move(loop);
  return listener;
}

void BounceListener::Serve(int connection) const {
  Session session(connection, absl::Now() + kSessionTimeout);
  if (!session.Reply("220 opinus bounce listener ESMTP")) return;
  bool lmtp = false;
  bool has_sender = false;
  std::vector<std::string> recipients;
  std::string line;
  bool too_long = false;
  while (session.ReadLine(&line, &too_long)) {
    if (line.size() > kMaxLineBytes) {
      if (!session.Reply("500 5.5.2 line too long")) return;
      continue;
    }
    const std::string verb = Verb(line);
    const absl::string_view argument = absl::string_view(line).substr(verb.size());
    bool sent = true;
    if (verb == "EHLO" || verb == "LHLO") {
      lmtp = verb == "LHLO";
      has_sender = false;
      recipients.clear();
      sent = session.Reply(absl::StrCat("250-opinus\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SIZE ",
                                        kMaxBounceMessageBytes));
    } else if (verb == "HELO") {
      sent = session.Reply("250 opinus");
    } else if (verb == "MAIL") {
      has_sender = true;
      recipients.clear();
      sent = session.Reply("250 2.1.0 ok");
    } else if (verb == "RCPT") {
      if (!has_sender) {
        sent = session.Reply("503 5.5.1 MAIL first");
      } else if (recipients.size() >= kMaxRecipients) {
        sent = session.Reply("452 4.5.3 too many recipients");
      } else {
        recipients.push_back(PathOf(argument));
        sent = session.Reply("250 2.1.5 ok");
      }
    } else if (verb == "DATA") {
      if (recipients.empty()) {
        sent = session.Reply("503 5.5.1 RCPT first");
      } else if (session.Reply("354 end data with <CR><LF>.<CR><LF>")) {
        std::string message;
        bool oversized = false;
        bool ended = false;
        while (session.ReadLine(&line, &too_long)) {
          if (line == ".") {
            ended = true;
            break;
          }
          // RFC 5321 4.5.2: a leading dot was doubled by the sender.
          absl::string_view text = line;
          if (absl::StartsWith(text, ".")) text.remove_prefix(1);
          if (message.size() + text.size() + 2 > kMaxBounceMessageBytes) oversized = true;
          if (!oversized) absl::StrAppend(&message, text, "\r\n");
        }
        if (!ended) return;
        std::string reply;
        if (oversized) {
          reply = "552 5.3.4 message too big";
        } else {
          const absl::Status handled = handler_(recipients, message);
          reply = handled.ok() ? "250 2.0.0 ok" : "451 4.3.0 not recorded; try again later";
        }
        // LMTP answers once per recipient (RFC 2033 4.2).
        for (size_t i = 0; i < (lmtp ? recipients.size() : 1) && sent; ++i) {
          sent = session.Reply(reply);
        }
        has_sender = false;
        recipients.clear();
      } else {
        return;
      }
    } else if (verb == "RSET") {
      has_sender = false;
      recipients.clear();
      sent = session.Reply("250 2.0.0 ok");
    } else if (verb == "NOOP") {
      sent = session.Reply("250 2.0.0 ok");
    } else if (verb == "QUIT") {
      session.Reply("221 2.0.0 bye");
      return;
    } else {
      sent = session.Reply("502 5.5.2 command not implemented");
    }
    if (!sent) return;
  }
  if (too_long) session.Reply("500 5.5.2 line too long");
}

}  // namespace opinus::server
