#include "gateway/pages/opinion_page.h"

#include <map>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/text_template.h"
#include "gateway/http/form_body.h"
#include "gateway/pages/page.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

constexpr int kUnprocessable = 422;

std::string ShopUrl(int64_t shop_id) { return absl::StrCat("/sklep/", shop_id); }

// WithdrawUrl is the link's withdrawal page, relative to the link's own page
// (so it works under any public URL).
std::string WithdrawUrl(absl::string_view token) { return absl::StrCat(token, "/wycofaj"); }

// RatingInputs returns the five star radio buttons, `selected` checked.
std::string RatingInputs(int selected) {
  std::string html;
  for (int stars = 1; stars <= 5; ++stars) {
    absl::StrAppend(&html, "<label><input type=\"radio\" name=\"rating\" value=\"", stars, "\"",
                    stars == selected ? " checked" : "", "> ", stars, " \xE2\x98\x85</label>");
  }
  return html;
}

// SubRatingSelect returns a select of "—" (none) and 1 to 5.
std::string SubRatingSelect(const std::string& name, int selected) {
  std::string html = absl::StrCat("<select id=\"", name, "\" name=\"", name, "\">");
  for (int value = 0; value <= 5; ++value) {
    absl::StrAppend(&html, "<option value=\"", value, "\"", value == selected ? " selected" : "",
                    ">", value == 0 ? "\xE2\x80\x94" : absl::StrCat(value), "</option>");
  }
  return html + "</select>";
}

// ShowForm renders the form with `input`'s answers and an error under each
// field of `violations`.
HttpReply ShowForm(int status, const v1::OpinionForm& form, absl::string_view token,
                   const v1::OpinionInput& input,
                   const google::protobuf::RepeatedPtrField<v1::FieldViolation>& violations,
                   std::string outcome) {
  const std::string language(PageLanguage(form.language()));
  std::map<std::string, std::string> values = {
      {"shop_name", form.shop_name()},
      {"order_date", FormatDate(form.order_time(), language)},
      {"action", std::string(token)},
      {"rating_inputs", RatingInputs(input.rating())},
      {"delivery_select", SubRatingSelect("delivery_rating", input.delivery_rating())},
      {"product_select", SubRatingSelect("product_rating", input.product_rating())},
      {"service_select", SubRatingSelect("service_rating", input.service_rating())},
      {"comment", input.comment()},
      {"display_name", input.display_name()},
      {"default_name", form.default_display_name()},
      {"consent_checked", input.consent() ? " checked" : ""},
      {"notice", ""}};
  for (const char* field : {"rating", "delivery_rating", "product_rating", "service_rating",
                            "comment", "display_name", "consent"}) {
    values[absl::StrCat(field, "_error")] = "";
  }
  for (const v1::FieldViolation& violation : violations) {
    values[absl::StrCat(violation.field(), "_error")] =
        absl::StrCat("<p class=\"error\" id=\"", HtmlEscape(violation.field()),
                     "-error\" role=\"alert\">", HtmlEscape(violation.description()), "</p>");
  }
  if (form.state() == v1::OPINION_FORM_STATE_EDITABLE) {
    absl::StatusOr<std::string> notice =
        RenderFragment(absl::StrCat("opinion_editable_", language, ".html"),
                       {{"edit_until", FormatDate(form.edit_until(), language)},
                        {"withdraw_url", WithdrawUrl(token)}});
    if (notice.ok()) values["notice"] = *notice;
  }
  const std::string title = language == "en" ? absl::StrCat("Rate ", form.shop_name())
                                             : absl::StrCat("Oceń sklep ", form.shop_name());
  return RenderPage(status, language, title, absl::StrCat("opinion_form_", language, ".html"),
                    values, std::move(outcome));
}

// ShowEnded renders what a link that takes no opinion says: `kind` is
// "closed", "expired", "cancelled" or "withdrawn" (`status` 410 but for
// "closed", whose opinion stands).
HttpReply ShowEnded(const v1::OpinionForm& form, absl::string_view token, absl::string_view kind,
                    int status = 410) {
  const std::string language(PageLanguage(form.language()));
  return RenderPage(kind == "closed" ? 200 : status, language, form.shop_name(),
                    absl::StrCat("opinion_", kind, "_", language, ".html"),
                    {{"shop_name", form.shop_name()},
                     {"shop_url", ShopUrl(form.shop_id())},
                     {"withdraw_url", WithdrawUrl(token)}},
                    absl::StrCat("link_", kind));
}

// EndedReply returns the page of a link that takes no opinion now (edited
// too late, expired, cancelled, withdrawn); nullopt when it takes one.
std::optional<HttpReply> EndedReply(const v1::OpinionForm& form, absl::string_view token) {
  switch (form.state()) {
    case v1::OPINION_FORM_STATE_CLOSED:
      return ShowEnded(form, token, "closed");
    case v1::OPINION_FORM_STATE_EXPIRED:
      return ShowEnded(form, token, "expired");
    case v1::OPINION_FORM_STATE_CANCELLED:
      return ShowEnded(form, token, "cancelled");
    case v1::OPINION_FORM_STATE_WITHDRAWN:
      return ShowEnded(form, token, "withdrawn");
    default:
      return std::nullopt;
  }
}

