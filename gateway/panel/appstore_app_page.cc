#include "gateway/panel/appstore_app_page.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gateway/pages/page.h"
#include "gateway/panel/panel_messages.h"
#include "gateway/panel/panel_templates.h"
#include "gateway/panel/panel_views.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

// LanguageOf returns the page's language for the admin panel's `locale`
// ("pl_PL", "en_US", ...): Polish unless another is named.
absl::string_view LanguageOf(absl::string_view locale) {
  return locale.empty() || absl::StartsWithIgnoreCase(locale, "pl") ? "pl" : "en";
}

// StateOf returns the sentence for the connection's state and its class.
std::pair<const char*, const char*> StateOf(const v1::AdminPage& page,
                                            const PanelMessages& messages) {
  if (!page.installed()) return {messages.app_disconnected, "warning"};
  switch (page.connection()) {
    case v1::SHOP_CONNECTION_CONNECTED:
      return {messages.app_connected, "ok"};
    case v1::SHOP_CONNECTION_PENDING:
      return {messages.app_pending, "notice"};
    case v1::SHOP_CONNECTION_FAILED:
      return {messages.app_failed, "warning"};
    case v1::SHOP_CONNECTION_DISCONNECTED:
      return {messages.app_disconnected, "warning"};
    default:
      return {messages.app_not_connected, "notice"};
  }
}

// ClaimPart renders the link (or that the shop has an owner); "" when
// there is neither (no shop yet).
absl::StatusOr<std::string> ClaimPart(const v1::AdminPage& page, absl::string_view language) {
  if (!page.claim_token().empty()) {
    const PageTimeZone zone = PanelTimeZone(kDefaultPanelTimeZone);
    // Relative: the iframe's page is ours, so the link opens on our site.
    return RenderFragment(
        absl::StrCat("panel_app_claim_", language, ".html"),
        {{"url", absl::StrCat("/panel/claim/", page.claim_token())},
         {"expire_time", FormatDateTime(page.claim_expire_time(), language, zone.zone)},
         {"time_zone", zone.name}},
        PanelTemplate);
  }
  if (page.owned()) {
    return RenderFragment(absl::StrCat("panel_app_owned_", language, ".html"),
                          {{"panel_url", absl::StrCat("/panel/shops/", page.shop_id())}},
                          PanelTemplate);
  }
  return std::string();
}

}  // namespace

std::string FrameAncestor(absl::string_view shop_url) {
  absl::string_view rest = shop_url;
  std::string scheme;
  if (absl::ConsumePrefix(&rest, "https://")) {
    scheme = "https://";
  } else if (absl::ConsumePrefix(&rest, "http://")) {
    scheme = "http://";
  } else {
    return "";
  }
  const absl::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) return "";
  for (char c : host) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':') {
      return "";
    }
  }
  return absl::StrCat(scheme, absl::AsciiStrToLower(host));
}

HttpReply AppStoreAppPage::Show(const std::map<std::string, std::string>& query,
                                const opinus::client::CallContext& context) const {
  v1::AdminPageRequest request;
  for (const auto& [name, value] : query) (*request.mutable_query())[name] = value;
  absl::StatusOr<v1::AdminPage> page = core_->GetAdminPage(request, context);
  const auto locale = query.find("translations");
  absl::string_view language = LanguageOf(locale == query.end() ? "" : locale->second);
  const PanelMessages& messages = MessagesFor(language);
  if (absl::IsUnauthenticated(page.status()) || absl::IsPermissionDenied(page.status())) {
    HttpReply reply =
        PageFromHtml(401, language, messages.app_title,
                     RenderFragment(absl::StrCat("panel_app_refused_", language, ".html"),
                                    {{"message", messages.app_refused}}, PanelTemplate),
                     "bad_signature");
    reply.detail = std::string(page.status().message());
    return reply;
  }
  if (!page.ok()) return ErrorPage(page.status());
  language = LanguageOf(page->locale());
  const PanelMessages& shown = MessagesFor(language);
  const auto [state, state_class] = StateOf(*page, shown);
  absl::StatusOr<std::string> claim = ClaimPart(*page, language);
  if (!claim.ok()) return BrokenTemplate(claim.status());
  const bool failed = page->connection() == v1::SHOP_CONNECTION_FAILED ||
                      page->connection() == v1::SHOP_CONNECTION_PENDING;
  HttpReply reply = PageFromHtml(
      200, language, shown.app_title,
      RenderFragment(absl::StrCat("panel_app_", language, ".html"),
                     {{"state", state},
                      {"state_class", state_class},
                      {"reason", page->connect_error()},
                      {"reason_hidden", failed && !page->connect_error().empty() ? "" : "hidden"},
                      {"shop_hidden", page->shop_id() != 0 ? "" : "hidden"},
                      {"shop_name", page->shop_name()},
                      {"shop_id", absl::StrCat(page->shop_id())},
                      {"shop_url", page->shop_url()},
                      {"claim", *claim}},
                     PanelTemplate),
      page->claim_token().empty() ? "ok" : "claim_link");
  reply.frame_ancestor = FrameAncestor(page->shop_url());
  return reply;
}

}  // namespace opinus::gateway
