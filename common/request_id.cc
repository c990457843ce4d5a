#include "common/request_id.h"

#include <cstdint>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace opinus {
namespace {

// A pointer to the id in the innermost scope's object: no copy per lookup,
// and no allocation for threads that never set one.
thread_local const std::string* current_id = nullptr;

}  // namespace

std::string NewRequestId() {
  // One generator per thread: no lock on the request path.
  thread_local absl::BitGen generator;
  return absl::StrCat(absl::Hex(absl::Uniform<uint64_t>(generator), absl::kZeroPad16));
}

bool IsValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

absl::string_view CurrentRequestId() {
  return current_id == nullptr ? absl::string_view() : absl::string_view(*current_id);
}

ScopedRequestId::ScopedRequestId(std::string id) : id_(std::move(id)), previous_(current_id) {
  current_id = &id_;
}

ScopedRequestId::~ScopedRequestId() { current_id = previous_; }

}  // namespace opinus
