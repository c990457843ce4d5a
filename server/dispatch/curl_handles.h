// What every libcurl user in the core shares: the one global init, owned
// easy handles and header lists, and the loopback test for plain-text URLs.
#ifndef OPINUS_SERVER_DISPATCH_CURL_HANDLES_H_
#define OPINUS_SERVER_DISPATCH_CURL_HANDLES_H_

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

// CurlGlobalInitOnce runs curl_global_init once per process, before the
// first handle; thread-safe.
void CurlGlobalInitOnce();

struct CurlEasyCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlListFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
// CurlEasy owns an easy handle; CurlList a header or recipient list.
using CurlEasy = std::unique_ptr<CURL, CurlEasyCleanup>;
using CurlList = std::unique_ptr<curl_slist, CurlListFree>;

// CurlAppend appends `item` to `list` (curl_slist_append keeps the head).
void CurlAppend(CurlList& list, const char* item);

// CurlSetTimeouts bounds `curl`'s connecting by `connect` and its whole
// transfer by `total`, without signals.
void CurlSetTimeouts(CURL* curl, absl::Duration connect, absl::Duration total);

// UrlParts are a URL's scheme (lower case) and host as libcurl reads them,
// so that what is checked is what libcurl will connect to.
struct UrlParts {
  std::string scheme;
  // Without the brackets of an IPv6 literal.
  std::string host;
};

// ParseUrl returns `url`'s parts; nullopt when libcurl cannot read it.
std::optional<UrlParts> ParseUrl(absl::string_view url);

// IsLoopbackHost returns whether `host` is "localhost", "::1" or in
// 127.0.0.0/8: where text may go unencrypted.
bool IsLoopbackHost(absl::string_view host);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_CURL_HANDLES_H_
