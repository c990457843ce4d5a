// Makes Debian's abseil locks visible to ThreadSanitizer. libabsl is built
// without it, so TSan never sees absl::Mutex hand memory from one thread to
// the next and reports every access guarded by one as a race (tried: two
// threads incrementing an int under absl::MutexLock). Preloaded into the
// processes of a TSan run (LD_PRELOAD), this library takes the place of the
// locking calls, runs the real ones, and tells TSan about the acquire or
// release. It is built without TSan and asks for its hooks only weakly, so
// that the other processes of a test (the Python SMTP sink) may preload it too.
//
// The names are abseil's symbols in Debian 12 (inline namespace debian3);
// another abseil fails loudly: a real symbol that is not found aborts.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

extern "C" void __tsan_acquire(void* address) __attribute__((weak));
extern "C" void __tsan_release(void* address) __attribute__((weak));

namespace {

void Acquire(const void* address) {
  if (__tsan_acquire != nullptr) __tsan_acquire(const_cast<void*>(address));
}

void Release(const void* address) {
  if (__tsan_release != nullptr) __tsan_release(const_cast<void*>(address));
}

// Real returns abseil's own definition of the symbol `name`.
template <typename Function>
Function Real(const char* name) {
  void* symbol = dlsym(RTLD_NEXT, name);
  if (symbol == nullptr) {
    std::fprintf(stderr, "abseil_sync_for_tsan: %s not found\n", name);
    std::abort();
  }
  return reinterpret_cast<Function>(symbol);
}

}  // namespace

// Each wrapper has the C++ symbol of the abseil member it replaces (its
// `this` is the first argument) and calls the definition found after it.
#define OPINUS_REPLACE(symbol, Return, name, params, args, before, after) \
  extern "C" Return name params __asm__(symbol);                          \
  extern "C" Return name params {                                         \
    static const auto real = Real<Return(*) params>(symbol);              \
    before;                                                               \
    Return result = real args;                                            \
    after;                                                                \
    return result;                                                        \
  }
#define OPINUS_REPLACE_VOID(symbol, name, params, args, before, after) \
  extern "C" void name params __asm__(symbol);                         \
  extern "C" void name params {                                        \
    static const auto real = Real<void(*) params>(symbol);             \
    before;                                                            \
    real args;                                                         \
    after;                                                             \
  }

using absl::Condition;
using absl::CondVar;
using absl::Duration;
using absl::Mutex;
using absl::Notification;
using absl::Time;

OPINUS_REPLACE_VOID("_ZN4absl7debian35Mutex4LockEv", MutexLock, (Mutex * mu), (mu), (void)0,
                    Acquire(mu))
OPINUS_REPLACE_VOID("_ZN4absl7debian35Mutex6UnlockEv", MutexUnlock, (Mutex * mu), (mu), Release(mu),
                    (void)0)
OPINUS_REPLACE("_ZN4absl7debian35Mutex7TryLockEv", bool, MutexTryLock, (Mutex * mu), (mu), (void)0,
               if (result) Acquire(mu))
OPINUS_REPLACE_VOID("_ZN4absl7debian35Mutex10ReaderLockEv", MutexReaderLock, (Mutex * mu), (mu),
                    (void)0, Acquire(mu))
OPINUS_REPLACE_VOID("_ZN4absl7debian35Mutex12ReaderUnlockEv", MutexReaderUnlock, (Mutex * mu), (mu),
                    Release(mu), (void)0)
OPINUS_REPLACE_VOID("_ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE", MutexLockWhen,
                    (Mutex * mu, const Condition& condition), (mu, condition), (void)0, Acquire(mu))
OPINUS_REPLACE("_ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE", bool,
               MutexLockWhenWithTimeout, (Mutex * mu, const Condition& condition, Duration timeout),
               (mu, condition, timeout), (void)0, Acquire(mu))
OPINUS_REPLACE("_ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE", bool,
               MutexLockWhenWithDeadline, (Mutex * mu, const Condition& condition, Time deadline),
               (mu, condition, deadline), (void)0, Acquire(mu))
// Waiting gives the lock up and takes it again.
OPINUS_REPLACE_VOID("_ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE", MutexAwait,
                    (Mutex * mu, const Condition& condition), (mu, condition), Release(mu),
                    Acquire(mu))
OPINUS_REPLACE("_ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE", bool,
               MutexAwaitWithTimeout, (Mutex * mu, const Condition& condition, Duration timeout),
               (mu, condition, timeout), Release(mu), Acquire(mu))
OPINUS_REPLACE("_ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE", bool,
               MutexAwaitWithDeadline, (Mutex * mu, const Condition& condition, Time deadline),
               (mu, condition, deadline), Release(mu), Acquire(mu))
OPINUS_REPLACE_VOID("_ZN4absl7debian37CondVar4WaitEPNS0_5MutexE", CondVarWait,
                    (CondVar * cv, Mutex* mu), (cv, mu), Release(mu), Acquire(mu))
OPINUS_REPLACE("_ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE", bool,
               CondVarWaitWithTimeout, (CondVar * cv, Mutex* mu, Duration timeout),
               (cv, mu, timeout), Release(mu), Acquire(mu))
OPINUS_REPLACE("_ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE", bool,
               CondVarWaitWithDeadline, (CondVar * cv, Mutex* mu, Time deadline),
               (cv, mu, deadline), Release(mu), Acquire(mu))
OPINUS_REPLACE_VOID("_ZN4absl7debian312Notification6NotifyEv", NotificationNotify,
                    (Notification * notification), (notification), Release(notification), (void)0)
OPINUS_REPLACE_VOID("_ZNK4absl7debian312Notification19WaitForNotificationEv", NotificationWait,
                    (const Notification* notification), (notification), (void)0,
                    Acquire(notification))
OPINUS_REPLACE("_ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE",
               bool, NotificationWaitWithTimeout,
               (const Notification* notification, Duration timeout), (notification, timeout),
               (void)0, Acquire(notification))
OPINUS_REPLACE("_ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE", bool,
               NotificationWaitWithDeadline, (const Notification* notification, Time deadline),
               (notification, deadline), (void)0, Acquire(notification))
