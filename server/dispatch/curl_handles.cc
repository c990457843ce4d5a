#include "server/dispatch/curl_handles.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <mutex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"

namespace opinus::server {

void CurlGlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void CurlAppend(CurlList& list, const char* item) {
  curl_slist* head = curl_slist_append(list.get(), item);
  // On failure libcurl leaves the list as it was; on success the head stays.
  if (head != nullptr && list == nullptr) list.reset(head);
}

void CurlSetTimeouts(CURL* curl, absl::Duration connect, absl::Duration total) {
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(connect)));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(total)));
  // Signals belong to the server's sigwait; timeouts must not need SIGALRM.
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
}

std::optional<UrlParts> ParseUrl(absl::string_view url) {
  const std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), curl_url_cleanup);
  if (parsed == nullptr) return std::nullopt;
  const std::string text(url);
  // Any scheme (smtp:// too), but only with "://": no guessing.
  if (curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK) {
    return std::nullopt;
  }
  char* scheme = nullptr;
  char* host = nullptr;
  std::optional<UrlParts> parts;
  if (curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK) {
    absl::string_view bare = host;
    absl::ConsumePrefix(&bare, "[");
    absl::ConsumeSuffix(&bare, "]");
    parts = UrlParts{absl::AsciiStrToLower(scheme), std::string(bare)};
  }
  curl_free(scheme);
  curl_free(host);
  return parts;
}

bool IsLoopbackHost(absl::string_view host) {
  in_addr v4{};
  const std::string name(host);
  return name == "localhost" || name == "::1" ||
         (inet_pton(AF_INET, name.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127);
}

}  // namespace opinus::server
