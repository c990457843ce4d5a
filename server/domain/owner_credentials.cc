#include "server/domain/owner_credentials.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/secrets.h"
#include "server/domain/digest.h"

namespace opinus::server {

bool IsAccessTokenSecret(absl::string_view credential) {
  return absl::StartsWith(credential, kAccessTokenPrefix);
}

std::string CredentialHash(absl::string_view credential) { return Sha256(credential); }

std::string CsrfTokenFor(absl::string_view session_token) {
  // The label keeps this digest apart from CredentialHash of the same token.
  static constexpr absl::string_view kLabel("opinus-csrf\0", 12);
  return absl::WebSafeBase64Escape(Sha256(absl::StrCat(kLabel, session_token)));
}

bool CsrfTokenMatches(absl::string_view session_token, absl::string_view csrf_token) {
  return ConstantTimeEquals(CsrfTokenFor(session_token), csrf_token);
}

}  // namespace opinus::server
