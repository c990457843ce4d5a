// Request ids across processes: the gRPC metadata key that carries one from
// the gateway to the core, and the id of the request the current thread is
// serving, which the gateway's log lines carry and its calls to the core pass
// on (opinus::client::CallContext).
#ifndef OPINUS_COMMON_REQUEST_ID_H_
#define OPINUS_COMMON_REQUEST_ID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opinus {

// kRequestIdKey is the gRPC metadata key of the request id (lower case, as
// gRPC requires).
inline constexpr char kRequestIdKey[] = "x-request-id";

// NewRequestId returns 16 random lower-case hex digits. Thread-safe.
std::string NewRequestId();

// IsValidRequestId returns whether `id` may be taken from a caller and
// logged: 1 to 64 characters of letters, digits, '-' and '_'.
bool IsValidRequestId(absl::string_view id);

// CurrentRequestId returns the id set by the innermost ScopedRequestId on
// this thread; empty when there is none.
absl::string_view CurrentRequestId();

// ScopedRequestId makes `id` this thread's current request id until it is
// destroyed, when the previous one comes back. A server that serves each
// request on one thread (the gateway's Pistache handlers) sets it once per
// request, for the request's log lines and its calls' CallContext. Not
// movable; lives on the stack of the thread it applies to.
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string id_;
  const std::string* previous_;
};

}  // namespace opinus

#endif  // OPINUS_COMMON_REQUEST_ID_H_
