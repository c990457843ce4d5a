// What every page of the owner's panel shares: its frame (the navigation,
// the script), redirects, and how a failed core call is shown.
#ifndef OPINUS_GATEWAY_PANEL_PANEL_PAGE_H_
#define OPINUS_GATEWAY_PANEL_PANEL_PAGE_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/http/http_reply.h"
#include "gateway/pages/page.h"

namespace opinus::gateway {

// PanelPage answers `status` with the template panel_<name>_<language>.html
// (its {{values}} escaped), under the panel's navigation when `signed_in`.
HttpReply PanelPage(int status, absl::string_view language, absl::string_view title,
                    absl::string_view name, const std::map<std::string, std::string>& values,
                    bool signed_in, std::string outcome);

// PanelErrorPage answers a failed core call: UNAUTHENTICATED (no session, or
// it ended) redirects to the login page and clears the cookie; NOT_FOUND
// (no such shop, or another owner's) is a 404 page; PERMISSION_DENIED (a
// form without its session's CSRF token) a 403 page that asks to reload;
// RESOURCE_EXHAUSTED 429 with Retry-After when the core said when; a refusal
// that maps to 400 (FAILED_PRECONDITION...) a page with the core's message;
// anything else what ErrorPage answers.
HttpReply PanelErrorPage(const absl::Status& status, absl::string_view language,
                         bool secure_cookies);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_PANEL_PAGE_H_
