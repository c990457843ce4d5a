// Pages: how the gateway answers with HTML, from the page templates.
#ifndef OPINUS_GATEWAY_PAGES_PAGE_H_
#define OPINUS_GATEWAY_PAGES_PAGE_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/http/http_reply.h"
#include "gateway/http/page_language.h"
#include "gateway/pages/page_templates.h"
#include "google/protobuf/timestamp.pb.h"

namespace opinus::gateway {

// FormatDate returns the UTC day of `time` as people of `language` write it:
// "28.11.2026" in Polish, "2026-11-28" in English.
std::string FormatDate(const google::protobuf::Timestamp& time, absl::string_view language);

// FormatOneDecimal returns `value` with one decimal, with a decimal comma in
// Polish: 4.3 -> "4,3".
std::string FormatOneDecimal(double value, absl::string_view language);

// TemplateFiles finds a built-in template file by base name; "" when none
// (PageTemplate, PanelTemplate).
using TemplateFiles = absl::string_view (*)(absl::string_view name);

// RenderFragment renders the template `name` of `files` (the public pages'
// unless given) with `values` HTML-escaped; a broken template is our bug and
// comes back as INTERNAL.
absl::StatusOr<std::string> RenderFragment(absl::string_view name,
                                           const std::map<std::string, std::string>& values,
                                           TemplateFiles files = PageTemplate);

// PageHead is what a page adds to its <head>: whether search engines may
// index it (only public pages meant to be found), and elements the caller
// rendered itself (link, meta, a JSON-LD script).
struct PageHead {
  std::string robots = "noindex";
  std::string html;
};

// RenderPage answers `status` with the template `fragment` (its {{values}}
// HTML-escaped) inside layout.html, titled `title`, in `language`. A broken
// template is our bug: it answers 500, with the reason in the log detail.
// PageFromHtml does the same for content the caller rendered itself.
HttpReply RenderPage(int status, absl::string_view language, absl::string_view title,
                     absl::string_view fragment, const std::map<std::string, std::string>& values,
                     std::string outcome, const PageHead& head = {});

HttpReply PageFromHtml(int status, absl::string_view language, absl::string_view title,
                       const absl::StatusOr<std::string>& content, std::string outcome,
                       const PageHead& head = {});

// Redirect answers `status` (303 See Other unless given; 301 for a page that
// moved for good) to `location`, a path of ours.
HttpReply Redirect(std::string location, std::string outcome, int status = 303);

// BrokenTemplate answers 500 for a template that did not render (our bug),
// with `status` in the log detail only.
HttpReply BrokenTemplate(const absl::Status& status);

// ErrorPage answers a failed core call as a page: a link the core does not
// know or cannot read (404, 400) gets link_invalid.html with 404; anything
// else unavailable.html with the status' HTTP code (503 when the core is down).
HttpReply ErrorPage(const absl::Status& status);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_PAGE_H_
