// The secrets an owner acts with: session tokens, the CSRF tokens derived
// from them, and personal access tokens.
#ifndef OPINUS_SERVER_DOMAIN_OWNER_CREDENTIALS_H_
#define OPINUS_SERVER_DOMAIN_OWNER_CREDENTIALS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opinus::server {

// Every personal access token starts so, and no session token does (one that
// would is drawn again): the prefix tells the core where to look, and tells
// whoever finds a leaked secret what it is.
inline constexpr char kAccessTokenPrefix[] = "opat_";

// IsAccessTokenSecret returns whether `credential` has the access token prefix.
bool IsAccessTokenSecret(absl::string_view credential);

// CredentialHash returns the SHA-256 under which a session or access token is stored.
std::string CredentialHash(absl::string_view credential);

// CsrfTokenFor returns the CSRF token of a session: base64url of
// SHA-256("opinus-csrf\0" + session token). Nothing more is stored, and it
// cannot be computed without the session token.
std::string CsrfTokenFor(absl::string_view session_token);

// CsrfTokenMatches returns whether `csrf_token` is the session's, comparing
// in constant time.
bool CsrfTokenMatches(absl::string_view session_token, absl::string_view csrf_token);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_OWNER_CREDENTIALS_H_
