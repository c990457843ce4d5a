// HttpReply: one HTTP answer of the gateway, with what its log line needs.
#ifndef OPINUS_GATEWAY_HTTP_HTTP_REPLY_H_
#define OPINUS_GATEWAY_HTTP_HTTP_REPLY_H_

#include <string>

namespace opinus::gateway {

inline constexpr char kJsonContentType[] = "application/json";
inline constexpr char kHtmlContentType[] = "text/html; charset=utf-8";
inline constexpr char kSvgContentType[] = "image/svg+xml";

// HttpReply is what the gateway answers to one request (JSON, or an HTML
// page), plus the details that go to the request's log line only.
struct HttpReply {
  // HTTP status code.
  int status = 200;
  std::string body;
  // kJsonContentType, kHtmlContentType or kSvgContentType.
  std::string content_type = kJsonContentType;
  // For pages and images: the Cache-Control header; empty means no-store
  // (pages that carry a token or a person's data).
  std::string cache_control;
  // A short tag for the log: the event's outcome ("scheduled"...), or why the
  // request failed ("unknown_key", "invalid", "core_error"...).
  std::string outcome;
  // The internal message behind a failure: logged, never sent. Never holds a
  // full webhook key or token.
  std::string detail;
  // Seconds for a Retry-After header (429); 0: no header.
  int retry_after_seconds = 0;
  // A Set-Cookie header's value; empty: none.
  std::string set_cookie;
  // A Location header (redirects); empty: none.
  std::string location;
  // For a page that one site may frame (the App Store app's page in the
  // shop's admin panel): that site's origin, the CSP's frame-ancestors, and
  // no X-Frame-Options. Empty: no site may frame it.
  std::string frame_ancestor;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_HTTP_REPLY_H_
