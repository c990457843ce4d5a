// Tests of the owners' panel and /v1 API through real HTTP on loopback, with
// the core faked in-process: what the gateway itself decides (cookies, the
// owner metadata it sends, masking the key, escaping, errors next to fields,
// no call for nobody), never the core's rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/bearer_token.h"
#include "gateway/server/gateway_server.h"
#include "tests/support/http_test_client.h"
#include "tests/unit/gateway/fake_panel_core.h"

namespace opinus::gateway {
namespace {

using ::opinus::gateway::testing::FakePanelCore;
using ::opinus::gateway::testing::kFakeAccessToken;
using ::opinus::gateway::testing::kFakeCancelledReason;
using ::opinus::gateway::testing::kFakeCsrf;
using ::opinus::gateway::testing::kFakeFailedReason;
using ::opinus::gateway::testing::kFakeKey;
using ::opinus::gateway::testing::kFakePreviousKey;
using ::opinus::gateway::testing::kFakeSession;
using ::opinus::gateway::testing::kFakeSuppressedReason;
using ::opinus::gateway::testing::RecordedCall;
using ::opinus::testing::HttpResponse;
using ::opinus::testing::SendHttpRequest;
using ::testing::HasSubstr;
using ::testing::Not;

using Headers = std::vector<std::pair<std::string, std::string>>;

const Headers kForm = {{"Content-Type", "application/x-www-form-urlencoded"}};

Headers WithSession(Headers headers = {}) {
  headers.emplace_back("Cookie", absl::StrCat("opinus_session=", kFakeSession));
  return headers;
}

class PanelServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GatewayOptions options;
    options.listen = "127.0.0.1:0";
    options.core_target = core_.target();
    options.threads = 2;
    options.public_url = public_url_;
    gateway_ = std::make_unique<GatewayServer>(options);
    ASSERT_TRUE(gateway_->Start().ok());
  }

  HttpResponse Send(absl::string_view method, absl::string_view path, const Headers& headers,
                    absl::string_view body = "") {
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(gateway_->port(), method, path, headers, body);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *std::move(response) : HttpResponse{};
  }

  std::string public_url_ = "https://opinus.example";
  FakePanelCore core_;
  std::unique_ptr<GatewayServer> gateway_;
};

TEST_F(PanelServerTest, SignUpSetsAnHttpOnlyLaxSecureSessionCookieAndGoesToTheShops) {
  const HttpResponse response = Send("POST", "/panel/signup", kForm,
                                     "email=owner%40example.com&password=long+enough+password");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.headers.at("location"), "/panel");
  const std::string cookie = response.headers.at("set-cookie");
  EXPECT_THAT(cookie, HasSubstr(absl::StrCat("opinus_session=", kFakeSession, ";")));
  EXPECT_THAT(cookie, HasSubstr("; HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("; SameSite=Lax"));
  EXPECT_THAT(cookie, HasSubstr("; Path=/"));
  // public_url is https: the browser must never send the cookie in clear.
  EXPECT_THAT(cookie, HasSubstr("; Secure"));
}

TEST_F(PanelServerTest, TheShopsPageSaysWhatWaitsForTheEmailConfirmationAndOffersANewLink) {
  const HttpResponse failed = Send("POST", "/panel/signup", kForm,
                                   "email=unmailable%40example.com&password=long+enough+password");
  EXPECT_EQ(failed.status, 303);
  EXPECT_EQ(failed.headers.at("location"), "/panel?confirm=failed");

  const HttpResponse page = Send("GET", "/panel?confirm=failed", WithSession());
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("id=\"confirm-email\""));
  EXPECT_THAT(page.body, HasSubstr("Wysłaliśmy link na adres owner@example.com"));
  EXPECT_THAT(page.body, HasSubstr("Nie udało się wysłać linku potwierdzającego"));
  EXPECT_THAT(page.body,
              HasSubstr(absl::StrCat("action=\"/panel/confirm\">\n<input type=\"hidden\" "
                                     "name=\"csrf\" value=\"",
                                     kFakeCsrf, "\"")));
  const HttpResponse plain = Send("GET", "/panel", WithSession());
  EXPECT_THAT(plain.body, Not(HasSubstr("Nie udało się wysłać")));
}

