// KeyGenerator: where shops' webhook keys come from.
#ifndef OPINUS_SERVER_DOMAIN_KEY_GENERATOR_H_
#define OPINUS_SERVER_DOMAIN_KEY_GENERATOR_H_

#include <string>

#include "common/webhook_key.h"

namespace opinus::server {

// KeyGenerator makes webhook keys. Implementations are thread-safe.
class KeyGenerator {
 public:
  virtual ~KeyGenerator() = default;
  // NewKey returns a fresh key of kWebhookKeyLength ASCII letters and digits.
  virtual std::string NewKey() = 0;
};

// RandomKeyGenerator draws keys from the kernel's CSPRNG (getrandom), without
// modulo bias: 62^20 keys, about 119 bits.
class RandomKeyGenerator final : public KeyGenerator {
 public:
  std::string NewKey() override;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_KEY_GENERATOR_H_
