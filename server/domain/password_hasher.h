// PasswordHasher: how owners' passwords are turned into stored hashes and
// checked against them.
#ifndef OPINUS_SERVER_DOMAIN_PASSWORD_HASHER_H_
#define OPINUS_SERVER_DOMAIN_PASSWORD_HASHER_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

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
// Each hash or check holds `cost.memory_bytes` while it runs, so at most
// `max_concurrent` run at once and the rest wait: a burst of log-ins cannot
// take the server's memory.
class Argon2idPasswordHasher final : public PasswordHasher {
 public:
  Argon2idPasswordHasher(Argon2idCost cost, int max_concurrent);

  absl::StatusOr<std::string> Hash(absl::string_view password) const override;
  bool Verify(absl::string_view hash, absl::string_view password) const override;

 private:
  // Slot holds one of the `max_concurrent` places for its lifetime.
  class Slot;

  const Argon2idCost cost_;
  const int max_concurrent_;
  mutable absl::Mutex mutex_;
  mutable int running_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_PASSWORD_HASHER_H_
