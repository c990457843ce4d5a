#include "server/domain/password_hasher.h"

#include <sodium.h>

#include <cstdlib>

namespace opinus::server {

const Argon2idCost kInteractiveCost = {crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE};
const Argon2idCost kTestCost = {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};

Argon2idPasswordHasher::Argon2idPasswordHasher(Argon2idCost cost) : cost_(cost) {
  // sodium_init picks the fastest implementation and seeds its generator; a
  // failure leaves no safe way to hash.
  if (sodium_init() < 0) std::abort();
}

absl::StatusOr<std::string> Argon2idPasswordHasher::Hash(absl::string_view password) const {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), cost_.ops, cost_.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("not enough memory to hash a password");
  }
  return std::string(hash);
}

bool Argon2idPasswordHasher::Verify(absl::string_view hash, absl::string_view password) const {
  // crypto_pwhash_str_verify reads a NUL-terminated string.
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace opinus::server
