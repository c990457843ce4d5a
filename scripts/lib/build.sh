# configure_opinus ROOT DIR [CMAKE_ARG...]: configures ROOT into DIR once
# (Ninja, RelWithDebInfo), compiling through ccache when it is installed.
configure_opinus() {
  local root=$1 build=$2
  shift 2
  [ -f "$build/build.ninja" ] && return 0
  local launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "$@" >/dev/null
}

# build_opinus ROOT [TARGET...]: configures (once) and builds into ROOT/build;
# everything when no target is named. With clang: on 2 cores it builds the
# tree in about half gcc's time.
build_opinus() {
  local root=$1
  shift
  configure_opinus "$root" "$root/build" -DCMAKE_CXX_COMPILER=clang++
  local targets=()
  for target in "$@"; do targets+=(--target "$target"); done
  cmake --build "$root/build" -j "$(nproc)" "${targets[@]}"
}

# The hardened build: clang with AddressSanitizer and UndefinedBehaviorSanitizer,
# the whole test suite and the libFuzzer targets in one folder.
hardened_build_dir() { echo "$1/build-asan"; }
configure_hardened() {
  configure_opinus "$1" "$(hardened_build_dir "$1")" \
    -DCMAKE_CXX_COMPILER=clang++ -DOPINUS_FUZZ=ON -DOPINUS_SANITIZE="address;undefined"
}
