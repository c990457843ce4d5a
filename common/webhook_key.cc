#include "common/webhook_key.h"

#include "absl/strings/ascii.h"

namespace opinus {

bool IsWellFormedWebhookKey(absl::string_view key) {
  if (key.size() != kWebhookKeyLength) return false;
  for (char c : key) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace opinus
