#include "gateway/owner/session_cookie.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/http/page_language.h"

namespace opinus::gateway {
namespace {

constexpr int64_t kLanguageSeconds = 365 * 24 * 3600;

std::string Attributes(int64_t max_age_seconds, bool secure) {
  return absl::StrCat("; Path=/; Max-Age=", max_age_seconds, "; HttpOnly; SameSite=Lax",
                      secure ? "; Secure" : "");
}

}  // namespace

bool SecureCookies(absl::string_view public_url) {
  return absl::StartsWith(absl::AsciiStrToLower(public_url), "https://");
}

std::string SessionCookie(absl::string_view token, absl::Time expire, absl::Time now, bool secure) {
  // Max-Age rather than Expires: it does not depend on the browser's clock.
  const int64_t seconds = std::max<int64_t>(0, absl::ToInt64Seconds(expire - now));
  return absl::StrCat(kSessionCookie, "=", token, Attributes(seconds, secure));
}

std::string ClearedSessionCookie(bool secure) {
  return absl::StrCat(kSessionCookie, "=", Attributes(0, secure));
}

std::string LanguageCookie(absl::string_view language, bool secure) {
  return absl::StrCat(kLanguageCookie, "=", PageLanguage(language),
                      Attributes(kLanguageSeconds, secure));
}

}  // namespace opinus::gateway
