#include "gateway/http/request_id.h"

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"

namespace opinus::gateway {

std::string NewRequestId() {
  // One generator per thread: no lock on the request path.
  thread_local absl::BitGen generator;
  return absl::StrCat(absl::Hex(absl::Uniform<uint64_t>(generator), absl::kZeroPad16));
}

}  // namespace opinus::gateway
