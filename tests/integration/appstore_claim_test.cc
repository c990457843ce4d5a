// The app's page in the shop's admin panel (GET /shoper/app) and its
// one-time claim link, through real processes, MariaDB and the stand-in
// Shoper on loopback: a bad signature gets 401 and no link; a signed request
// shows the state and a link, framable only by the installation's shop; the
// link attaches the shop to a new owner through the panel's sign-up; it works
// once and for 24 hours; of two owners claiming at once, one wins.
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/integration/appstore_fixture.h"
#include "tests/integration/child_process.h"

namespace opinus::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kPassword[] = "correct horse battery staple";

class AppStoreClaimTest : public AppStoreConnectTest {
 protected:
  void SetUp() override {
    AppStoreConnectTest::SetUp();
    Install(kAuthCode);
    ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
    shop_id_ = std::stoll(Shops("id"));
  }

  // AdminPath returns the app page's path with its query signed with
  // `secret`, sent `sent`, and `extra` fields.
  static std::string AdminPath(const std::string& secret = kSecret, absl::Time sent = absl::Now(),
                               Fields extra = {}) {
    Fields fields = {{"shop", "40123"},
                     {"place", "app"},
                     {"translations", "pl_PL"},
                     {"timestamp", absl::StrCat(absl::ToUnixSeconds(sent))}};
    fields.insert(extra.begin(), extra.end());
    return absl::StrCat("/shoper/app?", FormEncode(Signed(fields, secret)));
  }

  HttpResponse Send(const std::string& method, const std::string& path,
                    std::vector<std::pair<std::string, std::string>> headers = {},
                    const std::string& body = "") {
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(static_cast<uint16_t>(http_port_), method, path, headers, body);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpResponse{};
  }

  // ClaimToken returns the token of the link on the admin page `body`.
  static std::string ClaimToken(const std::string& body) {
    const std::string marker = "/panel/claim/";
    const size_t at = body.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    return body.substr(start, body.find('"', start) - start);
  }

  // NewLink opens the admin page and returns its link's token.
  std::string NewLink() {
    HttpResponse page = Send("GET", AdminPath());
    EXPECT_EQ(page.status, 200) << page.body;
    return ClaimToken(page.body);
  }

  // SignUp makes an owner through the API; returns their session cookie
  // and CSRF token.
  std::pair<std::string, std::string> SignUp(const std::string& email) {
    const HttpResponse response =
        Send("POST", "/v1/accounts", {{"Content-Type", "application/json"}},
             absl::StrCat(R"({"email": ")", email, R"(", "password": ")", kPassword, R"("})"));
    EXPECT_EQ(response.status, 200) << response.body;
    std::string cookie =
        response.headers.count("set-cookie") ? response.headers.at("set-cookie") : std::string();
    const std::string& body = response.body;
    const size_t at = body.find("\"csrf_token\":\"");
    const size_t start = at == std::string::npos ? 0 : at + 14;
    return {cookie.substr(0, cookie.find(';')),
            at == std::string::npos ? "" : body.substr(start, body.find('"', start) - start)};
  }

  HttpResponse Claim(const std::string& token, const std::pair<std::string, std::string>& owner) {
    return Send("POST", absl::StrCat("/panel/claim/", token),
                {{"Cookie", owner.first}, {"Content-Type", "application/x-www-form-urlencoded"}},
                FormEncode({{"csrf", owner.second}}));
  }

  long long OwnerOfShop() {
    return database_->QueryInt(
        absl::StrCat("SELECT COALESCE(owner_id, 0) FROM shops WHERE id = ", shop_id_));
  }

  long long OwnerId(const std::string& email) {
    return database_->QueryInt(absl::StrCat("SELECT id FROM owners WHERE email = '", email, "'"));
  }

  long long shop_id_ = 0;
};

TEST_F(AppStoreClaimTest, ABadOrStaleSignatureGets401AndNoLink) {
  for (const std::string& path :
       {AdminPath("another-secret"), AdminPath(kSecret, absl::Now() - absl::Hours(1)),
        std::string("/shoper/app?shop=40123&place=app&timestamp=1")}) {
    HttpResponse page = Send("GET", path);
    EXPECT_EQ(page.status, 401) << path << page.body;
    EXPECT_EQ(page.body.find("/panel/claim/"), std::string::npos) << page.body;
    EXPECT_EQ(page.headers["x-frame-options"], "DENY");
  }
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_claim_links"), 0);
}

