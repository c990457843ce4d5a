#include "server/domain/webhook_signature.h"

#include <openssl/sha.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/secrets.h"

namespace opinus::server {

std::string ShoperSignature(absl::string_view webhook_id, absl::string_view secret,
                            absl::string_view body) {
  const std::string signed_text = absl::StrCat(webhook_id, ":", secret, ":", body);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

bool IsValidShoperSignature(const WebhookSignature& signature, absl::string_view secret) {
  if (signature.sha1_hex.empty()) return false;
  const std::string expected = ShoperSignature(signature.webhook_id, secret, signature.body);
  // Header values may come in upper case; the digest itself is not secret.
  return ConstantTimeEquals(expected, absl::AsciiStrToLower(signature.sha1_hex));
}

}  // namespace opinus::server
