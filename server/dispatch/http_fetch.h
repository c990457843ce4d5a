// HttpFetch: one bounded HTTP(S) request through libcurl, for the core's
// calls to other services' APIs.
#ifndef OPINUS_SERVER_DISPATCH_HTTP_FETCH_H_
#define OPINUS_SERVER_DISPATCH_HTTP_FETCH_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

struct FetchRequest {
  // "GET", "POST", "PUT".
  std::string method = "GET";
  std::string url;
  // Whole header lines, "Name: value".
  std::vector<std::string> headers;
  std::string body;
  // HTTP Basic credentials; none when `user` is empty.
  std::string user;
  std::string password;
};

struct FetchResponse {
  long status = 0;
  std::string body;
  // The Retry-After header's value as sent, "" when absent (a 429's or a
  // 503's wait).
  std::string retry_after;
};

// FetchLimits bound every request: connecting, the whole exchange, and the
// answer's body.
struct FetchLimits {
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration timeout = absl::Seconds(15);
  size_t max_response_bytes = 64 * 1024;
  // Whether an http:// URL to a loopback host may be fetched (a stand-in
  // Shoper in tests and scripts/dev: --shoper_insecure_http).
  bool insecure_loopback_http = false;
};

// CheckFetchUrl returns OK for an https:// URL, or, with
// `insecure_loopback_http`, an http:// one to a loopback host;
// INVALID_ARGUMENT for anything else.
absl::Status CheckFetchUrl(absl::string_view url, bool insecure_loopback_http);

// HttpFetch sends `request` (after CheckFetchUrl) without following
// redirects and returns the answer, whatever its status. UNAVAILABLE when
// the server cannot be reached, the TLS check fails or `limits` are
// exceeded (DEADLINE_EXCEEDED for a timeout); the message never carries the
// request's body, headers or credentials. Thread-safe.
absl::StatusOr<FetchResponse> HttpFetch(const FetchRequest& request,
                                        const FetchLimits& limits = {});

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_HTTP_FETCH_H_
