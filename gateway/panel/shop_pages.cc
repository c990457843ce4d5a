#include "gateway/panel/shop_pages.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/invitation_state_name.h"
#include "common/field_violation.h"
#include "gateway/http/form_body.h"
#include "gateway/pages/page.h"
#include "gateway/panel/backfill_page.h"
#include "gateway/panel/dashboard_page.h"
#include "gateway/panel/panel_messages.h"
#include "gateway/panel/panel_page.h"
#include "gateway/panel/panel_templates.h"
#include "gateway/panel/panel_views.h"
#include "gateway/panel/settings_form.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;
using ::opinus::client::CallContext;
using ::opinus::client::InvitationStateName;

constexpr int kUnprocessable = 422;
// "Integracja Shoper" shows this many of the latest deliveries.
constexpr int kDeliveriesShown = 50;
// Invitations looked up for the planned send times of those deliveries.
constexpr int kInvitationsLookedUp = 200;
constexpr char kMaskedKey[] =
    "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80"
    "\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2"
    "\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2";

std::optional<int64_t> ParseId(absl::string_view text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) return std::nullopt;
  return id;
}

// Fragment renders the template panel_<name>_<language>.html; "" when it is
// broken (a bug the page tests catch).
std::string Fragment(absl::string_view name, const OwnerRequest& request,
                     const std::map<std::string, std::string>& values) {
  absl::StatusOr<std::string> html =
      RenderFragment(absl::StrCat("panel_", name, "_", PageLanguage(request.language), ".html"),
                     values, PanelTemplate);
  return html.ok() ? *html : std::string();
}

// ShopNav returns the tabs of shop `shop_id`'s pages, `current` marked.
std::string ShopNav(const OwnerRequest& request, int64_t shop_id, absl::string_view current) {
  std::map<std::string, std::string> values = {{"shop_id", absl::StrCat(shop_id)}};
  for (const char* tab : {"dashboard", "key", "shoper", "invitations", "opinions"}) {
    values[absl::StrCat(tab, "_current")] = tab == current ? "page" : "false";
  }
  return Fragment("shop_nav", request, values);
}

// ConfirmNotice returns what the shops page says while the owner's e-mail
// is not confirmed, and the outcome of asking for a new link; "" once it is.
std::string ConfirmNotice(const OwnerRequest& request, const v1::CurrentOwner& current) {
  if (current.owner().has_email_confirm_time()) return "";
  const std::string asked = FieldValue(request.query, "confirm");
  const PanelMessages& messages = MessagesFor(request.language);
  const std::string note = asked == "sent"     ? messages.confirmation_sent
                           : asked == "failed" ? messages.confirmation_not_sent
                                               : "";
  return Fragment("confirm_notice", request,
                  {{"email", current.owner().email()},
                   {"csrf", current.csrf_token()},
                   {"note", note},
                   {"note_hidden", note.empty() ? "hidden" : ""}});
}

}  // namespace

void ShopPages::set_public_url(std::string url) {
  absl::MutexLock lock(&mutex_);
  public_url_ = std::move(url);
}

std::string ShopPages::PublicUrl() const {
  absl::MutexLock lock(&mutex_);
  return public_url_;
}

HttpReply ShopPages::Failed(const absl::Status& status, const OwnerRequest& request) const {
  return PanelErrorPage(status, request.language, secure_cookies_);
}

std::optional<HttpReply> ShopPages::Refusal(const OwnerRequest& request,
                                            std::initializer_list<std::optional<int64_t>> ids,
                                            absl::string_view missing) const {
  if (request.session_token.empty()) return Redirect("/panel/login", "signed_out");
  for (const std::optional<int64_t>& id : ids) {
    if (!id.has_value()) return Failed(absl::NotFoundError(missing), request);
  }
  return std::nullopt;
}

std::optional<HttpReply> ShopPages::OpenShop(const OwnerRequest& request, absl::string_view shop,
                                             Csrf csrf, OpenedShop* opened) {
  const std::optional<int64_t> id = ParseId(shop);
  if (std::optional<HttpReply> refused = Refusal(request, {id}, "no such shop")) return *refused;
  opened->shop_id = *id;
  opened->call = OwnerCallContext(request);
  if (csrf == kWithCsrf) {
    absl::StatusOr<std::string> token = CsrfToken(opened->call);
    if (!token.ok()) return Failed(token.status(), request);
    opened->csrf = *std::move(token);
  }
  return std::nullopt;
}

