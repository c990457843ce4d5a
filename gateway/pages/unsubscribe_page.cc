#include "gateway/pages/unsubscribe_page.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/http/form_body.h"
#include "gateway/pages/page.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

// Answer renders the page for where `info` stands: done for all shops, done
// for this shop, or the choice.
HttpReply Answer(const v1::UnsubscribeInfo& info, absl::string_view token, std::string outcome) {
  const absl::string_view language = PageLanguage(info.language());
  const bool english = language == "en";
  std::string fragment = "unsubscribe_ask";
  std::string title = english ? "Unsubscribe" : "Rezygnacja z wiadomości";
  if (info.suppressed_for_all_shops()) {
    fragment = "unsubscribe_done_all";
    title = english ? "Unsubscribed" : "Wypisano";
  } else if (info.suppressed_by_shop()) {
    fragment = "unsubscribe_done_shop";
    title = english ? "Unsubscribed" : "Wypisano";
  }
  // The form posts back to its own link: relative, so the page works under
  // any public URL.
  const std::map<std::string, std::string> values = {{"shop_name", info.shop_name()},
                                                     {"email_hint", info.email_hint()},
                                                     {"action", std::string(token)}};
  return RenderPage(200, language, title, absl::StrCat(fragment, "_", language, ".html"), values,
                    std::move(outcome));
}

}  // namespace

HttpReply UnsubscribePage::Show(absl::string_view token, const opinus::client::CallContext& call) {
  v1::DescribeUnsubscribeRequest request;
  request.set_token(std::string(token));
  absl::StatusOr<v1::UnsubscribeInfo> info = core_->DescribeUnsubscribe(request, call);
  if (!info.ok()) return ErrorPage(info.status());
  return Answer(*info, token, "shown");
}

HttpReply UnsubscribePage::Submit(absl::string_view token, absl::string_view body,
                                  const opinus::client::CallContext& call) {
  const std::map<std::string, std::string> form = ParseFormBody(body);
  v1::UnsubscribeRequest request;
  request.set_token(std::string(token));
  auto one_click = form.find("List-Unsubscribe");
  auto scope = form.find("scope");
  if (one_click != form.end() && one_click->second == "One-Click") {
    request.set_source(v1::UNSUBSCRIBE_SOURCE_ONE_CLICK);
    request.set_scope(v1::SUPPRESSION_SCOPE_SHOP);
  } else {
    request.set_source(v1::UNSUBSCRIBE_SOURCE_PAGE);
    request.set_scope(scope != form.end() && scope->second == "all"
                          ? v1::SUPPRESSION_SCOPE_ALL_SHOPS
                          : v1::SUPPRESSION_SCOPE_SHOP);
  }
  absl::StatusOr<v1::UnsubscribeInfo> info = core_->Unsubscribe(request, call);
  if (!info.ok()) return ErrorPage(info.status());
  return Answer(*info, token,
                request.scope() == v1::SUPPRESSION_SCOPE_ALL_SHOPS ? "unsubscribed_all"
                                                                   : "unsubscribed_shop");
}

}  // namespace opinus::gateway
