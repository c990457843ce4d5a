#include "gateway/pages/page.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/text_template.h"
#include "gateway/http/status_to_http.h"
#include "gateway/pages/page_templates.h"

namespace opinus::gateway {

std::string FormatDate(const google::protobuf::Timestamp& time, absl::string_view language) {
  return absl::FormatTime(language == "en" ? "%Y-%m-%d" : "%d.%m.%Y",
                          absl::FromUnixSeconds(time.seconds()), absl::UTCTimeZone());
}

std::string FormatOneDecimal(double value, absl::string_view language) {
  std::string text = absl::StrFormat("%.1f", value);
  if (language != "en") std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

absl::StatusOr<std::string> RenderFragment(absl::string_view name,
                                           const std::map<std::string, std::string>& values,
                                           TemplateFiles files) {
  const absl::string_view text = files(name);
  if (text.empty()) return absl::InternalError(absl::StrCat("no template ", name));
  return RenderTemplate(text, values, true);
}

HttpReply PageFromHtml(int status, absl::string_view language, absl::string_view title,
                       const absl::StatusOr<std::string>& content, std::string outcome,
                       const PageHead& head) {
  HttpReply reply;
  reply.content_type = kHtmlContentType;
  absl::StatusOr<std::string> page =
      content.ok() ? RenderTemplate(PageTemplate("layout.html"),
                                    {{"lang", std::string(PageLanguage(language))},
                                     {"title", std::string(title)},
                                     {"robots", head.robots},
                                     {"head", head.html},
                                     {"content", *content}},
                                    true)
                   : content.status();
  if (!page.ok()) return BrokenTemplate(page.status());
  reply.status = status;
  reply.body = std::move(*page);
  reply.outcome = std::move(outcome);
  return reply;
}

HttpReply RenderPage(int status, absl::string_view language, absl::string_view title,
                     absl::string_view fragment, const std::map<std::string, std::string>& values,
                     std::string outcome, const PageHead& head) {
  return PageFromHtml(status, language, title, RenderFragment(fragment, values), std::move(outcome),
                      head);
}

HttpReply Redirect(std::string location, std::string outcome, int status) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = kHtmlContentType;
  reply.location = std::move(location);
  reply.outcome = std::move(outcome);
  return reply;
}

HttpReply BrokenTemplate(const absl::Status& status) {
  HttpReply reply;
  reply.status = 500;
  reply.body = "Internal error";
  reply.content_type = "text/plain; charset=utf-8";
  reply.outcome = "page_error";
  reply.detail = std::string(status.message());
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