absl::StatusOr<std::string> ShopPages::CsrfToken(const CallContext& call) {
  absl::StatusOr<v1::CurrentOwner> current =
      core_->GetCurrentOwner(v1::GetCurrentOwnerRequest(), call);
  if (!current.ok()) return current.status();
  return current->csrf_token();
}

HttpReply ShopPages::ShopsPage(int status, const OwnerRequest& request,
                               absl::string_view name_error, absl::string_view domain_error,
                               std::string outcome) {
  const CallContext call = OwnerCallContext(request);
  absl::StatusOr<v1::CurrentOwner> current =
      core_->GetCurrentOwner(v1::GetCurrentOwnerRequest(), call);
  if (!current.ok()) return Failed(current.status(), request);
  v1::ListShopsRequest list;
  list.set_page_size(1000);
  absl::StatusOr<v1::ListShopsResponse> shops = core_->ListShops(list, call);
  if (!shops.ok()) return Failed(shops.status(), request);
  // One call per shop: an owner has a few shops, and the list needs each
  // one's last webhook and state.
  std::map<int64_t, v1::ShopDashboard> dashboards;
  for (const v1::Shop& shop : shops->shops()) {
    v1::GetShopDashboardRequest ask;
    ask.set_shop_id(shop.id());
    absl::StatusOr<v1::ShopDashboard> dashboard = core_->GetShopDashboard(ask, call);
    if (!dashboard.ok()) return Failed(dashboard.status(), request);
    dashboards[shop.id()] = *std::move(dashboard);
  }
  // Set by the log-in that undid the account's deletion.
  const std::string deletion_cancelled = FieldValue(request.query, "deletion") == "cancelled"
                                             ? MessagesFor(request.language).deletion_cancelled
                                             : "";
  return PanelPage(status, request.language, MessagesFor(request.language).shops_title, "shops",
                   {{"csrf", current->csrf_token()},
                    {"confirm_block", ConfirmNotice(request, *current)},
                    {"deletion_cancelled", deletion_cancelled},
                    {"deletion_cancelled_hidden", deletion_cancelled.empty() ? "hidden" : ""},
                    {"shop_rows", ShopRows(shops->shops(), dashboards, request.language)},
                    {"empty", shops->shops().empty() ? "" : "hidden"},
                    {"name", FieldValue(request.form, "name")},
                    {"domain", FieldValue(request.form, "domain")},
                    {"name_error", FieldError("name", name_error)},
                    {"domain_error", FieldError("domain", domain_error)}},
                   true, std::move(outcome));
}

HttpReply ShopPages::ShowShops(const OwnerRequest& request) {
  if (std::optional<HttpReply> refused = Refusal(request, {}, "")) return *refused;
  return ShopsPage(200, request, "", "", "ok");
}

HttpReply ShopPages::CreateShop(const OwnerRequest& request) {
  if (std::optional<HttpReply> refused = Refusal(request, {}, "")) return *refused;
  v1::CreateShopRequest create;
  create.set_name(FieldValue(request.form, "name"));
  create.set_domain(FieldValue(request.form, "domain"));
  const CallContext call = OwnerCallContext(request);
  absl::StatusOr<v1::Shop> shop = core_->CreateShop(create, call);
  if (shop.ok()) return Redirect(absl::StrCat("/panel/shops/", shop->id()), "shop_created");
  if (!absl::IsInvalidArgument(shop.status())) return Failed(shop.status(), request);
  // The form again, with the message next to its field, in the page's
  // language, and the entries kept.
  const PanelMessages& messages = MessagesFor(request.language);
  if (ViolatedField(shop.status()) == "domain") {
    return ShopsPage(kUnprocessable, request, "", messages.shop_domain_invalid, "invalid");
  }
  return ShopsPage(kUnprocessable, request, messages.shop_name_invalid, "", "invalid");
}

