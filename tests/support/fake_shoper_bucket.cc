#include "tests/support/fake_shoper_bucket.h"

#include <algorithm>
#include <cmath>

namespace opinus::testing {
namespace {

constexpr double kBucket = 10;
constexpr double kDrainPerSecond = 2;

}  // namespace

int FakeShoperBucket::Admit(absl::Time now) {
  if (refuse_next_ > 0) {
    --refuse_next_;
    return refuse_retry_after_;
  }
  if (last_ != absl::InfinitePast()) {
    level_ = std::max(0.0, level_ - absl::ToDoubleSeconds(now - last_) * kDrainPerSecond);
  }
  last_ = now;
  if (level_ + 1 > kBucket) {
    return std::max(1, static_cast<int>(std::ceil((level_ + 1 - kBucket) / kDrainPerSecond)));
  }
  level_ += 1;
  return 0;
}

void FakeShoperBucket::RefuseNext(int count, int retry_after_seconds) {
  refuse_next_ = count;
  refuse_retry_after_ = retry_after_seconds;
}

}  // namespace opinus::testing