// OpinionInputOf reads the form's answers; what does not parse is left for
// the core to name.
v1::OpinionInput OpinionInputOf(const std::map<std::string, std::string>& fields) {
  auto text = [&](const char* name) { return FieldValue(fields, name); };
  auto number = [&](const char* name) {
    int value = 0;
    return absl::SimpleAtoi(text(name), &value) ? value : 0;
  };
  v1::OpinionInput input;
  input.set_rating(number("rating"));
  input.set_delivery_rating(number("delivery_rating"));
  input.set_product_rating(number("product_rating"));
  input.set_service_rating(number("service_rating"));
  // Browsers send a textarea's line breaks as CRLF.
  std::string comment = text("comment");
  std::string lf;
  for (size_t i = 0; i < comment.size(); ++i) {
    if (comment[i] == '\r' && i + 1 < comment.size() && comment[i + 1] == '\n') continue;
    lf += comment[i];
  }
  input.set_comment(lf);
  input.set_display_name(text("display_name"));
  input.set_consent(fields.count("consent") > 0);
  return input;
}

}  // namespace

HttpReply OpinionPage::Show(absl::string_view token, absl::string_view rating,
                            const opinus::client::CallContext& call) {
  v1::GetOpinionFormRequest request;
  request.set_token(std::string(token));
  absl::StatusOr<v1::OpinionForm> form = core_->GetOpinionForm(request, call);
  if (!form.ok()) return ErrorPage(form.status());
  if (std::optional<HttpReply> ended = EndedReply(*form, token)) return *ended;
  int chosen = 0;
  if (!absl::SimpleAtoi(rating, &chosen) || chosen < 1 || chosen > 5) chosen = 0;
  v1::OpinionInput input;
  if (form->state() != v1::OPINION_FORM_STATE_EDITABLE) {
    input.set_rating(chosen);
    return ShowForm(200, *form, token, input, {}, chosen == 0 ? "form" : "form_star");
  }
  const v1::Opinion& given = form->opinion();
  input.set_rating(chosen != 0 ? chosen : given.rating());
  input.set_delivery_rating(given.delivery_rating());
  input.set_product_rating(given.product_rating());
  input.set_service_rating(given.service_rating());
  input.set_comment(given.comment());
  input.set_display_name(given.display_name());
  input.set_consent(true);
  return ShowForm(200, *form, token, input, {}, "form_edit");
}

HttpReply OpinionPage::Submit(absl::string_view token, absl::string_view body,
                              const opinus::client::CallContext& call) {
  v1::GetOpinionFormRequest form_request;
  form_request.set_token(std::string(token));
  absl::StatusOr<v1::OpinionForm> form = core_->GetOpinionForm(form_request, call);
  if (!form.ok()) return ErrorPage(form.status());
  if (std::optional<HttpReply> ended = EndedReply(*form, token)) return *ended;

  v1::SubmitOpinionRequest request;
  request.set_token(std::string(token));
  *request.mutable_input() = OpinionInputOf(ParseFormBody(body));
  absl::StatusOr<v1::SubmitOpinionResponse> response = core_->SubmitOpinion(request, call);
  if (!response.ok()) return ErrorPage(response.status());
  if (response->violations_size() > 0) {
    return ShowForm(kUnprocessable, *form, token, request.input(), response->violations(),
                    "invalid");
  }
  const std::string language(PageLanguage(form->language()));
  return RenderPage(200, language, form->shop_name(),
                    absl::StrCat("opinion_thanks_", language, ".html"),
                    {{"shop_name", form->shop_name()}, {"shop_url", ShopUrl(form->shop_id())}},
                    form->state() == v1::OPINION_FORM_STATE_EDITABLE ? "edited" : "submitted");
}

HttpReply OpinionPage::ShowWithdraw(absl::string_view token,
                                    const opinus::client::CallContext& call) {
  v1::GetOpinionFormRequest request;
  request.set_token(std::string(token));
  absl::StatusOr<v1::OpinionForm> form = core_->GetOpinionForm(request, call);
  if (!form.ok()) return ErrorPage(form.status());
  if (form->state() != v1::OPINION_FORM_STATE_EDITABLE &&
      form->state() != v1::OPINION_FORM_STATE_CLOSED) {
    // Nothing to withdraw: what the link itself shows.
    return Show(token, "", call);
  }
  const std::string language(PageLanguage(form->language()));
  // The form posts back to this page's own address.
  return RenderPage(200, language, form->shop_name(),
                    absl::StrCat("opinion_withdraw_", language, ".html"),
                    {{"shop_name", form->shop_name()}, {"action", "wycofaj"}}, "withdraw_ask");
}

HttpReply OpinionPage::Withdraw(absl::string_view token, const opinus::client::CallContext& call) {
  v1::GetOpinionFormRequest form_request;
  form_request.set_token(std::string(token));
  absl::StatusOr<v1::OpinionForm> form = core_->GetOpinionForm(form_request, call);
  if (!form.ok()) return ErrorPage(form.status());
  v1::WithdrawOpinionRequest request;
  request.set_token(std::string(token));
  absl::StatusOr<v1::Opinion> withdrawn = core_->WithdrawOpinion(request, call);
  if (withdrawn.status().code() == absl::StatusCode::kFailedPrecondition) {
    return Show(token, "", call);
  }
  if (!withdrawn.ok()) return ErrorPage(withdrawn.status());
  return ShowEnded(*form, token, "withdrawn", 200);
}

}  // namespace opinus::gateway