HttpReply ShopPages::ShopPage(int status, const OwnerRequest& request, const v1::Shop& shop,
                              const std::map<std::string, std::string>& fields,
                              const std::map<std::string, std::string>& errors,
                              absl::string_view csrf, absl::string_view notice,
                              std::string outcome) {
  const bool show_key = FieldValue(request.query, "key") == "show";
  std::map<std::string, std::string> values = SettingsTemplateValues(fields);
  values["shop_nav"] = ShopNav(request, shop.id(), "key");
  values["shop_id"] = absl::StrCat(shop.id());
  values["shop_name"] = shop.name();
  values["domain"] = shop.domain();
  values["csrf"] = std::string(csrf);
  values["notice"] = std::string(notice);
  const PageTimeZone zone = PanelTimeZone(shop.settings().time_zone());
  values["notice_hidden"] = notice.empty() ? "hidden" : "";
  values["approval_hidden"] = shop.has_approve_time() ? "hidden" : "";
  values["key_block"] =
      show_key ? Fragment("key_shown", request, {{"key", shop.webhook_key()}})
               : Fragment("key_masked", request,
                          {{"masked", kMaskedKey}, {"shop_id", absl::StrCat(shop.id())}});
  // The core sends a previous key only while it still works.
  values["previous_key_block"] =
      shop.previous_webhook_key().empty()
          ? ""
          : Fragment("previous_key", request,
                     {{"key", show_key ? shop.previous_webhook_key() : kMaskedKey},
                      {"time_left", FormatTimeLeft(shop.previous_webhook_key_expire_time(),
                                                   absl::Now(), request.language)},
                      {"until", FormatDateTime(shop.previous_webhook_key_expire_time(),
                                               request.language, zone.zone)},
                      {"time_zone", zone.name},
                      {"shop_id", absl::StrCat(shop.id())},
                      {"csrf", std::string(csrf)}});
  values["secret_state"] = shop.settings().webhook_secret_set()
                               ? MessagesFor(request.language).secret_set
                               : MessagesFor(request.language).secret_not_set;
  for (const char* slot : {"invitation_delay_days", "trigger", "sending_enabled", "sender_name",
                           "language", "reminder_days", "webhook_secret"}) {
    values[absl::StrCat(slot, "_error")] = FieldError(slot, FieldValue(errors, slot));
  }
  return PanelPage(status, request.language, shop.name(), "shop", values, true, std::move(outcome));
}

HttpReply ShopPages::ShowShop(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithCsrf, &opened)) {
    return *refused;
  }
  absl::StatusOr<v1::Shop> found = GetOpenedShop(opened);
  if (!found.ok()) return Failed(found.status(), request);
  std::string notice;
  if (FieldValue(request.query, "saved") == "1") {
    notice = MessagesFor(request.language).settings_saved;
  } else if (FieldValue(request.query, "rotated") == "1") {
    notice = MessagesFor(request.language).key_rotated;
  } else if (FieldValue(request.query, "grace_ended") == "1") {
    notice = MessagesFor(request.language).key_grace_ended;
  }
  return ShopPage(200, request, *found, SettingsFields(found->settings()), {}, opened.csrf, notice,
                  "ok");
}

HttpReply ShopPages::ShowDashboard(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithoutCsrf, &opened)) {
    return *refused;
  }
  absl::StatusOr<v1::Shop> found = GetOpenedShop(opened);
  if (!found.ok()) return Failed(found.status(), request);
  v1::GetShopDashboardRequest ask;
  ask.set_shop_id(opened.shop_id);
  absl::StatusOr<v1::ShopDashboard> dashboard = core_->GetShopDashboard(ask, opened.call);
  if (!dashboard.ok()) return Failed(dashboard.status(), request);
  std::map<std::string, std::string> values = DashboardValues(
      *dashboard, *found, request.language, PanelTimeZone(found->settings().time_zone()));
  values["shop_nav"] = ShopNav(request, opened.shop_id, "dashboard");
  return PanelPage(200, request.language, MessagesFor(request.language).dashboard_title,
                   "dashboard", values, true, "ok");
}

