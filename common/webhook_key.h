// The shape of a shop's webhook key, known to the core and the gateway alike.
#ifndef OPINUS_COMMON_WEBHOOK_KEY_H_
#define OPINUS_COMMON_WEBHOOK_KEY_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace opinus {

// The length of every webhook key, as Shoper owners paste it into the URL.
inline constexpr size_t kWebhookKeyLength = 20;

// IsWellFormedWebhookKey returns whether `key` could be a webhook key: exactly
// 20 ASCII letters and digits. Says nothing about whether a shop has it.
bool IsWellFormedWebhookKey(absl::string_view key);

}  // namespace opinus

#endif  // OPINUS_COMMON_WEBHOOK_KEY_H_
