// AddressHasher: the keyed hash (HMAC-SHA256 with the server's privacy key)
// under which an e-mail address is kept where the address itself may not be:
// suppression lists, which must outlive a person's erasure, and the record
// of each erasure.
#ifndef OPINUS_SERVER_DOMAIN_ADDRESS_HASHER_H_
#define OPINUS_SERVER_DOMAIN_ADDRESS_HASHER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus::server {

// The shortest privacy key accepted, in bytes.
inline constexpr size_t kMinPrivacyKeyLength = 32;

// AddressHasher hashes addresses under one secret key. Without the key a
// hash cannot be tested against a guessed address, so a leaked table names
// no one. Immutable, so thread-safe.
class AddressHasher {
 public:
  // FromKey returns a hasher for `key`; INVALID_ARGUMENT when it is shorter
  // than kMinPrivacyKeyLength. The message never quotes the key.
  [[nodiscard]] static absl::StatusOr<AddressHasher> FromKey(absl::string_view key);

  // FromKeyFile returns a hasher for the key in the file at `path`: its
  // contents without surrounding whitespace (e.g. `openssl rand -hex 32`).
  // The file's errors (NOT_FOUND, PERMISSION_DENIED...) or INVALID_ARGUMENT
  // naming the path when the key is too short.
  [[nodiscard]] static absl::StatusOr<AddressHasher> FromKeyFile(const std::string& path);

  // Hash returns the 32-byte HMAC-SHA256 of `email` in its normalised form
  // (NormalizeEmail), so that Jan@Example.pl and jan@example.pl hash alike.
  std::string Hash(absl::string_view email) const;

 private:
  explicit AddressHasher(std::string key) : key_(std::move(key)) {}

  std::string key_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_ADDRESS_HASHER_H_
