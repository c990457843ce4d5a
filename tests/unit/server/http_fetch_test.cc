// Tests of HttpFetch's URL check: https anywhere, http only on loopback and
// only when allowed (--shoper_insecure_http), nothing else, and a refused URL
// is never fetched.
#include "server/dispatch/http_fetch.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;

TEST(CheckFetchUrlTest, HttpsAnywhereHttpOnlyOnLoopbackWhenAllowed) {
  for (const char* url :
       {"https://sklep.shoparena.pl/webapi/rest/oauth/token", "HTTPS://sklep.example:8443/x"}) {
    EXPECT_THAT(CheckFetchUrl(url, false), IsOk()) << url;
    EXPECT_THAT(CheckFetchUrl(url, true), IsOk()) << url;
  }
  for (const char* url : {"http://127.0.0.1:8080/webapi", "http://localhost/x",
                          "http://[::1]:9000/x", "http://127.3.2.1"}) {
    EXPECT_THAT(CheckFetchUrl(url, true), IsOk()) << url;
    EXPECT_THAT(CheckFetchUrl(url, false), StatusIs(absl::StatusCode::kInvalidArgument,
                                                    "url: https only (see "
                                                    "--shoper_insecure_http)"))
        << url;
  }
  for (const char* url :
       {"http://sklep.shoparena.pl/webapi", "http://10.0.0.1/x", "http://127.0.0.1.example/x",
        "http://evil.example#@127.0.0.1/", "http://127.0.0.1@evil.example/", "ftp://127.0.0.1/x",
        "file:///etc/passwd", "gopher://127.0.0.1/", "sklep.shoparena.pl", "", "https://"}) {
    EXPECT_THAT(CheckFetchUrl(url, true), StatusIs(absl::StatusCode::kInvalidArgument)) << url;
    EXPECT_THAT(CheckFetchUrl(url, false), StatusIs(absl::StatusCode::kInvalidArgument)) << url;
  }
}

TEST(HttpFetchTest, LoopbackHttpIsNotFetchedUnlessAllowed) {
  FetchRequest request;
  request.url = "http://127.0.0.1:9/never";
  EXPECT_THAT(HttpFetch(request), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(HttpFetchTest, ARefusedUrlIsNeverFetched) {
  FetchRequest request;
  request.url = "http://opinus.example/never";
  EXPECT_THAT(HttpFetch(request), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace opinus::server
