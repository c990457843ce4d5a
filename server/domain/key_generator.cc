#include "server/domain/key_generator.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>

namespace opinus::server {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr int kAlphabetSize = 62;

void FillRandom(unsigned char* buffer, size_t size) {
  size_t filled = 0;
  while (filled < size) {
    ssize_t n = getrandom(buffer + filled, size - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    // Without the kernel's randomness no key may be made at all.
    if (n < 0) std::abort();
    filled += static_cast<size_t>(n);
  }
}

}  // namespace

std::string RandomKeyGenerator::NewKey() {
  std::string key;
  key.reserve(kWebhookKeyLength);
  unsigned char bytes[32];
  while (key.size() < kWebhookKeyLength) {
    FillRandom(bytes, sizeof(bytes));
    for (unsigned char byte : bytes) {
      // 248 = 4 * 62: bytes at or above it would favour the first letters.
      if (byte >= 248) continue;
      key.push_back(kAlphabet[byte % kAlphabetSize]);
      if (key.size() == kWebhookKeyLength) break;
    }
  }
  return key;
}

}  // namespace opinus::server
