// The cookies of the owner's panel: the session cookie, which carries the
// core's session token, and the language cookie.
#ifndef OPINUS_GATEWAY_OWNER_SESSION_COOKIE_H_
#define OPINUS_GATEWAY_OWNER_SESSION_COOKIE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::gateway {

// The cookie that holds the owner's session token.
inline constexpr char kSessionCookie[] = "opinus_session";
// The cookie that holds the panel's language, "pl" or "en".
inline constexpr char kLanguageCookie[] = "opinus_lang";

// SecureCookies returns whether the panel's cookies need the Secure
// attribute: when browsers reach the gateway over HTTPS (`public_url`).
bool SecureCookies(absl::string_view public_url);

// SessionCookie returns the Set-Cookie value that keeps `token` in the
// browser until `expire` (counted from `now`): HttpOnly (no script reads it),
// SameSite=Lax (no other site's form or fetch sends it), Path=/, and Secure
// when `secure` (the gateway is reached over HTTPS).
std::string SessionCookie(absl::string_view token, absl::Time expire, absl::Time now, bool secure);

// ClearedSessionCookie returns the Set-Cookie value that removes the session
// cookie, with the same attributes.
std::string ClearedSessionCookie(bool secure);

// LanguageCookie returns the Set-Cookie value that keeps the panel in
// `language` ("en", else "pl") for a year.
std::string LanguageCookie(absl::string_view language, bool secure);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_OWNER_SESSION_COOKIE_H_
