// IsSameOrigin: whether a browser sent a request from one of our own pages,
// by its Origin header, so another site's page cannot make a logged-in (or
// logging-in) owner's browser change anything.
#ifndef OPINUS_GATEWAY_HTTP_SAME_ORIGIN_H_
#define OPINUS_GATEWAY_HTTP_SAME_ORIGIN_H_

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// IsSameOrigin returns true when `origin` (the Origin header, "" when
// absent) is absent, as from scripts and old browsers, or names the site the
// request was sent to: `host` ("name:port" of the Host header, the port
// always given) or the origin of `public_url`. "null" (a sandboxed or privacy-hiding page) and any
// other site are false. Browsers send Origin with every cross-site POST, so
// this also covers the log-in and sign-up forms, which have no session and
// hence no CSRF token yet.
bool IsSameOrigin(absl::string_view origin, absl::string_view host, absl::string_view public_url);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_SAME_ORIGIN_H_
