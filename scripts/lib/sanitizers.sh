# run_sanitized_tests ROOT: the tests built with sanitizers, in build folders
# of their own, against the MariaDB and environment scripts/test set up:
#   build-asan  clang, AddressSanitizer + UndefinedBehaviorSanitizer: the
#               whole suite (the servers it starts are built so too), and
#               the libFuzzer targets that scripts/fuzz runs
#   build-tsan  clang, ThreadSanitizer: the dispatcher's tests (its races
#               with cancels among them), in-process and with two servers
#               sending from one database, the core's group commit of
#               webhooks, and the gateway's limiters and delay queue
# Every process writes its reports to build-*/sanitizer-reports/; any report
# fails the run, also one from a server whose test passed anyway.
run_sanitized_tests() {
  local root=$1
  configure_hardened "$root"
  sanitized_ctest "$root" "$(hardened_build_dir "$root")" ""
  # Debian's abseil is not built with TSan: its locks are made visible to it
  # by a preloaded library (tests/tsan), in every process the tests start.
  # ignore_noninstrumented_modules: what Debian's libraries (gRPC, abseil's
  # deadlock detector and Status) allocate, copy or free through TSan's
  # interceptors is not taken for an access, as they hand memory between
  # threads with their own uninstrumented atomics; the locks they take still
  # count, and our own code's accesses are all still checked.
  # The browser test is left out: it tests pages, not threads.
  configure_opinus "$root" "$root/build-tsan" -DCMAKE_CXX_COMPILER=clang++ -DOPINUS_SANITIZE=thread
  OPINUS_PRELOAD="$root/build-tsan/tsan/libabseil_sync_for_tsan.so" \
    sanitized_ctest "$root" "$root/build-tsan" \
    "abseil_sync_for_tsan server_mail_test dispatch_test mysql_storage_test gateway_limits_test \
     opinus-server opinus-gateway opinus" \
    -R '^(DispatcherTest|DispatcherRaceTest|DispatchTest|GroupCommitTest|DelayQueueTest|ConcurrencyLimiterTest|KeyedRateLimiterTest|WebhookAdmissionTest)\.' \
    -E 'InARealBrowser'
}

# sanitized_ctest ROOT BUILD TARGETS CTEST_ARGS...: builds TARGETS (everything
# when empty) in the configured folder BUILD and runs ctest there with
# CTEST_ARGS, preloading $OPINUS_PRELOAD when set.
sanitized_ctest() {
  local root=$1 build=$2 targets=$3
  shift 3
  local target_args=()
  for target in $targets; do target_args+=(--target "$target"); done
  local started=$SECONDS
  cmake --build "$build" -j "$(nproc)" "${target_args[@]}"
  echo "sanitizers: $(basename "$build") built in $((SECONDS - started)) s" >&2

  local reports="$build/sanitizer-reports"
  rm -rf "$reports"
  mkdir -p "$reports"
  started=$SECONDS
  local status=0
  ASAN_OPTIONS="log_path=$reports/asan:detect_stack_use_after_return=1" \
    LSAN_OPTIONS="suppressions=$root/tests/asan/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1" \
    TSAN_OPTIONS="log_path=$reports/tsan:second_deadlock_stack=1:ignore_noninstrumented_modules=1" \
    LD_PRELOAD="${OPINUS_PRELOAD:-}" OPINUS_TEST_BIN_DIR="$build/bin" \
    ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@" || status=$?
  echo "sanitizers: $(basename "$build") tests ran in $((SECONDS - started)) s" >&2
  if compgen -G "$reports/*" >/dev/null; then
    echo "sanitizers: reports in $reports:" >&2
    head -n 80 "$reports"/* >&2
    return 1
  fi
  return "$status"
}
