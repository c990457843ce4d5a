// Request ids: random tags that tie a log line to the HTTP answer it explains.
#ifndef OPINUS_GATEWAY_HTTP_REQUEST_ID_H_
#define OPINUS_GATEWAY_HTTP_REQUEST_ID_H_

#include <string>

namespace opinus::gateway {

// NewRequestId returns 16 random lower-case hex digits. Thread-safe.
std::string NewRequestId();

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_REQUEST_ID_H_
