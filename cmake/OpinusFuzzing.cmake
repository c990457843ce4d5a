# OPINUS_FUZZ: builds the libFuzzer targets of tests/fuzz (clang only), e.g.
#   cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DOPINUS_FUZZ=ON \
#         -DOPINUS_SANITIZE="address;undefined"
# scripts/fuzz does so and runs them. Every object gets coverage
# instrumentation (fuzzer-no-link), so that the fuzzer sees inside the
# libraries it calls; only the fuzz targets link libFuzzer's main.
option(OPINUS_FUZZ "build the libFuzzer targets (clang)" OFF)
if(OPINUS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "OPINUS_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
  message(STATUS "opinus: libFuzzer targets in tests/fuzz")
endif()
