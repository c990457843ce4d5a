// The owners' JSON API and panel with real processes: opinus-server on a real
// MariaDB, opinus-gateway in front of it, real HTTP, and Debian's Chromium
// for the panel. Owners act only on their own shops: a second owner gets 404.
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/child_process.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;
using ::testing::HasSubstr;
using ::testing::Not;

// An owner as the API knows them: the session cookie and its CSRF token.
struct ApiOwner {
  std::string cookie;
  std::string csrf;
};

class OwnerPanelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("panel");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    const std::string prefix =
        absl::StrCat(::testing::TempDir(), "/panel-",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    // No dispatcher: the invitation stays scheduled for the test to read.
    absl::StatusOr<RunningService> server = StartCoreServer(
        database_->connect_string(), absl::StrCat(prefix, "-server.log"), {"--dispatch=false"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server->process);
    absl::StatusOr<RunningService> gateway =
        StartGateway(server->port, absl::StrCat(prefix, "-gateway.log"));
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::move(gateway->process);
    http_port_ = static_cast<uint16_t>(gateway->port);
  }

  HttpResponse Send(absl::string_view method, absl::string_view path, Headers headers,
                    absl::string_view body = "") {
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(http_port_, method, path, headers, body);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *std::move(response) : HttpResponse{};
  }

  // SignUp makes an owner through the API and returns their session.
  ApiOwner SignUp(const std::string& email) {
    const HttpResponse response =
        Send("POST", "/v1/accounts", {},
             Json{{"email", email}, {"password", "correct horse battery staple"}}.dump());
    EXPECT_EQ(response.status, 200) << response.body;
    const std::string set_cookie = response.headers.count("set-cookie") > 0
                                       ? response.headers.at("set-cookie")
                                       : std::string();
    EXPECT_THAT(set_cookie, HasSubstr("HttpOnly"));
    const Json body = Json::parse(response.body, nullptr, false);
    return {set_cookie.substr(0, set_cookie.find(';')),
            body.is_object() ? body.value("csrf_token", "") : ""};
  }

  static Headers Session(const ApiOwner& owner, bool changes = false) {
    Headers headers = {{"Cookie", owner.cookie}};
    if (changes) headers.emplace_back("X-CSRF-Token", owner.csrf);
    return headers;
  }

  // PostForm posts the panel's form `fields` (URL-encoded, without the CSRF
  // token, which it adds) to `path` as `owner`.
  HttpResponse PostForm(absl::string_view path, const ApiOwner& owner, absl::string_view fields) {
    absl::StatusOr<HttpResponse> response = SendHttpRequest(
        http_port_, "POST", path,
        {{"Cookie", owner.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
        absl::StrCat("csrf=", owner.csrf, fields.empty() ? "" : "&", fields));
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *std::move(response) : HttpResponse{};
  }

  static Headers Bearer(const std::string& token) {
    return {{"Authorization", absl::StrCat("Bearer ", token)}};
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<ChildProcess> gateway_;
  uint16_t http_port_ = 0;
};

TEST_F(OwnerPanelTest, AnOwnerSetsUpAShopThroughTheApiWithAPersonalAccessToken) {
  const ApiOwner owner = SignUp("wlasciciel@example.com");
  const HttpResponse created =
      Send("POST", "/v1/shops", Session(owner, true),
           R"({"name":"Ceramika Kowalski","domain":"sklep123456.shoparena.pl"})");
  ASSERT_EQ(created.status, 200) << created.body << gateway_->Log();
  const Json shop = Json::parse(created.body);
  const std::string shop_id = shop.at("id");
  const std::string key = shop.at("webhook_key");
  EXPECT_EQ(key.size(), 20u);

  const HttpResponse granted =
      Send("POST", "/v1/access_tokens", Session(owner, true), R"({"name":"deploy script"})");
  ASSERT_EQ(granted.status, 200) << granted.body;
  const std::string token = Json::parse(granted.body).at("secret");

  const HttpResponse settings = Send("PATCH", absl::StrCat("/v1/shops/", shop_id, "/settings"),
                                     Bearer(token), R"({"invitation_delay_days":3})");
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(Json::parse(settings.body).at("invitation_delay_days"), 3);

  const HttpResponse invalid = Send("PATCH", absl::StrCat("/v1/shops/", shop_id, "/settings"),
                                    Bearer(token), R"({"invitation_delay_days":91})");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(Json::parse(invalid.body).value("field", ""), "invitation_delay_days");

  // Shoper's sample, with the key the API gave.
  const HttpResponse webhook =
      Send("POST", absl::StrCat("/api/", key), {{"X-Webhook-Name", "order.status"}},
           ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json")));
  ASSERT_EQ(webhook.status, 200) << webhook.body;

  const HttpResponse events =
      Send("GET", absl::StrCat("/v1/shops/", shop_id, "/order_events"), Bearer(token));
  ASSERT_EQ(events.status, 200) << events.body;
  const Json event = Json::parse(events.body).at("events").at(0);
  EXPECT_EQ(event.at("outcome"), "ORDER_EVENT_OUTCOME_SCHEDULED");
  EXPECT_EQ(event.at("order_id"), "1043");

  const HttpResponse invitations = Send(
      "GET", absl::StrCat("/v1/shops/", shop_id, "/invitations?state=INVITATION_STATE_SCHEDULED"),
      Bearer(token));
  ASSERT_EQ(invitations.status, 200) << invitations.body;
  const Json invitation = Json::parse(invitations.body).at("invitations").at(0);
  // 2024-05-08 09:12:05 in Warsaw (UTC+2) and 3 days.
  EXPECT_EQ(invitation.at("send_time"), "2024-05-11T07:12:05Z");

  // The public feed of the shop stays public.
  EXPECT_EQ(Send("GET", absl::StrCat("/v1/shops/", shop_id, "/opinions"), {}).status, 200);
}

TEST_F(OwnerPanelTest, ASecondOwnerFindsNoneOfTheFirstOwnersShop) {
  const ApiOwner first = SignUp("pierwszy@example.com");
  const HttpResponse created = Send("POST", "/v1/shops", Session(first, true),
                                    R"({"name":"Sklep","domain":"sklep1.shoparena.pl"})");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string shop_id = Json::parse(created.body).at("id");

  const ApiOwner second = SignUp("drugi@example.com");
  EXPECT_EQ(Send("GET", absl::StrCat("/v1/shops/", shop_id), Session(second)).status, 404);
  EXPECT_EQ(Send("PATCH", absl::StrCat("/v1/shops/", shop_id, "/settings"), Session(second, true),
                 R"({"invitation_delay_days":1})")
                .status,
            404);
  EXPECT_EQ(
      Send("GET", absl::StrCat("/v1/shops/", shop_id, "/order_events"), Session(second)).status,
      404);
  const HttpResponse list = Send("GET", "/v1/shops", Session(second));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(Json::parse(list.body).value("shops", Json::array()).empty()) << list.body;

  // The panel answers the same.
  EXPECT_EQ(Send("GET", absl::StrCat("/panel/shops/", shop_id), Session(second)).status, 404);
}

TEST_F(OwnerPanelTest, ChangesWithASessionNeedItsCsrfTokenAndNobodyGetsNothing) {
  const ApiOwner owner = SignUp("csrf@example.com");
  EXPECT_EQ(Send("POST", "/v1/shops", Session(owner, false),
                 R"({"name":"Sklep","domain":"sklep2.shoparena.pl"})")
                .status,
            403);
  EXPECT_EQ(Send("GET", "/v1/shops", {}).status, 401);
  EXPECT_EQ(Send("GET", "/v1/shops", Bearer("not-a-token-of-anybody-0123")).status, 401);
}

// The inspector ("Integracja Shoper") of a Polish page words each outcome
// from the core's reason codes: none of the core's English sentences shows,
// while the JSON API keeps them; an English page words the same data.
TEST_F(OwnerPanelTest, ThePolishInspectorShowsNoEnglishSentence) {
  const ApiOwner owner = SignUp("inspektor@example.com");
  const HttpResponse created = Send("POST", "/v1/shops", Session(owner, true),
                                    R"({"name":"Sklep","domain":"sklep3.shoparena.pl"})");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string shop_id = Json::parse(created.body).at("id");
  const std::string key = Json::parse(created.body).at("webhook_key");

  const Json shipped =
      Json::parse(ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json")));
  Json in_progress = shipped;
  in_progress["order_id"] = "1044";
  in_progress["status_id"] = "2";
  in_progress["status"]["status_id"] = "2";
  in_progress["status"]["type"] = "2";
  Json bad_email = shipped;
  bad_email["order_id"] = "1045";
  bad_email["email"] = "jan.kowalski";
  Json not_realised = shipped;
  not_realised["status_id"] = "8";
  not_realised["status_date"] = "2024-05-09 10:00:00";
  not_realised["status"]["status_id"] = "8";
  not_realised["status"]["type"] = "4";
  // Scheduled, duplicate, ignored, rejected, cancelled.
  for (const Json& body : {shipped, shipped, in_progress, bad_email, not_realised}) {
    const HttpResponse webhook =
        Send("POST", absl::StrCat("/api/", key), {{"X-Webhook-Name", "order.status"}}, body.dump());
    ASSERT_EQ(webhook.status, 200) << webhook.body;
  }

  const HttpResponse events =
      Send("GET", absl::StrCat("/v1/shops/", shop_id, "/order_events"), Session(owner));
  ASSERT_EQ(events.status, 200) << events.body;
  const Json listed = Json::parse(events.body);
  std::vector<std::string> english;
  for (const Json& event : listed.at("events")) {
    english.push_back(event.at("reason"));
    EXPECT_TRUE(event.at("structured_reason").contains("code")) << event.dump();
  }
  ASSERT_EQ(english.size(), 5u);

  const HttpResponse page =
      Send("GET", absl::StrCat("/panel/shops/", shop_id, "/shoper"), Session(owner));
  ASSERT_EQ(page.status, 200) << page.body;
  const size_t table = page.body.find("<table id=\"deliveries\"");
  ASSERT_NE(table, std::string::npos);
  const std::string rows = page.body.substr(table, page.body.find("</table>", table) - table);
  for (const char* outcome : {"scheduled", "duplicate", "ignored", "rejected", "cancelled"}) {
    EXPECT_THAT(rows, HasSubstr(absl::StrCat("data-outcome=\"", outcome, "\"")));
  }
  for (const std::string& sentence : english) EXPECT_THAT(rows, Not(HasSubstr(sentence)));
  for (const char* word : {"invitation", "status already", "trigger", "not an", "order ", "UTC"}) {
    EXPECT_THAT(rows, Not(HasSubstr(word)));
  }
  EXPECT_THAT(rows, HasSubstr("zaplanowano zaproszenie</td>"));
  EXPECT_THAT(rows, HasSubstr("duplikat: ten status zamówienia już dotarł wcześniej"));
  EXPECT_THAT(rows, HasSubstr("pominięte: status 2 nie uruchamia zaproszeń"));
  EXPECT_THAT(rows, HasSubstr("odrzucone: adres e-mail: to nie jest adres e-mail: „jan.kowalski”"));
  EXPECT_THAT(rows, HasSubstr("anulowano zaproszenie: zamówienie niezrealizowane (status 8)"));
  // The one planned time: 2024-05-08 09:12:05 in Warsaw and the 7 days of a new shop.
  EXPECT_THAT(rows, HasSubstr("<td class=\"planned\">15.05.2024 09:12</td>"));

  Headers in_english = Session(owner);
  in_english.front().second += "; opinus_lang=en";
  const HttpResponse english_page =
      Send("GET", absl::StrCat("/panel/shops/", shop_id, "/shoper"), in_english);
  EXPECT_THAT(english_page.body,
              HasSubstr("rejected: e-mail address: not an e-mail address: “jan.kowalski”"));
}

// A webhook set to Format: XML: each delivery is refused (415) but logged
// without its body, and the inspector says what to change in Shoper; to an
// unknown key it is 404 and logged nowhere.
TEST_F(OwnerPanelTest, AnXmlDeliveryIs415AndTheInspectorSaysToSetFormatJson) {
  const ApiOwner owner = SignUp("xml@example.com");
  const HttpResponse created = Send("POST", "/v1/shops", Session(owner, true),
                                    R"({"name":"Sklep","domain":"sklep4.shoparena.pl"})");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string shop_id = Json::parse(created.body).at("id");
  const std::string key = Json::parse(created.body).at("webhook_key");
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<order><order_id>1043</order_id>"
      "<email>jan.kowalski@example.com</email></order>";
  const Headers xml_headers = {{"Content-Type", "text/xml; charset=utf-8"},
                               {"X-Webhook-Name", "order.status"}};

  const HttpResponse refused =
      SendHttpRequest(http_port_, "POST", absl::StrCat("/api/", key), xml_headers, xml).value();
  EXPECT_EQ(refused.status, 415);
  EXPECT_THAT(refused.body, HasSubstr("set Format: JSON in the Shoper webhook"));
  const HttpResponse unknown =
      SendHttpRequest(http_port_, "POST", "/api/AAAAAAAAAAAAAAAAAAAA", xml_headers, xml).value();
  EXPECT_EQ(unknown.status, 404);

  // One row, the refused delivery's, and nothing of its body.
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 1);
  EXPECT_THAT(database_->ColumnsHolding("jan.kowalski"), ::testing::IsEmpty());
  const HttpResponse events =
      Send("GET", absl::StrCat("/v1/shops/", shop_id, "/order_events"), Session(owner));
  ASSERT_EQ(events.status, 200) << events.body;
  const Json listed = Json::parse(events.body).at("events");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("event_name"), "order.status");
  EXPECT_EQ(listed[0].at("outcome"), "ORDER_EVENT_OUTCOME_REJECTED");
  EXPECT_EQ(listed[0].at("structured_reason").at("code"), "ORDER_EVENT_REASON_XML_FORMAT");

  const HttpResponse page =
      Send("GET", absl::StrCat("/panel/shops/", shop_id, "/shoper"), Session(owner));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("<p class=\"warning\" role=\"alert\" id=\"xml-hint\" >"));
  EXPECT_THAT(page.body, HasSubstr("data-reason=\"ORDER_EVENT_REASON_XML_FORMAT\""));
  EXPECT_THAT(page.body, HasSubstr("odrzucone: Shoper wysłał webhook w formacie XML"));
  EXPECT_THAT(page.body, HasSubstr("ustaw Format: JSON"));
  Headers in_english = Session(owner);
  in_english.front().second += "; opinus_lang=en";
  const HttpResponse english_page =
      Send("GET", absl::StrCat("/panel/shops/", shop_id, "/shoper"), in_english);
  EXPECT_THAT(english_page.body, HasSubstr("set Format: JSON"));
  EXPECT_THAT(english_page.body, HasSubstr("rejected: Shoper sent the webhook as XML"));

  // The owner set Format: JSON: the next delivery is read, and the note goes
  // (the XML row stays in the list).
  const HttpResponse json =
      Send("POST", absl::StrCat("/api/", key), {{"X-Webhook-Name", "order.status"}},
           ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json")));
  ASSERT_EQ(json.status, 200) << json.body;
  const HttpResponse fixed =
      Send("GET", absl::StrCat("/panel/shops/", shop_id, "/shoper"), Session(owner));
  EXPECT_THAT(fixed.body, HasSubstr("id=\"xml-hint\" hidden>"));
  EXPECT_THAT(fixed.body, HasSubstr("data-reason=\"ORDER_EVENT_REASON_XML_FORMAT\""));
}

// The new-shop form's errors, an owner's cancel and a refused one, in Polish
// from the gateway's words, while the core's English stays out of the page
// (and in the JSON API, beside the reason as data).
TEST_F(OwnerPanelTest, ThePolishNewShopFormAndRefusalsShowNoEnglishSentence) {
  const ApiOwner owner = SignUp("formularz@example.com");
  const HttpResponse bad_domain = PostForm("/panel/shops", owner, "name=Sklep&domain=sklep%2Fpl");
  EXPECT_EQ(bad_domain.status, 422) << bad_domain.body;
  EXPECT_THAT(bad_domain.body, HasSubstr("Podaj domenę sklepu w Shoper"));
  EXPECT_THAT(bad_domain.body, Not(HasSubstr("not a host name")));
  const HttpResponse no_name = PostForm("/panel/shops", owner, "name=&domain=sklep4.shoparena.pl");
  EXPECT_EQ(no_name.status, 422) << no_name.body;
  EXPECT_THAT(no_name.body, HasSubstr("Podaj nazwę sklepu"));
  EXPECT_THAT(no_name.body, Not(HasSubstr("missing")));

  const HttpResponse created = Send("POST", "/v1/shops", Session(owner, true),
                                    R"({"name":"Sklep","domain":"sklep4.shoparena.pl"})");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string shop_id = Json::parse(created.body).at("id");
  const std::string key = Json::parse(created.body).at("webhook_key");
  ASSERT_EQ(Send("POST", absl::StrCat("/api/", key), {{"X-Webhook-Name", "order.status"}},
                 ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json")))
                .status,
            200);
  const HttpResponse invitations =
      Send("GET", absl::StrCat("/v1/shops/", shop_id, "/invitations"), Session(owner));
  ASSERT_EQ(invitations.status, 200) << invitations.body;
  const std::string invitation = Json::parse(invitations.body).at("invitations").at(0).at("id");
  const std::string cancel =
      absl::StrCat("/panel/shops/", shop_id, "/invitations/", invitation, "/cancel");
  EXPECT_EQ(PostForm(cancel, owner, "").status, 303);
  // The core knows the owner cancelled; the list says so in Polish.
  const HttpResponse list =
      Send("GET", absl::StrCat("/panel/shops/", shop_id, "/invitations"), Session(owner));
  EXPECT_THAT(list.body, HasSubstr("anulowane: na prośbę właściciela sklepu"));
  EXPECT_THAT(list.body, HasSubstr("data-reason=\"INVITATION_REASON_CANCELLED_BY_OWNER\""));
  EXPECT_THAT(list.body, Not(HasSubstr("cancelled by")));
  const HttpResponse api =
      Send("GET", absl::StrCat("/v1/shops/", shop_id, "/invitations"), Session(owner));
  const Json cancelled = Json::parse(api.body).at("invitations").at(0);
  EXPECT_EQ(cancelled.at("state_reason"), "cancelled by the shop's owner");
  EXPECT_EQ(cancelled.at("structured_state_reason").at("code"),
            "INVITATION_REASON_CANCELLED_BY_OWNER");
  // Cancelled already: refused, in Polish.
  const HttpResponse again = PostForm(cancel, owner, "");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(again.body, HasSubstr("Tego zaproszenia nie można już anulować"));
  EXPECT_THAT(again.body, Not(HasSubstr("invitation ")));
}

// The owner's whole way in a real browser (tests/browser/panel_flow.mjs).
TEST_F(OwnerPanelTest, AnOwnerFollowsTheGuideInARealBrowser) {
  const fs::path screenshots = fs::path(OPINUS_ARTIFACT_DIR) / "browser";
  fs::create_directories(screenshots);
  CommandResult browser =
      RunCommand({"/usr/bin/env", "node", absl::StrCat(OPINUS_BROWSER_DIR, "/panel_flow.mjs"),
                  absl::StrCat("http://127.0.0.1:", http_port_),
                  absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"),
                  screenshots.string()},
                 absl::Seconds(120));
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err << gateway_->Log();
  EXPECT_THAT(browser.out, HasSubstr("all checks held"));
  EXPECT_TRUE(fs::exists(screenshots / "panel-6-shoper.png"));
  EXPECT_TRUE(fs::exists(screenshots / "panel-10-other-owner.png"));
  EXPECT_TRUE(fs::exists(screenshots / "axe-panel-dashboard.json"));
}

// An owner deletes their account and undoes it by logging in, in a real
// browser (tests/browser/account_deletion_flow.mjs).
TEST_F(OwnerPanelTest, AnOwnerDeletesTheirAccountAndUndoesItInARealBrowser) {
  const fs::path screenshots = fs::path(OPINUS_ARTIFACT_DIR) / "browser";
  fs::create_directories(screenshots);
  CommandResult browser = RunCommand(
      {"/usr/bin/env", "node", absl::StrCat(OPINUS_BROWSER_DIR, "/account_deletion_flow.mjs"),
       absl::StrCat("http://127.0.0.1:", http_port_), screenshots.string()},
      absl::Seconds(120));
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err << gateway_->Log();
  EXPECT_THAT(browser.out, HasSubstr("all checks held"));
  EXPECT_TRUE(fs::exists(screenshots / "account-4-undone.png"));
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM owners WHERE deletion_due_at IS NULL"), 1);
}

}  // namespace
}  // namespace opinus::testing
