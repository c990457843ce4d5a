// Sha256: the digest under which secrets mailed in links (tokens) are kept;
// HmacSha256: the keyed hash addresses are kept under (AddressHasher);
// HmacSha512: the MAC Shoper's App Store signs its callbacks with.
#ifndef OPINUS_SERVER_DOMAIN_DIGEST_H_
#define OPINUS_SERVER_DOMAIN_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opinus::server {

// Sha256 returns the 32-byte SHA-256 digest of `data` (OpenSSL).
std::string Sha256(absl::string_view data);

// HmacSha256 returns the 32-byte HMAC-SHA256 of `data` keyed with `key`.
std::string HmacSha256(absl::string_view key, absl::string_view data);

// HmacSha512 returns the 64-byte HMAC-SHA512 of `data` keyed with `key`.
std::string HmacSha512(absl::string_view key, absl::string_view data);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_DIGEST_H_