TEST_F(AppStoreClaimTest, ASignedRequestShowsTheStateAndALinkFramedOnlyByTheShop) {
  // A field signed along that names another site changes nothing: the
  // framing site comes from the installation the core keeps.
  HttpResponse page =
      Send("GET", AdminPath(kSecret, absl::Now(), {{"shop_url", "https://evil.example"}}));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Połączono"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find(Shops("name")), std::string::npos);
  const std::string token = ClaimToken(page.body);
  EXPECT_EQ(token.size(), 32u) << page.body;
  const std::string origin = shoper_->url().substr(0, shoper_->url().find('/', 8));
  EXPECT_NE(
      page.headers["content-security-policy"].find(absl::StrCat("frame-ancestors ", origin, ";")),
      std::string::npos)
      << page.headers["content-security-policy"];
  EXPECT_EQ(page.headers["content-security-policy"].find("evil"), std::string::npos);
  EXPECT_EQ(page.headers.count("x-frame-options"), 0u);
  // Only the token's hash is kept, and a second showing replaces the link.
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_claim_links"), 1);
  EXPECT_EQ(database_->QueryInt("SELECT LENGTH(token_hash) FROM app_claim_links"), 32);
  const std::string second = NewLink();
  EXPECT_NE(second, token);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_claim_links"), 1);
  EXPECT_EQ(Send("GET", absl::StrCat("/panel/claim/", token)).status, 404);
  EXPECT_EQ(Send("GET", absl::StrCat("/panel/claim/", second)).status, 200);
  // Every other page still refuses to be framed.
  HttpResponse login = Send("GET", "/panel/login");
  EXPECT_EQ(login.headers["x-frame-options"], "DENY");
  EXPECT_NE(login.headers["content-security-policy"].find("frame-ancestors 'none'"),
            std::string::npos);
  ExpectNoSecretInLogs({token, second});
}

TEST_F(AppStoreClaimTest, TheLinkAttachesTheShopToANewOwnerOnce) {
  const std::string token = NewLink();
  ASSERT_FALSE(token.empty());
  const std::string link = absl::StrCat("/panel/claim/", token);
  const HttpResponse shown = Send("GET", link);
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find(absl::StrCat("/panel/signup?claim=", token)), std::string::npos)
      << shown.body;

  // The sign-up form carries the token and comes back to the link.
  const HttpResponse form = Send("GET", absl::StrCat("/panel/signup?claim=", token));
  EXPECT_NE(form.body.find(absl::StrCat("name=\"claim\" value=\"", token, "\"")), std::string::npos)
      << form.body;
  const HttpResponse signed_up =
      Send("POST", "/panel/signup", {{"Content-Type", "application/x-www-form-urlencoded"}},
           FormEncode({{"email", "nowy@example.com"}, {"password", kPassword}, {"claim", token}}));
  ASSERT_EQ(signed_up.status, 303) << signed_up.body;
  EXPECT_EQ(signed_up.headers.at("location"), link);
  const std::string cookie =
      signed_up.headers.at("set-cookie").substr(0, signed_up.headers.at("set-cookie").find(';'));

  const HttpResponse confirm = Send("GET", link, {{"Cookie", cookie}});
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t at = confirm.body.find(marker);
  ASSERT_NE(at, std::string::npos) << confirm.body;
  const size_t start = at + marker.size();
  const std::string csrf = confirm.body.substr(start, confirm.body.find('"', start) - start);
  EXPECT_EQ(OwnerOfShop(), 0);

  // Without the form's token nothing happens.
  EXPECT_EQ(Claim(token, {cookie, "forged"}).status, 403);
  EXPECT_EQ(OwnerOfShop(), 0);

  const HttpResponse claimed = Claim(token, {cookie, csrf});
  ASSERT_EQ(claimed.status, 303) << claimed.body;
  EXPECT_EQ(claimed.headers.at("location"), absl::StrCat("/panel/shops/", shop_id_));
  EXPECT_EQ(OwnerOfShop(), OwnerId("nowy@example.com"));
  EXPECT_EQ(Shops("owner_email"), "nowy@example.com");
  const HttpResponse shops = Send("GET", "/panel", {{"Cookie", cookie}});
  EXPECT_NE(shops.body.find(absl::StrCat("/panel/shops/", shop_id_)), std::string::npos)
      << shops.body;
  EXPECT_EQ(Send("GET", absl::StrCat("/panel/shops/", shop_id_), {{"Cookie", cookie}}).status, 200);

  // A second use is refused, by the owner as by anyone else.
  const HttpResponse again = Claim(token, {cookie, csrf});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("już użyty"), std::string::npos) << again.body;
  const std::pair<std::string, std::string> other = SignUp("inny@example.com");
  EXPECT_EQ(Claim(token, other).status, 409);
  EXPECT_EQ(OwnerOfShop(), OwnerId("nowy@example.com"));

  // The app's page now says the shop has an owner, and gives no link.
  HttpResponse page = Send("GET", AdminPath());
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(ClaimToken(page.body), "");
  EXPECT_NE(page.body.find("przypisany do konta"), std::string::npos) << page.body;
  ExpectNoSecretInLogs({token});
}

