// SequenceKeyGenerator: a KeyGenerator whose keys a test can predict.
#ifndef OPINUS_TESTS_UNIT_SERVER_SEQUENCE_KEY_GENERATOR_H_
#define OPINUS_TESTS_UNIT_SERVER_SEQUENCE_KEY_GENERATOR_H_

#include <deque>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "server/domain/key_generator.h"

namespace opinus::server {

// SequenceKeyGenerator hands out the keys queued with Queue() first, then
// "TESTKEY0000000000001", "TESTKEY0000000000002", ... Thread-safe.
class SequenceKeyGenerator final : public KeyGenerator {
 public:
  // KeyNumber returns the n-th key of the sequence (n from 1).
  static std::string KeyNumber(int n) { return absl::StrFormat("TESTKEY%013d", n); }

  std::string NewKey() override {
    absl::MutexLock lock(&mutex_);
    if (!queued_.empty()) {
      std::string key = queued_.front();
      queued_.pop_front();
      return key;
    }
    return KeyNumber(++next_);
  }

  // Queue makes `key` come out before the sequence continues.
  void Queue(const std::string& key) {
    absl::MutexLock lock(&mutex_);
    queued_.push_back(key);
  }

 private:
  absl::Mutex mutex_;
  std::deque<std::string> queued_ ABSL_GUARDED_BY(mutex_);
  int next_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_TESTS_UNIT_SERVER_SEQUENCE_KEY_GENERATOR_H_
