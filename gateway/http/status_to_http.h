// The gateway's one mapping from absl::StatusCode to HTTP: the status code
// (after google/rpc/code.proto) and what an HTTP caller may be told.
#ifndef OPINUS_GATEWAY_HTTP_STATUS_TO_HTTP_H_
#define OPINUS_GATEWAY_HTTP_STATUS_TO_HTTP_H_

#include <string>

#include "absl/status/status.h"

namespace opinus::gateway {

// HttpStatusFor returns the HTTP status code for `code`: OK 200;
// INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE 400; UNAUTHENTICATED 401;
// PERMISSION_DENIED 403; NOT_FOUND 404; ALREADY_EXISTS, ABORTED 409;
// RESOURCE_EXHAUSTED 429; CANCELLED 499; UNIMPLEMENTED 501; UNAVAILABLE 503;
// DEADLINE_EXCEEDED 504; every other code 500.
int HttpStatusFor(absl::StatusCode code);

// PublicErrorMessage returns what an HTTP caller is told about the failed
// `status`. Only for codes that map to 400 is it the status' own message (it
// says what to fix, e.g. "order_id: missing"). Every NOT_FOUND is "unknown
// key", the same for every key the gateway cannot use, so that callers learn
// nothing about which keys exist. 503 and 504 say "temporarily unavailable,
// please retry"; 500 says "internal error"; the others a fixed phrase. Never
// an internal message: log that instead.
std::string PublicErrorMessage(const absl::Status& status);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_STATUS_TO_HTTP_H_
