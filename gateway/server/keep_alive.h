// KeepConnectionOpen: HTTP/1.1's persistent connections, which Pistache 0.0.5
// does not give by default.
#ifndef OPINUS_GATEWAY_SERVER_KEEP_ALIVE_H_
#define OPINUS_GATEWAY_SERVER_KEEP_ALIVE_H_

#include <pistache/http.h>

namespace opinus::gateway {

// KeepConnectionOpen makes `response` say "Connection: Keep-Alive" when
// `request` is HTTP/1.1 and names no Connection of its own. Pistache answers
// "Connection: Close" to every request without that header, so each client
// that follows RFC 9112 (persistent unless "close"), Shoper's and wrk among
// them, had to open a new TCP connection per request. A request's own
// "Connection: close" is still honoured; idle connections are closed after
// the idle timeout.
void KeepConnectionOpen(const Pistache::Http::Request& request,
                        Pistache::Http::ResponseWriter& response);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_SERVER_KEEP_ALIVE_H_
