# build_opinus: configures (once) and builds everything into build/.
build_opinus() {
  local root=$1
  if [ ! -f "$root/build/build.ninja" ]; then
    cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$root/build" -j "$(nproc)"
}