TEST_F(PanelServerTest, SignUpErrorsAreShownNextToTheFieldWithTheEmailKept) {
  const HttpResponse response =
      Send("POST", "/panel/signup", kForm, "email=a%3Cb%40example.com&password=short");
  EXPECT_EQ(response.status, 422);
  EXPECT_THAT(response.body, HasSubstr("id=\"password-error\""));
  EXPECT_THAT(response.body, HasSubstr("value=\"a&lt;b@example.com\""));
  EXPECT_EQ(response.headers.count("set-cookie"), 0u);
}

TEST_F(PanelServerTest, PanelPagesWithoutASessionGoToTheLoginPageWithoutACall) {
  const HttpResponse response = Send("GET", "/panel/shops/7", {});
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.headers.at("location"), "/panel/login");
  EXPECT_TRUE(core_.Calls().empty());
}

TEST_F(PanelServerTest, AnEndedSessionGoesToTheLoginPageAndClearsTheCookie) {
  const HttpResponse response =
      Send("GET", "/panel", {{"Cookie", "opinus_session=ended-session-token"}});
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.headers.at("location"), "/panel/login");
  EXPECT_THAT(response.headers.at("set-cookie"), HasSubstr("opinus_session=; Path=/; Max-Age=0"));
}

TEST_F(PanelServerTest, TheShopPageMasksTheKeyUntilAskedAndEscapesTheShopName) {
  const HttpResponse masked = Send("GET", "/panel/shops/7", WithSession());
  EXPECT_EQ(masked.status, 200) << masked.body;
  EXPECT_THAT(masked.body, Not(HasSubstr(kFakeKey)));
  EXPECT_THAT(masked.body, HasSubstr("komunikacja sklepu z Opinus (api)"));
  EXPECT_THAT(masked.body, HasSubstr("To Twój poufny klucz."));
  // The fake's shop is not approved: the owner is told what waits for what.
  EXPECT_THAT(masked.body, HasSubstr("<p class=\"warning\" id=\"approval\" >Sklep czeka na"));
  EXPECT_THAT(masked.body, HasSubstr("Ceramika &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
  EXPECT_THAT(masked.body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(masked.body, HasSubstr(absl::StrCat("name=\"csrf\" value=\"", kFakeCsrf, "\"")));
  EXPECT_EQ(masked.headers.at("cache-control"), "no-store");
  EXPECT_THAT(masked.headers.at("content-security-policy"), HasSubstr("script-src 'self'"));

  const HttpResponse shown = Send("GET", "/panel/shops/7?key=show", WithSession());
  EXPECT_THAT(shown.body, HasSubstr(kFakeKey));
  EXPECT_THAT(shown.body, HasSubstr("data-copy=\"api-key\""));

  // The page acted for the owner of the cookie; reads carry no CSRF token.
  const std::vector<RecordedCall> calls = core_.Calls();
  ASSERT_FALSE(calls.empty());
  for (const RecordedCall& call : calls) {
    EXPECT_EQ(call.owner, kFakeSession) << call.method;
    EXPECT_EQ(call.csrf, "") << call.method;
  }
}

TEST_F(PanelServerTest, TheShopPageShowsThePreviousKeyMaskedItsTimeLeftAndAFormToEndIt) {
  const HttpResponse masked = Send("GET", "/panel/shops/7", WithSession());
  EXPECT_EQ(masked.status, 200) << masked.body;
  EXPECT_THAT(masked.body, Not(HasSubstr(kFakePreviousKey)));
  EXPECT_THAT(masked.body, HasSubstr("Poprzedni <strong>klucz api</strong>"));
  EXPECT_THAT(masked.body, HasSubstr("id=\"grace-left\""));
  EXPECT_THAT(masked.body, HasSubstr("godz."));
  // In the shop's zone (Warsaw when it names none), named.
  EXPECT_THAT(masked.body, HasSubstr("(do 01.01.2100 01:00, strefa Europe/Warsaw)"));
  EXPECT_THAT(masked.body, HasSubstr(absl::StrCat(
                               "action=\"/panel/shops/7/end-key-grace\">\n<input type=\"hidden\" "
                               "name=\"csrf\" value=\"",
                               kFakeCsrf, "\"")));

  const HttpResponse shown = Send("GET", "/panel/shops/7?key=show", WithSession());
  EXPECT_THAT(shown.body, HasSubstr(kFakePreviousKey));

  const HttpResponse english =
      Send("GET", "/panel/shops/7",
           {{"Cookie", absl::StrCat("opinus_session=", kFakeSession, "; opinus_lang=en")}});
  EXPECT_THAT(english.body, HasSubstr("Stop the previous key now"));
}

TEST_F(PanelServerTest, EndingTheKeyGraceSendsTheFormsCsrfTokenAndSaysSo) {
  const HttpResponse refused = Send("POST", "/panel/shops/7/end-key-grace", WithSession(kForm), "");
  EXPECT_EQ(refused.status, 403);

  const HttpResponse response = Send("POST", "/panel/shops/7/end-key-grace", WithSession(kForm),
                                     absl::StrCat("csrf=", kFakeCsrf));
  EXPECT_EQ(response.status, 303) << response.body;
  EXPECT_EQ(response.headers.at("location"), "/panel/shops/7?grace_ended=1");
  const RecordedCall call = core_.Calls().back();
  EXPECT_EQ(call.method, "EndKeyRotationGrace");
  EXPECT_EQ(call.owner, kFakeSession);
  EXPECT_EQ(call.csrf, kFakeCsrf);

  const HttpResponse page = Send("GET", "/panel/shops/7?grace_ended=1", WithSession());
  EXPECT_THAT(page.body, HasSubstr("Poprzedni klucz już nie działa."));
  EXPECT_THAT(page.body, Not(HasSubstr("id=\"previous-key\"")));
}

TEST_F(PanelServerTest, AnotherOwnersShopIsA404Page) {
  const HttpResponse response = Send("GET", "/panel/shops/8", WithSession());
  EXPECT_EQ(response.status, 404);
  EXPECT_THAT(response.headers.at("content-type"), HasSubstr("text/html"));
}

TEST_F(PanelServerTest, SavingSettingsSendsTheFormsCsrfTokenAndSaysSaved) {
  const HttpResponse response =
      Send("POST", "/panel/shops/7/settings", WithSession(kForm),
           absl::StrCat("csrf=", kFakeCsrf,
                        "&invitation_delay_days=3&trigger=type&sending_enabled=1"
                        "&sender_name=&language=pl&reminder_days=0&webhook_secret="));
  EXPECT_EQ(response.status, 303) << response.body;
  EXPECT_EQ(response.headers.at("location"), "/panel/shops/7?saved=1");
  const RecordedCall call = core_.Calls().back();
  EXPECT_EQ(call.method, "UpdateShopSettings");
  EXPECT_EQ(call.csrf, kFakeCsrf);

  const HttpResponse page = Send("GET", "/panel/shops/7?saved=1", WithSession());
  EXPECT_THAT(page.body, HasSubstr("Zapisano dane."));
}

TEST_F(PanelServerTest, AnInvalidSettingIsExplainedNextToItsFieldAndTheEntriesKept) {
  const HttpResponse response =
      Send("POST", "/panel/shops/7/settings", WithSession(kForm),
           absl::StrCat("csrf=", kFakeCsrf,
                        "&invitation_delay_days=91&trigger=ids&status_ids=7%2C+12"
                        "&sender_name=Kowalski+%26+Syn&language=en&reminder_days=0"));
  EXPECT_EQ(response.status, 422);
  EXPECT_THAT(response.body, HasSubstr("id=\"invitation_delay_days-error\""));
  EXPECT_THAT(response.body, HasSubstr("Nie zapisano: podaj liczbę dni od 0 do 90."));
  EXPECT_THAT(response.body, HasSubstr("value=\"91\""));
  EXPECT_THAT(response.body, HasSubstr("value=\"7, 12\""));
  EXPECT_THAT(response.body, HasSubstr("value=\"Kowalski &amp; Syn\""));
  EXPECT_THAT(response.body, HasSubstr("<option value=\"en\" selected>"));
}

TEST_F(PanelServerTest, AFormWithoutItsCsrfTokenIsRefused) {
  const HttpResponse response = Send("POST", "/panel/shops/7/settings", WithSession(kForm),
                                     "invitation_delay_days=3&trigger=type&reminder_days=0");
  EXPECT_EQ(response.status, 403);
}

TEST_F(PanelServerTest, TheShoperPageShowsTheUrlToPasteAndEscapesDeliveries) {
  const HttpResponse masked = Send("GET", "/panel/shops/7/shoper", WithSession());
  EXPECT_EQ(masked.status, 200) << masked.body;
  EXPECT_THAT(masked.body, Not(HasSubstr(kFakeKey)));
  EXPECT_THAT(masked.body, HasSubstr("order.status"));
  EXPECT_THAT(masked.body, HasSubstr("&lt;b&gt;1043&lt;/b&gt;"));
  // The reason in Polish, from its code: the core's English words stay out.
  EXPECT_THAT(masked.body, HasSubstr("pominięte: status 2 nie uruchamia zaproszeń"));
  EXPECT_THAT(masked.body, Not(HasSubstr("not a trigger")));
  EXPECT_THAT(masked.body,
              HasSubstr("<td class=\"key-used\" data-key=\"previous\">poprzedni</td>"));

  const HttpResponse shown = Send("GET", "/panel/shops/7/shoper?key=show", WithSession());
  EXPECT_THAT(shown.body, HasSubstr(absl::StrCat("https://opinus.example/api/", kFakeKey)));
}

TEST_F(PanelServerTest, TheDashboardIsTheFirstTabInBothLanguagesAndTheShopsListLinksToIt) {
  const HttpResponse pl = Send("GET", "/panel/shops/7/dashboard", WithSession());
  EXPECT_EQ(pl.status, 200) << pl.body;
  EXPECT_THAT(pl.body, HasSubstr("<h1>Podsumowanie</h1>"));
  EXPECT_THAT(pl.body, HasSubstr("<nav class=\"shop-nav\" aria-label=\"Sklep\">\n"
                                 "<a href=\"/panel/shops/7/dashboard\" aria-current=\"page\">"));
  EXPECT_THAT(pl.body, HasSubstr("id=\"webhooks-7d\">1<"));
  EXPECT_THAT(pl.body, HasSubstr("id=\"last-webhook\">11.05.2024 11:12<"));
  EXPECT_THAT(pl.body, HasSubstr("Europe/Warsaw"));
  EXPECT_EQ(core_.Calls().back().method, "GetShopDashboard");

  Headers english = {{"Cookie", absl::StrCat("opinus_session=", kFakeSession, "; opinus_lang=en")}};
  const HttpResponse en = Send("GET", "/panel/shops/7/dashboard", english);
  EXPECT_EQ(en.status, 200) << en.body;
  EXPECT_THAT(en.body, HasSubstr("<h1>Summary</h1>"));
  EXPECT_THAT(en.body, HasSubstr("id=\"last-webhook\">2024-05-11 11:12<"));

  EXPECT_EQ(Send("GET", "/panel/shops/8/dashboard", WithSession()).status, 404);

  const HttpResponse list = Send("GET", "/panel", WithSession());
  EXPECT_THAT(list.body, HasSubstr("<a href=\"/panel/shops/7/dashboard\">"));
  EXPECT_THAT(list.body, HasSubstr("<td class=\"shop-state\">czeka na zatwierdzenie przez "
                                   "operatora</td><td class=\"last-webhook\">11.05.2024 11:12 "
                                   "(Europe/Warsaw)</td>"));
}

TEST_F(PanelServerTest, TooManyLoginAttemptsAre429WithRetryAfter) {
  const HttpResponse response =
      Send("POST", "/panel/login", kForm, "email=owner%40example.com&password=rate-limited");
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.headers.at("retry-after"), "42");
}

TEST_F(PanelServerTest, AnotherSitesFormOrCallIs403WithoutACall) {
  Headers cross_site = kForm;
  cross_site.emplace_back("Origin", "https://evil.example");
  const HttpResponse log_in = Send("POST", "/panel/login", cross_site,
                                   "email=owner%40example.com&password=long+enough+password");
  EXPECT_EQ(log_in.status, 403);
  EXPECT_EQ(log_in.headers.count("set-cookie"), 0u);
  const HttpResponse api = Send("PATCH", "/v1/shops/7/settings",
                                {{"Origin", "https://evil.example"},
                                 {"Authorization", absl::StrCat("Bearer ", kFakeAccessToken)}},
                                R"({"invitation_delay_days": 3})");
  EXPECT_EQ(api.status, 403);
  EXPECT_TRUE(core_.Calls().empty());

  // The same form from our own pages reaches the core (whose fake knows no
  // password).
  Headers same_site = kForm;
  same_site.emplace_back("Origin", "https://opinus.example");
  Send("POST", "/panel/login", same_site,
       "email=owner%40example.com&password=long+enough+password");
  ASSERT_EQ(core_.Calls().size(), 1u);
  EXPECT_EQ(core_.Calls()[0].method, "LogIn");
}

// The request that once aborted the gateway: a CSRF value gRPC cannot carry
// as metadata. Every such byte, in the form field, the header and the session
// cookie, is treated as no credential at all and never reaches the core.
TEST_F(PanelServerTest, ACredentialThatIsNotWellFormedIsTreatedAsAbsent) {
  // The fake core has no LogOut: a call that reaches it is 501. Before, the
  // gateway aborted on the first such request and every later one failed.
  auto answered = [](int status) { return status > 0 && (status < 500 || status == 501); };
  for (int byte = 0; byte < 256; ++byte) {
    if (byte >= 0x21 && byte <= 0x7e) continue;
    const std::string hex = absl::StrCat(absl::Hex(byte, absl::kZeroPad2));
    Headers headers = WithSession(kForm);
    headers.emplace_back("Origin", "https://opinus.example");
    const HttpResponse form = Send("POST", "/panel/logout", headers, absl::StrCat("csrf=%", hex));
    EXPECT_TRUE(answered(form.status)) << hex << ": " << form.status;

    if (byte != '\r' && byte != '\n') {
      headers.emplace_back("X-CSRF-Token", absl::StrCat("x", std::string(1, char(byte)), "y"));
      EXPECT_TRUE(answered(Send("POST", "/panel/logout", headers).status)) << hex;
      const HttpResponse cookie =
          Send("GET", "/panel",
               {{"Cookie", absl::StrCat("opinus_session=x", std::string(1, char(byte)), "y")}});
      EXPECT_TRUE(answered(cookie.status)) << hex;
    }
  }
  for (const RecordedCall& call : core_.Calls()) {
    EXPECT_TRUE(call.owner.empty() || IsWellFormedToken(call.owner)) << call.method;
    EXPECT_TRUE(call.csrf.empty() || IsWellFormedToken(call.csrf)) << call.method;
  }
  EXPECT_EQ(Send("GET", "/healthz", {}).status, 200);
}

// A cancelled, a suppressed and a failed invitation: the Polish page words
// each reason from its code, none of the core's English sentences shows, and
// the mail server's answer stays as it came, in the tooltip.
TEST_F(PanelServerTest, ThePolishInvitationsPageShowsNoEnglishSentence) {
  const HttpResponse pl = Send("GET", "/panel/shops/7/invitations", WithSession());
  ASSERT_EQ(pl.status, 200) << pl.body;
  for (const char* english : {kFakeCancelledReason, kFakeSuppressedReason, kFakeFailedReason,
                              "cancelled by", "asked not to be mailed", "refused by"}) {
    EXPECT_THAT(pl.body, Not(HasSubstr(english)));
  }
  EXPECT_THAT(pl.body, HasSubstr("anulowane: na prośbę właściciela sklepu"));
  EXPECT_THAT(pl.body, HasSubstr("adres poprosił, by ten sklep do niego nie pisał "
                                 "(rezygnacja jednym kliknięciem, 15.05.2024 09:12)"));
  EXPECT_THAT(pl.body, HasSubstr("serwer pocztowy odrzucił na stałe zaproszenie"));
  EXPECT_THAT(pl.body, HasSubstr("title=\"550 5.1.1 &lt;jan@example.com&gt;: User unknown\""));
  EXPECT_THAT(pl.body, HasSubstr("data-reason=\"INVITATION_REASON_REFUSED\""));

  const HttpResponse en =
      Send("GET", "/panel/shops/7/invitations",
           {{"Cookie", absl::StrCat("opinus_session=", kFakeSession, "; opinus_lang=en")}});
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_THAT(en.body, HasSubstr("cancelled: at the shop owner&#39;s request"));
  EXPECT_THAT(en.body, HasSubstr("the mail server refused the invitation for good"));
}

TEST_F(PanelServerTest, TheLanguageCookieSwitchesThePanelToEnglish) {
  const HttpResponse set = Send("GET", "/panel/language/en", {});
  EXPECT_EQ(set.status, 303);
  EXPECT_THAT(set.headers.at("set-cookie"), HasSubstr("opinus_lang=en;"));
  const HttpResponse page = Send("GET", "/panel/login", {{"Cookie", "opinus_lang=en"}});
  EXPECT_THAT(page.body, HasSubstr("Log in to Opinus"));
}

TEST_F(PanelServerTest, ApiCallsWithoutACredentialAre401WithoutACall) {
  const HttpResponse response = Send("GET", "/v1/shops", {});
  EXPECT_EQ(response.status, 401);
  EXPECT_TRUE(nlohmann::json::accept(response.body));
  EXPECT_TRUE(core_.Calls().empty());
}

TEST_F(PanelServerTest, ApiCallsWithABearerTokenActForItsOwnerInSnakeCaseJson) {
  const HttpResponse response =
      Send("GET", "/v1/shops/7", {{"Authorization", absl::StrCat("Bearer ", kFakeAccessToken)}});
  EXPECT_EQ(response.status, 200) << response.body;
  const nlohmann::json shop = nlohmann::json::parse(response.body);
  EXPECT_EQ(shop.at("webhook_key"), kFakeKey);
  EXPECT_EQ(shop.at("settings").at("invitation_delay_days"), 7);
  EXPECT_EQ(core_.Calls().back().owner, kFakeAccessToken);
  EXPECT_EQ(response.headers.at("cache-control"), "no-store");
}

TEST_F(PanelServerTest, ApiEndsTheKeyGraceForTheTokensOwner) {
  const Headers bearer = {{"Authorization", absl::StrCat("Bearer ", kFakeAccessToken)}};
  EXPECT_EQ(
      nlohmann::json::parse(Send("GET", "/v1/shops/7", bearer).body).at("previous_webhook_key"),
      kFakePreviousKey);
  const HttpResponse response = Send("POST", "/v1/shops/7/end_key_grace", bearer);
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(nlohmann::json::parse(response.body).at("previous_webhook_key"), "");
  EXPECT_EQ(core_.Calls().back().method, "EndKeyRotationGrace");
  EXPECT_EQ(core_.Calls().back().owner, kFakeAccessToken);
  EXPECT_EQ(Send("POST", "/v1/shops/8/end_key_grace", bearer).status, 404);
}

TEST_F(PanelServerTest, ApiErrorsNameTheFieldAndAnotherOwnersShopIs404) {
  const Headers bearer = {{"Authorization", absl::StrCat("Bearer ", kFakeAccessToken)},
                          {"Content-Type", "application/json"}};
  const HttpResponse invalid =
      Send("PATCH", "/v1/shops/7/settings", bearer, R"({"invitation_delay_days": 91})");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(nlohmann::json::parse(invalid.body).at("field"), "invitation_delay_days");

  const HttpResponse other = Send("GET", "/v1/shops/8", bearer);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.body, R"({"error":"not found"})");
}

TEST_F(PanelServerTest, ApiChangesWithTheSessionCookieSendTheCsrfHeader) {
  Headers headers = WithSession({{"Content-Type", "application/json"}});
  headers.emplace_back("X-CSRF-Token", kFakeCsrf);
  const HttpResponse response =
      Send("PATCH", "/v1/shops/7/settings", headers, R"({"invitation_delay_days": 3})");
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(core_.Calls().back().csrf, kFakeCsrf);
}

TEST_F(PanelServerTest, TheOpenApiDocumentDescribesEveryV1Route) {
  const HttpResponse response = Send("GET", "/v1/openapi.json", {});
  EXPECT_EQ(response.status, 200);
  const nlohmann::json document = nlohmann::json::parse(response.body);
  EXPECT_EQ(document.at("openapi"), "3.0.3");
  for (const char* path : {"/v1/accounts", "/v1/session", "/v1/access_tokens",
                           "/v1/access_tokens/{token}", "/v1/shops", "/v1/shops/{shop}",
                           "/v1/shops/{shop}/rotate_key", "/v1/shops/{shop}/end_key_grace",
                           "/v1/shops/{shop}/settings", "/v1/shops/{shop}/order_events",
                           "/v1/shops/{shop}/invitations", "/v1/invitations/{invitation}/cancel",
                           "/v1/invitations/{invitation}/resend", "/v1/shops/{shop}/opinions",
                           "/v1/shops/{shop}/opinions/{opinion}/reply", "/v1/openapi.json"}) {
    EXPECT_TRUE(document.at("paths").contains(path)) << path;
  }
}

TEST_F(PanelServerTest, ThePanelScriptIsServed) {
  const HttpResponse response = Send("GET", "/panel/panel.js", {});
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, HasSubstr("navigator.clipboard.writeText"));
}

}  // namespace
}  // namespace opinus::gateway
