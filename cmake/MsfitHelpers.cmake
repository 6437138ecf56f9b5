# Helper functions shared by the MSFit build.

# Warning flags, linked PRIVATE into every MSFit target.
add_library(msfit_warnings INTERFACE)
target_compile_options(msfit_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  $<$<BOOL:${MSFIT_WARNINGS_AS_ERRORS}>:-Werror>)

# msfit_embed(<out-var> NAME <name> HEADER <include> NAMESPACE <ns> [PREFIX p] [SUFFIX s]
#             FILES <files>...): generates one .cpp holding every file's bytes, each behind a
# function std::string_view <p><file stem><s>(), so the binary never reads them at run time.
function(msfit_embed out_var)
  cmake_parse_arguments(ARG "" "NAME;HEADER;NAMESPACE;PREFIX;SUFFIX" "FILES" ${ARGN})
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/generated/${ARG_NAME}.cpp")
  add_custom_command(
    OUTPUT "${generated}"
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${generated} "-DINPUTS=${ARG_FILES}" -DHEADER=${ARG_HEADER}
            -DNAMESPACE=${ARG_NAMESPACE} -DPREFIX=${ARG_PREFIX} -DSUFFIX=${ARG_SUFFIX}
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedData.cmake"
    DEPENDS ${ARG_FILES} "${PROJECT_SOURCE_DIR}/cmake/EmbedData.cmake"
    COMMENT "Embedding ${ARG_NAME}"
    VERBATIM)
  set(${out_var} "${generated}" PARENT_SCOPE)
endfunction()

# msfit_add_test(<module> <name> [LIBS ...]): tests/<module>/<name>_test.cpp as its own binary.
function(msfit_add_test module name)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  set(target "${module}_${name}_test")
  add_executable(${target} "${module}/${name}_test.cpp")
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} msfit_test_support GTest::gtest_main
    GTest::gmock msfit_warnings)
  # Where end-to-end tests find the binary and the source tree (examples/, tests/data/).
  target_compile_definitions(${target} PRIVATE MSFIT_TEST_BIN="$<TARGET_FILE:msfit>"
    MSFIT_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60)
endfunction()
