// PasswordHasher: how owners' passwords are turned into stored hashes and
// checked against them.
#ifndef OPINUS_SERVER_DOMAIN_PASSWORD_HASHER_H_
#define OPINUS_SERVER_DOMAIN_PASSWORD_HASHER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus::server {

// PasswordHasher hashes and verifies passwords. Implementations are thread-safe.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;

  // Hash returns a self-describing hash of `password` with a fresh salt;
  // RESOURCE_EXHAUSTED when the memory it needs cannot be had.
  virtual absl::StatusOr<std::string> Hash(absl::string_view password) const = 0;

  // Verify returns whether `password` matches `hash` (false for a malformed hash).
  virtual bool Verify(absl::string_view hash, absl::string_view password) const = 0;
};

// How much work one Argon2id hash costs.
struct Argon2idCost {
  unsigned long long ops;
  size_t memory_bytes;
};

// kInteractiveCost is libsodium's INTERACTIVE limits (2 passes, 64 MiB);
// kTestCost is its minimum, for unit tests only.
extern const Argon2idCost kInteractiveCost;
extern const Argon2idCost kTestCost;

// Argon2idPasswordHasher uses libsodium's crypto_pwhash_str (Argon2id13).
class Argon2idPasswordHasher final : public PasswordHasher {
 public:
  explicit Argon2idPasswordHasher(Argon2idCost cost);

  absl::StatusOr<std::string> Hash(absl::string_view password) const override;
  bool Verify(absl::string_view hash, absl::string_view password) const override;

 private:
  Argon2idCost cost_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_PASSWORD_HASHER_H_
