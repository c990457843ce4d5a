// Pages: how the gateway answers with HTML, from the page templates.
#ifndef OPINUS_GATEWAY_PAGES_PAGE_H_
#define OPINUS_GATEWAY_PAGES_PAGE_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// PageLanguage returns "en" for "en", else "pl": pages speak Polish first.
absl::string_view PageLanguage(absl::string_view language);

// RenderPage answers `status` with the template `fragment` (its {{values}}
// HTML-escaped) inside layout.html, titled `title`, in `language`. A broken
// template is our bug: it answers 500, with the reason in the log detail.
HttpReply RenderPage(int status, absl::string_view language, absl::string_view title,
                     absl::string_view fragment, const std::map<std::string, std::string>& values,
                     std::string outcome);

// ErrorPage answers a failed core call as a page: a link the core does not
// know or cannot read (404, 400) gets link_invalid.html with 404; anything
// else unavailable.html with the status' HTTP code (503 when the core is down).
HttpReply ErrorPage(const absl::Status& status);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_PAGE_H_
