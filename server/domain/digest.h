// Sha256: the digest under which secrets mailed in links (tokens) are kept.
#ifndef OPINUS_SERVER_DOMAIN_DIGEST_H_
#define OPINUS_SERVER_DOMAIN_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opinus::server {

// Sha256 returns the 32-byte SHA-256 digest of `data` (OpenSSL).
std::string Sha256(absl::string_view data);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_DIGEST_H_
