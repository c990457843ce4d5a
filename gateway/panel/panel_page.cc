#include "gateway/panel/panel_page.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "gateway/http/core_message.h"
#include "gateway/http/status_to_http.h"
#include "gateway/owner/session_cookie.h"
#include "gateway/pages/page.h"
#include "gateway/panel/panel_messages.h"
#include "gateway/panel/panel_templates.h"

namespace opinus::gateway {

HttpReply PanelPage(int status, absl::string_view language, absl::string_view title,
                    absl::string_view name, const std::map<std::string, std::string>& values,
                    bool signed_in, std::string outcome) {
  const std::string lang(PageLanguage(language));
  absl::StatusOr<std::string> content =
      RenderFragment(absl::StrCat("panel_", name, "_", lang, ".html"), values, PanelTemplate);
  if (content.ok()) {
    absl::StatusOr<std::string> nav =
        RenderFragment(absl::StrCat(signed_in ? "panel_nav_" : "panel_nav_public_", lang, ".html"),
                       {}, PanelTemplate);
    if (nav.ok()) {
      content = absl::StrCat("<div class=\"panel\">", *nav, *content,
                             "</div><script src=\"/panel/panel.js\"></script>");
    } else {
      content = nav.status();
    }
  }
  return PageFromHtml(status, lang, title, content, std::move(outcome));
}

HttpReply PanelErrorPage(const absl::Status& status, absl::string_view language,
                         bool secure_cookies) {
  HttpReply reply;
  switch (status.code()) {
    case absl::StatusCode::kUnauthenticated:
      reply = Redirect("/panel/login", "signed_out");
      reply.set_cookie = ClearedSessionCookie(secure_cookies);
      break;
    case absl::StatusCode::kNotFound:
      reply = PanelPage(404, language, MessagesFor(language).not_found_title, "not_found", {}, true,
                        "not_found");
      break;
    case absl::StatusCode::kPermissionDenied:
      reply = PanelPage(403, language, MessagesFor(language).form_expired_title, "forbidden", {},
                        true, "forbidden");
      break;
    case absl::StatusCode::kResourceExhausted:
      reply = PanelPage(429, language, MessagesFor(language).too_many_title, "too_many", {}, false,
                        "rate_limited");
      reply.retry_after_seconds = RetryAfterSeconds(status.message());
      break;
    default:
      // A request the core refused with a reason the owner can act on.
      reply =
          HttpStatusFor(status.code()) == 400
              ? PanelPage(400, language, MessagesFor(language).not_done_title, "refused",
                          {{"message", MessagesFor(language).request_refused}, {"back", "/panel"}},
                          true, "refused")
              : ErrorPage(status);
      break;
  }
  reply.detail = std::string(status.message());
  return reply;
}

}  // namespace opinus::gateway
