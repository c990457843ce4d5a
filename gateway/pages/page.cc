#include "gateway/pages/page.h"

#include "absl/strings/str_cat.h"
#include "common/text_template.h"
#include "gateway/http/status_to_http.h"
#include "gateway/pages/page_templates.h"

namespace opinus::gateway {

absl::string_view PageLanguage(absl::string_view language) {
  return language == "en" ? "en" : "pl";
}

HttpReply RenderPage(int status, absl::string_view language, absl::string_view title,
                     absl::string_view fragment, const std::map<std::string, std::string>& values,
                     std::string outcome) {
  HttpReply reply;
  reply.content_type = kHtmlContentType;
  absl::StatusOr<std::string> content = RenderTemplate(EmbeddedFile(fragment), values, true);
  absl::StatusOr<std::string> page =
      content.ok() ? RenderTemplate(EmbeddedFile("layout.html"),
                                    {{"lang", std::string(PageLanguage(language))},
                                     {"title", std::string(title)},
                                     {"content", *content}},
                                    true)
                   : content.status();
  if (EmbeddedFile(fragment).empty()) page = absl::InternalError(absl::StrCat("no ", fragment));
  if (!page.ok()) {
    reply.status = 500;
    reply.body = "Internal error";
    reply.content_type = "text/plain; charset=utf-8";
    reply.outcome = "page_error";
    reply.detail = std::string(page.status().message());
    return reply;
  }
  reply.status = status;
  reply.body = std::move(*page);
  reply.outcome = std::move(outcome);
  return reply;
}

HttpReply ErrorPage(const absl::Status& status) {
  const int code = HttpStatusFor(status.code());
  HttpReply reply =
      code == 404 || code == 400
          ? RenderPage(404, "pl", "Ten link nie działa", "link_invalid.html", {}, "unknown_link")
          : RenderPage(code, "pl", "Chwilowa przerwa", "unavailable.html", {}, "core_error");
  reply.detail = std::string(status.message());
  return reply;
}

}  // namespace opinus::gateway