HttpReply ShopPages::ShowBackfill(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithCsrf, &opened)) {
    return *refused;
  }
  absl::StatusOr<v1::Shop> found = GetOpenedShop(opened);
  if (!found.ok()) return Failed(found.status(), request);
  v1::GetOrderBackfillRequest ask;
  ask.set_shop_id(opened.shop_id);
  absl::StatusOr<v1::OrderBackfill> latest = core_->GetOrderBackfill(ask, opened.call);
  // NOT_FOUND: the shop has had none (the shop itself was found above).
  if (!latest.ok() && !absl::IsNotFound(latest.status()) &&
      !absl::IsFailedPrecondition(latest.status())) {
    return Failed(latest.status(), request);
  }
  std::map<std::string, std::string> values =
      BackfillProgressValues(latest.ok() ? std::optional<v1::OrderBackfill>(*latest) : std::nullopt,
                             request.language, PanelTimeZone(found->settings().time_zone()));
  const bool en = request.language == "en";
  std::string notice;
  if (FieldValue(request.query, "started") == "1") {
    notice = en ? "Started: the orders are read in the background; reload to see how far."
                : "Rozpoczęte: zamówienia są czytane w tle; odśwież stronę, aby zobaczyć postęp.";
  } else if (FieldValue(request.query, "running") == "1") {
    notice = en ? "The shop's previous invitation of past customers is still running."
                : "Poprzednie zapraszanie klientów tego sklepu jeszcze trwa.";
  }
  std::string unavailable;
  values["confirm_hidden"] = "hidden";
  values["count"] = "";
  values["since"] = "";
  int days = kDefaultBackfillDays;
  if (const std::string asked = FieldValue(request.query, "days"); !asked.empty()) {
    v1::GetOrderBackfillPreviewRequest preview;
    preview.set_shop_id(opened.shop_id);
    preview.set_days(absl::SimpleAtoi(asked, &days) ? days : 0);
    absl::StatusOr<v1::OrderBackfillPreview> counted =
        core_->GetOrderBackfillPreview(preview, opened.call);
    if (absl::IsInvalidArgument(counted.status())) {
      notice = en ? "Choose from 1 to 90 days." : "Wybierz od 1 do 90 dni.";
      days = kDefaultBackfillDays;
    } else if (absl::IsFailedPrecondition(counted.status())) {
      unavailable = BackfillUnavailable(request.language);
    } else if (!counted.ok()) {
      return Failed(counted.status(), request);
    } else {
      values["confirm_hidden"] = "";
      values["count"] = absl::StrCat(counted->order_count());
      values["since"] = counted->since_local_time();
    }
  }
  values["shop_nav"] = ShopNav(request, opened.shop_id, "shoper");
  values["shop_id"] = absl::StrCat(opened.shop_id);
  values["shop_name"] = found->name();
  values["csrf"] = opened.csrf;
  values["days"] = absl::StrCat(days);
  values["min_days"] = absl::StrCat(kMinBackfillDays);
  values["max_days"] = absl::StrCat(kMaxBackfillDays);
  values["notice"] = notice;
  values["notice_hidden"] = notice.empty() ? "hidden" : "";
  values["unavailable"] = unavailable;
  values["unavailable_hidden"] = unavailable.empty() ? "hidden" : "";
  return PanelPage(200, request.language,
                   en ? "Invite customers of the last days" : "Zaproś klientów z ostatnich dni",
                   "backfill", values, true, "ok");
}

HttpReply ShopPages::StartBackfill(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithoutCsrf, &opened)) {
    return *refused;
  }
  int days = 0;
  v1::StartOrderBackfillRequest start;
  start.set_shop_id(opened.shop_id);
  start.set_days(absl::SimpleAtoi(FieldValue(request.form, "days"), &days) ? days : 0);
  absl::StatusOr<v1::OrderBackfill> started = core_->StartOrderBackfill(start, opened.call);
  const std::string page = absl::StrCat("/panel/shops/", opened.shop_id, "/backfill");
  if (absl::IsAlreadyExists(started.status())) {
    return Redirect(absl::StrCat(page, "?running=1"), "backfill_running");
  }
  if (absl::IsInvalidArgument(started.status()) || absl::IsFailedPrecondition(started.status())) {
    return Redirect(absl::StrCat(page, "?days=", days), "backfill_refused");
  }
  if (!started.ok()) return Failed(started.status(), request);
  return Redirect(absl::StrCat(page, "?started=1"), "backfill_started");
}

HttpReply ShopPages::SaveSettings(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithoutCsrf, &opened)) {
    return *refused;
  }
  absl::StatusOr<v1::UpdateShopSettingsRequest> update =
      SettingsUpdate(opened.shop_id, request.form);
  absl::Status status = update.status();
  if (update.ok()) status = core_->UpdateShopSettings(*update, opened.call).status();
  if (status.ok())
    return Redirect(absl::StrCat("/panel/shops/", opened.shop_id, "?saved=1"), "saved");
  if (!absl::IsInvalidArgument(status)) return Failed(status, request);

  // The form again with what the owner entered and the message next to its
  // field; the page around it needs the shop.
  absl::StatusOr<v1::Shop> found = GetOpenedShop(opened);
  if (!found.ok()) return Failed(found.status(), request);
  std::string slot = SettingsErrorSlot(ViolatedField(status));
  if (slot.empty()) slot = "invitation_delay_days";
  // Shown next to the field, the message need not name it again.
  std::string reason = ViolationDescription(status);
  if (PageLanguage(request.language) == "pl" && !PolishSettingsHint(slot).empty()) {
    reason = std::string(PolishSettingsHint(slot));
  }
  const std::string message = absl::StrCat(MessagesFor(request.language).not_saved, reason);
  return ShopPage(kUnprocessable, request, *found, request.form, {{slot, message}},
                  request.csrf_token, "", "invalid");
}

