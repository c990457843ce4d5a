// BounceListener: the SMTP and LMTP server (--bounce_listen) to which the
// operator's MTA forwards the mail that comes back for invitations: bounces
// and complaints addressed to bounces+<id>@ (docs/deliverability.md).
#ifndef OPINUS_SERVER_BOUNCE_LISTENER_H_
#define OPINUS_SERVER_BOUNCE_LISTENER_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/listen_socket.h"

namespace opinus::server {

// The biggest message taken; a larger one is refused (552) and dropped.
inline constexpr size_t kMaxBounceMessageBytes = 10 << 20;

// BounceListener speaks enough SMTP (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT) and LMTP (RFC 2033: LHLO, a reply per recipient after
// DATA) for an MTA to hand it mail, one connection at a time on a thread of
// its own. Every message goes to the handler with its envelope recipients;
// the handler's OK is 250, any error 451, so the MTA keeps the message and
// tries again. A session gets 60 s in all and lines of at most 1,000 bytes.
class BounceListener {
 public:
  // Handler takes a received message: its RCPT TO addresses and its data
  // (dot-unstuffed, CRLF line ends). Called on the listener's thread.
  using Handler = std::function<absl::Status(const std::vector<std::string>& recipients,
                                             absl::string_view message)>;

  // Start listens on `address` ("host:port"; port 0 picks a free one) and
  // serves until destruction. Errors as ListenOn's.
  static absl::StatusOr<std::unique_ptr<BounceListener>> Start(const std::string& address,
                                                               Handler handler);

  // Stops listening and joins the thread; a session in progress ends first.
  ~BounceListener() = default;
  BounceListener(const BounceListener&) = delete;
  BounceListener& operator=(const BounceListener&) = delete;

  int port() const { return loop_->port(); }

 private:
  explicit BounceListener(Handler handler) : handler_(std::move(handler)) {}
  void Serve(int connection) const;

  const Handler handler_;
  // Last: its thread stops before the rest goes.
  std::unique_ptr<AcceptLoop> loop_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_BOUNCE_LISTENER_H_
