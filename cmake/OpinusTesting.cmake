# opinus_add_test(NAME name LABEL unit|integration SOURCES ... LIBS ... [ENVIRONMENT VAR=VALUE])
# builds one GoogleTest executable and registers each of its tests with ctest.
include(GoogleTest)

function(opinus_add_test)
  cmake_parse_arguments(ARG "" "NAME;LABEL" "SOURCES;LIBS;PROPERTIES" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  opinus_target_defaults(${ARG_NAME})
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${ARG_NAME}
    DISCOVERY_TIMEOUT 30
    PROPERTIES LABELS ${ARG_LABEL} ${ARG_PROPERTIES})
endfunction()