HttpReply ShopPages::ShowRotate(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithCsrf, &opened)) {
    return *refused;
  }
  absl::StatusOr<v1::Shop> found = GetOpenedShop(opened);
  if (!found.ok()) return Failed(found.status(), request);
  return PanelPage(200, request.language, found->name(), "rotate",
                   {{"shop_nav", ShopNav(request, opened.shop_id, "key")},
                    {"shop_id", absl::StrCat(opened.shop_id)},
                    {"csrf", opened.csrf}},
                   true, "form");
}

HttpReply ShopPages::RotateKey(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithoutCsrf, &opened)) {
    return *refused;
  }
  v1::RotateShopKeyRequest rotate;
  rotate.set_shop_id(opened.shop_id);
  absl::StatusOr<v1::Shop> rotated = core_->RotateShopKey(rotate, opened.call);
  if (!rotated.ok()) return Failed(rotated.status(), request);
  return Redirect(absl::StrCat("/panel/shops/", opened.shop_id, "?key=show&rotated=1"),
                  "key_rotated");
}

HttpReply ShopPages::EndKeyGrace(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithoutCsrf, &opened)) {
    return *refused;
  }
  v1::EndKeyRotationGraceRequest end;
  end.set_shop_id(opened.shop_id);
  absl::StatusOr<v1::Shop> ended = core_->EndKeyRotationGrace(end, opened.call);
  if (!ended.ok()) return Failed(ended.status(), request);
  return Redirect(absl::StrCat("/panel/shops/", opened.shop_id, "?grace_ended=1"),
                  "key_grace_ended");
}

HttpReply ShopPages::ShowShoper(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithoutCsrf, &opened)) {
    return *refused;
  }
  absl::StatusOr<v1::Shop> found = GetOpenedShop(opened);
  if (!found.ok()) return Failed(found.status(), request);
  v1::ListOrderEventsRequest list;
  list.set_shop_id(opened.shop_id);
  list.set_page_size(kDeliveriesShown);
  absl::StatusOr<v1::ListOrderEventsResponse> events = core_->ListOrderEvents(list, opened.call);
  if (!events.ok()) return Failed(events.status(), request);
  // The deliveries name their invitation; its planned send time is the
  // invitation's. Only looked up when a delivery has one.
  std::map<int64_t, google::protobuf::Timestamp> send_times;
  bool any_invitation = false;
  for (const v1::OrderEventRecord& event : events->events()) {
    any_invitation = any_invitation || event.invitation_id() != 0;
  }
  // The note is for a webhook still set to XML: its newest delivery was.
  bool sends_xml = false;
  for (const v1::OrderEventRecord& event : events->events()) {
    if (event.source() == v1::ORDER_EVENT_SOURCE_FETCHED) continue;
    sends_xml = event.structured_reason().code() == v1::ORDER_EVENT_REASON_XML_FORMAT;
    break;
  }
  if (any_invitation) {
    v1::ListInvitationsRequest invitations_request;
    invitations_request.set_shop_id(opened.shop_id);
    invitations_request.set_page_size(kInvitationsLookedUp);
    absl::StatusOr<v1::ListInvitationsResponse> invitations =
        core_->ListInvitations(invitations_request, opened.call);
    if (!invitations.ok()) return Failed(invitations.status(), request);
    for (const v1::Invitation& invitation : invitations->invitations()) {
      send_times[invitation.id()] = invitation.send_time();
    }
  }
  const std::string base_url = absl::StrCat(PublicUrl(), "/api/");
  const bool show_key = FieldValue(request.query, "key") == "show";
  const PageTimeZone zone = PanelTimeZone(found->settings().time_zone());
  return PanelPage(
      200, request.language, absl::StrCat("Integracja Shoper: ", found->name()), "shoper",
      {{"shop_nav", ShopNav(request, opened.shop_id, "shoper")},
       {"shop_id", absl::StrCat(opened.shop_id)},
       {"shop_name", found->name()},
       {"domain", found->domain()},
       {"url_block", show_key ? Fragment("url_shown", request,
                                         {{"url", absl::StrCat(base_url, found->webhook_key())}})
                              : Fragment("url_masked", request,
                                         {{"url", absl::StrCat(base_url, kMaskedKey)},
                                          {"shop_id", absl::StrCat(opened.shop_id)}})},
       {"time_zone", zone.name},
       {"delivery_rows", DeliveryRows(events->events(), send_times, request.language, zone.zone)},
       {"empty", events->events().empty() ? "" : "hidden"},
       {"table_hidden", events->events().empty() ? "hidden" : ""},
       {"xml_hidden", sends_xml ? "" : "hidden"}},
      true, "ok");
}

