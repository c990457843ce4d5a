#include "gateway/pages/privacy_page.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/http/form_body.h"
#include "gateway/pages/page.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

constexpr absl::string_view kTitle = "Twoje dane";

// Form renders the request form with `status`, the address typed and a
// message saying what to fix ("" for none).
HttpReply Form(int status, const std::string& email, const std::string& error,
               std::string outcome) {
  return RenderPage(status, "pl", kTitle, "privacy_form.html", {{"email", email}, {"error", error}},
                    std::move(outcome));
}

// ActionName is the name of `action` in the templates' file names.
std::string ActionName(v1::PrivacyRequestAction action) {
  return action == v1::PRIVACY_REQUEST_ACTION_EXPORT ? "export" : "erase";
}

}  // namespace

HttpReply PrivacyPage::ShowForm() const { return Form(200, "", "", "shown"); }

HttpReply PrivacyPage::Submit(absl::string_view body, absl::string_view client_address,
                              const opinus::client::CallContext& call) {
  const std::map<std::string, std::string> form = ParseFormBody(body);
  auto email = form.find("email");
  auto action = form.find("action");
  v1::RequestPersonalDataRequest request;
  request.set_email(email != form.end() ? email->second : "");
  request.set_action(action != form.end() && action->second == "export"
                         ? v1::PRIVACY_REQUEST_ACTION_EXPORT
                         : v1::PRIVACY_REQUEST_ACTION_ERASE);
  request.set_client_address(std::string(client_address));
  absl::StatusOr<v1::PrivacyRequestInfo> info = core_->RequestPersonalData(request, call);
  if (info.status().code() == absl::StatusCode::kInvalidArgument) {
    return Form(400, request.email(), "Podaj poprawny adres e-mail.", "bad_email");
  }
  if (info.status().code() == absl::StatusCode::kResourceExhausted) {
    HttpReply reply =
        Form(429, request.email(),
             "Zbyt wiele próśb dla tego adresu lub z tego urządzenia. Spróbuj jutro.", "too_many");
    reply.detail = std::string(info.status().message());
    return reply;
  }
  if (!info.ok()) return ErrorPage(info.status());
  return RenderPage(200, "pl", kTitle, "privacy_sent.html", {}, "requested");
}

HttpReply PrivacyPage::ShowRequest(absl::string_view token,
                                   const opinus::client::CallContext& call) {
  v1::PrivacyRequestToken request;
  request.set_token(std::string(token));
  absl::StatusOr<v1::PrivacyRequestInfo> info = core_->DescribePrivacyRequest(request, call);
  if (!info.ok()) return ErrorPage(info.status());
  // The form posts back to its own link: relative, so the page works under
  // any public URL.
  return RenderPage(200, "pl", kTitle,
                    absl::StrCat("privacy_confirm_", ActionName(info->action()), ".html"),
                    {{"email_hint", info->email_hint()}, {"action", std::string(token)}}, "shown");
}

HttpReply PrivacyPage::Confirm(absl::string_view token, const opinus::client::CallContext& call) {
  v1::PrivacyRequestToken request;
  request.set_token(std::string(token));
  absl::StatusOr<v1::PrivacyRequestInfo> info = core_->ConfirmPrivacyRequest(request, call);
  if (!info.ok()) return ErrorPage(info.status());
  return RenderPage(200, "pl", kTitle,
                    absl::StrCat("privacy_done_", ActionName(info->action()), ".html"),
                    {{"email_hint", info->email_hint()}}, "confirmed");
}

}  // namespace opinus::gateway
