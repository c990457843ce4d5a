#include "server/dispatch/http_fetch.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "server/dispatch/curl_handles.h"

namespace opinus::server {
namespace {

// Body collects the answer up to its cap; past it the transfer is aborted.
struct Body {
  std::string* data;
  size_t max;
  bool too_large = false;
};

size_t WriteBody(char* chunk, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const size_t n = size * count;
  if (body->data->size() + n > body->max) {
    body->too_large = true;
    // Any other count than n makes libcurl stop with CURLE_WRITE_ERROR.
    return 0;
  }
  body->data->append(chunk, n);
  return n;
}

}  // namespace

absl::Status CheckFetchUrl(absl::string_view url, bool insecure_loopback_http) {
  const std::optional<UrlParts> parts = ParseUrl(url);
  if (!parts || parts->host.empty()) return absl::InvalidArgumentError("url: not a URL");
  if (parts->scheme == "https") return absl::OkStatus();
  if (parts->scheme == "http" && insecure_loopback_http && IsLoopbackHost(parts->host)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(insecure_loopback_http
                                        ? "url: https only (http:// only on loopback)"
                                        : "url: https only (see --shoper_insecure_http)");
}

absl::StatusOr<FetchResponse> HttpFetch(const FetchRequest& request, const FetchLimits& limits) {
  if (absl::Status url = CheckFetchUrl(request.url, limits.insecure_loopback_http); !url.ok()) {
    return url;
  }
  CurlGlobalInitOnce();
  const CurlEasy curl(curl_easy_init());
  if (curl == nullptr) return absl::UnavailableError("libcurl could not start");
  CurlList headers;
  for (const std::string& header : request.headers) CurlAppend(headers, header.c_str());
  FetchResponse response;
  Body body{&response.body, limits.max_response_bytes};
  char error[CURL_ERROR_SIZE] = {0};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  // Redirects would leave the URL that was checked.
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  if (!request.user.empty()) {
    curl_easy_setopt(handle, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(handle, CURLOPT_USERNAME, request.user.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, request.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(limits.max_response_bytes));
  CurlSetTimeouts(handle, limits.connect_timeout, limits.timeout);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);

  const CURLcode result = curl_easy_perform(handle);
  if (body.too_large || result == CURLE_FILESIZE_EXCEEDED) {
    return absl::UnavailableError(
        absl::StrCat("answer larger than ", limits.max_response_bytes, " bytes"));
  }
  const std::string what = error[0] != '\0' ? error : curl_easy_strerror(result);
  if (result == CURLE_OPERATION_TIMEDOUT) return absl::DeadlineExceededError(what);
  if (result != CURLE_OK) return absl::UnavailableError(what);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  if (curl_header* retry_after = nullptr;
      curl_easy_header(handle, "Retry-After", 0, CURLH_HEADER, -1, &retry_after) == CURLHE_OK) {
    response.retry_after = retry_after->value;
  }
  return response;
}

}  // namespace opinus::server