absl::StatusOr<v1::Shop> ShopPages::GetOpenedShop(const OpenedShop& opened) {
  v1::GetShopRequest get;
  get.set_shop_id(opened.shop_id);
  return core_->GetShop(get, opened.call);
}

absl::StatusOr<PageTimeZone> ShopPages::ShopTimeZone(const OpenedShop& opened) {
  absl::StatusOr<v1::Shop> shop = GetOpenedShop(opened);
  if (!shop.ok()) return shop.status();
  return PanelTimeZone(shop->settings().time_zone());
}

HttpReply ShopPages::ShowInvitations(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithCsrf, &opened)) {
    return *refused;
  }
  v1::ListInvitationsRequest list;
  list.set_shop_id(opened.shop_id);
  list.set_page_size(kInvitationsLookedUp);
  // An unknown state name lists all, with the filter showing "all".
  std::string state = FieldValue(request.query, "state");
  v1::InvitationState value = v1::INVITATION_STATE_UNSPECIFIED;
  for (int i = v1::InvitationState_MIN; i <= v1::InvitationState_MAX; ++i) {
    if (v1::InvitationState_IsValid(i) &&
        InvitationStateName(static_cast<v1::InvitationState>(i)) == state && !state.empty()) {
      value = static_cast<v1::InvitationState>(i);
    }
  }
  if (value == v1::INVITATION_STATE_UNSPECIFIED) state.clear();
  list.set_state(value);
  absl::StatusOr<v1::ListInvitationsResponse> invitations =
      core_->ListInvitations(list, opened.call);
  if (!invitations.ok()) return Failed(invitations.status(), request);
  absl::StatusOr<PageTimeZone> zone = ShopTimeZone(opened);
  if (!zone.ok()) return Failed(zone.status(), request);
  std::string notice;
  const std::string done = FieldValue(request.query, "done");
  if (done == "cancelled") notice = MessagesFor(request.language).invitation_cancelled;
  if (done == "resent") {
    notice = MessagesFor(request.language).invitation_resent;
  }
  return PanelPage(200, request.language, MessagesFor(request.language).invitations_title,
                   "invitations",
                   {{"shop_nav", ShopNav(request, opened.shop_id, "invitations")},
                    {"shop_id", absl::StrCat(opened.shop_id)},
                    {"state_options", StateOptions(state, request.language)},
                    {"time_zone", zone->name},
                    {"invitation_rows", InvitationRows(invitations->invitations(), opened.shop_id,
                                                       opened.csrf, request.language, zone->zone)},
                    {"empty", invitations->invitations().empty() ? "" : "hidden"},
                    {"hard_bounces", absl::StrCat(invitations->mail_feedback().hard_bounces())},
                    {"soft_bounces", absl::StrCat(invitations->mail_feedback().soft_bounces())},
                    {"complaints", absl::StrCat(invitations->mail_feedback().complaints())},
                    {"notice", notice},
                    {"notice_hidden", notice.empty() ? "hidden" : ""}},
                   true, "ok");
}

HttpReply ShopPages::CancelInvitation(const OwnerRequest& request, absl::string_view shop,
                                      absl::string_view invitation) {
  return ChangeInvitation(request, shop, invitation, "cancelled",
                          [this](int64_t id, const CallContext& call) {
                            v1::CancelInvitationRequest cancel;
                            cancel.set_invitation_id(id);
                            return core_->CancelInvitation(cancel, call);
                          });
}

