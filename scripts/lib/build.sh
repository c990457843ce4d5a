# build_opinus ROOT [TARGET...]: configures (once) and builds into ROOT/build;
# everything when no target is named.
build_opinus() {
  local root=$1
  shift
  if [ ! -f "$root/build/build.ninja" ]; then
    cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  local targets=()
  for target in "$@"; do targets+=(--target "$target"); done
  cmake --build "$root/build" -j "$(nproc)" "${targets[@]}"
}