TEST_F(AppStoreClaimTest, AnExpiredLinkIsRefused) {
  const std::string token = NewLink();
  database_->Execute("UPDATE app_claim_links SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE");
  const std::string link = absl::StrCat("/panel/claim/", token);
  const HttpResponse shown = Send("GET", link);
  EXPECT_EQ(shown.status, 410);
  EXPECT_NE(shown.body.find("wygasł"), std::string::npos) << shown.body;
  const HttpResponse claimed = Claim(token, SignUp("spozniony@example.com"));
  EXPECT_EQ(claimed.status, 410) << claimed.body;
  EXPECT_EQ(OwnerOfShop(), 0);
  // A new showing of the app's page gives a link that works.
  const std::string fresh = NewLink();
  EXPECT_EQ(Send("GET", absl::StrCat("/panel/claim/", fresh)).status, 200);
}

TEST_F(AppStoreClaimTest, OfTwoOwnersClaimingAtOnceOneWins) {
  const std::pair<std::string, std::string> first = SignUp("pierwszy@example.com");
  const std::pair<std::string, std::string> second = SignUp("drugi@example.com");
  for (int round = 0; round < 5; ++round) {
    database_->Execute(absl::StrCat("UPDATE shops SET owner_id = NULL WHERE id = ", shop_id_));
    const std::string token = NewLink();
    ASSERT_FALSE(token.empty());
    int statuses[2] = {0, 0};
    std::thread a([&] { statuses[0] = Claim(token, first).status; });
    std::thread b([&] { statuses[1] = Claim(token, second).status; });
    a.join();
    b.join();
    const int winner = statuses[0] == 303 ? 0 : 1;
    EXPECT_EQ(statuses[winner], 303) << round;
    EXPECT_EQ(statuses[1 - winner], 409) << round;
    EXPECT_EQ(OwnerOfShop(), OwnerId(winner == 0 ? "pierwszy@example.com" : "drugi@example.com"));
    EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_claim_links WHERE used_at IS NOT NULL"),
              1);
  }
}

// The whole way in Debian's Chromium (tests/browser/claim_flow.mjs): the
// app's page as Shoper frames it, its link, sign-up, the claim, the shop in
// the panel; axe on each new page.
TEST_F(AppStoreClaimTest, ANewOwnerClaimsInARealBrowser) {
  const fs::path screenshots = fs::path(OPINUS_ARTIFACT_DIR) / "browser";
  fs::create_directories(screenshots);
  CommandResult browser = RunCommand(
      {"/usr/bin/env", "node", absl::StrCat(OPINUS_BROWSER_DIR, "/claim_flow.mjs"),
       absl::StrCat("http://127.0.0.1:", http_port_), AdminPath(), "przegladarka@example.com",
       kPassword, absl::StrCat(shop_id_), screenshots.string()},
      absl::Seconds(120));
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err << gateway_->Log();
  EXPECT_NE(browser.out.find("all checks held"), std::string::npos) << browser.out;
  EXPECT_EQ(OwnerOfShop(), OwnerId("przegladarka@example.com"));
}

}  // namespace
}  // namespace opinus::testing