HttpReply ShopPages::ResendInvitation(const OwnerRequest& request, absl::string_view shop,
                                      absl::string_view invitation) {
  return ChangeInvitation(request, shop, invitation, "resent",
                          [this](int64_t id, const CallContext& call) {
                            v1::ResendInvitationRequest resend;
                            resend.set_invitation_id(id);
                            return core_->ResendInvitation(resend, call);
                          });
}

HttpReply ShopPages::ChangeInvitation(
    const OwnerRequest& request, absl::string_view shop, absl::string_view invitation,
    absl::string_view done,
    const std::function<absl::StatusOr<v1::Invitation>(int64_t, const CallContext&)>& change) {
  const std::optional<int64_t> shop_id = ParseId(shop);
  const std::optional<int64_t> id = ParseId(invitation);
  if (std::optional<HttpReply> refused = Refusal(request, {shop_id, id}, "no such invitation")) {
    return *refused;
  }
  absl::StatusOr<v1::Invitation> changed = change(*id, OwnerCallContext(request));
  const std::string list = absl::StrCat("/panel/shops/", *shop_id, "/invitations");
  if (absl::IsFailedPrecondition(changed.status())) {
    const PanelMessages& messages = MessagesFor(request.language);
    return PanelPage(
        409, request.language, messages.invitations_title, "refused",
        {{"back", list},
         {"message", done == "cancelled" ? messages.cannot_cancel : messages.cannot_resend}},
        true, "refused");
  }
  if (!changed.ok()) return Failed(changed.status(), request);
  return Redirect(absl::StrCat(list, "?done=", done), std::string(done));
}

HttpReply ShopPages::ShowOpinions(const OwnerRequest& request, absl::string_view shop) {
  OpenedShop opened;
  if (std::optional<HttpReply> refused = OpenShop(request, shop, kWithCsrf, &opened)) {
    return *refused;
  }
  v1::ListOpinionsRequest list;
  list.set_shop_id(opened.shop_id);
  list.set_page_size(100);
  absl::StatusOr<v1::ListOpinionsResponse> opinions = core_->ListOpinions(list, opened.call);
  if (!opinions.ok()) return Failed(opinions.status(), request);
  absl::StatusOr<PageTimeZone> zone = ShopTimeZone(opened);
  if (!zone.ok()) return Failed(zone.status(), request);
  const bool replied = FieldValue(request.query, "replied") == "1";
  const std::string notice = replied ? MessagesFor(request.language).reply_saved : "";
  return PanelPage(200, request.language, MessagesFor(request.language).opinions_title, "opinions",
                   {{"shop_nav", ShopNav(request, opened.shop_id, "opinions")},
                    {"shop_id", absl::StrCat(opened.shop_id)},
                    {"time_zone", zone->name},
                    {"opinion_items", OpinionItems(opinions->opinions(), opened.shop_id,
                                                   opened.csrf, request.language, zone->zone)},
                    {"empty", opinions->opinions().empty() ? "" : "hidden"},
                    {"notice", notice},
                    {"notice_hidden", notice.empty() ? "hidden" : ""}},
                   true, "ok");
}

HttpReply ShopPages::Reply(const OwnerRequest& request, absl::string_view shop,
                           absl::string_view opinion) {
  const std::optional<int64_t> shop_id = ParseId(shop);
  const std::optional<int64_t> id = ParseId(opinion);
  if (std::optional<HttpReply> refused = Refusal(request, {shop_id, id}, "no such opinion")) {
    return *refused;
  }
  v1::ReplyToOpinionRequest reply;
  reply.set_shop_id(*shop_id);
  reply.set_opinion_id(*id);
  // Browsers send a textarea's line breaks as CRLF.
  std::string text;
  for (const char c : FieldValue(request.form, "reply")) {
    if (c != '\r') text += c;
  }
  reply.set_reply(text);
  const CallContext call = OwnerCallContext(request);
  absl::StatusOr<v1::Opinion> done = core_->ReplyToOpinion(reply, call);
  if (absl::IsInvalidArgument(done.status())) {
    return PanelPage(kUnprocessable, request.language, MessagesFor(request.language).opinions_title,
                     "refused",
                     {{"back", absl::StrCat("/panel/shops/", *shop_id, "/opinions")},
                      {"message", std::string(done.status().message())}},
                     true, "invalid");
  }
  if (!done.ok()) return Failed(done.status(), request);
  return Redirect(absl::StrCat("/panel/shops/", *shop_id, "/opinions?replied=1"), "replied");
}

}  // namespace opinus::gateway
