# Builds and runs a small CMake project that uses optuna-gfo the way a user's project does, outside
# this source tree. Run by ctest (CMakeLists.txt here) as
#   cmake -DWORK_DIR=... [options] -P run_consumer.cmake
# WORK_DIR is emptied first, then:
#   INSTALL_FROM=<build dir>   cmake --install it into WORK_DIR/prefix, and nothing else
#   SOURCE_DIR=<dir>           the consumer's sources, or, instead:
#   DOC_PAGE=<docs/cpp_api.md> DOC_CMAKE=<text>
#                              the consumer written from the C++ API's documentation page, as
#                              printed: its ```cmake block that contains <text> as CMakeLists.txt,
#                              its first ```cpp block as main.cpp
#   LINK_REPOSITORY=<name>     a symbolic link <name> to this repository beside the consumer's
#                              sources, for add_subdirectory(<name>)
#   CONFIGURE_ARGS=<a|b|...>   cmake arguments of the consumer's configure, separated by |
#   BARE_VENV_FROM=<python>    a virtual environment of <python> without packages (not even pip)
#                              made in WORK_DIR/venv, passed to the configure as Python_EXECUTABLE
#   RUN=<executable>           run it, from WORK_DIR/run (where its files go), after the build
#   EXPECT_CONFIGURE_ERROR=<regex>
#                              the configure must fail with output that matches; no build
cmake_minimum_required(VERSION 3.18)

function(run_step description)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output
                  WORKING_DIRECTORY "${working_directory}")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${description} failed (${result}):\n${output}")
  endif()
  message(STATUS "${description}: done")
endfunction()

# The first fenced block of `language` in `text` whose body contains `needle` ("" for any).
function(fenced_block text language needle out_var)
  set(rest "${text}")
  while(TRUE)
    string(FIND "${rest}" "```${language}\n" start)
    if(start EQUAL -1)
      message(FATAL_ERROR "${DOC_PAGE}: no ```${language} block containing '${needle}'")
    endif()
    string(LENGTH "```${language}\n" fence_length)
    math(EXPR start "${start} + ${fence_length}")
    string(SUBSTRING "${rest}" ${start} -1 rest)
    string(FIND "${rest}" "\n```" end)
    if(end EQUAL -1)
      message(FATAL_ERROR "${DOC_PAGE}: a ```${language} block is not closed")
    endif()
    math(EXPR end "${end} + 1")
    string(SUBSTRING "${rest}" 0 ${end} body)
    string(SUBSTRING "${rest}" ${end} -1 rest)
    string(FIND "${body}" "${needle}" found)
    if(NOT found EQUAL -1)
      set(${out_var} "${body}" PARENT_SCOPE)
      return()
    endif()
  endwhile()
endfunction()

if(NOT WORK_DIR)
  message(FATAL_ERROR "run_consumer.cmake: WORK_DIR is required")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/run")
set(working_directory "${WORK_DIR}")

if(INSTALL_FROM)
  run_step("cmake --install ${INSTALL_FROM}"
    "${CMAKE_COMMAND}" --install "${INSTALL_FROM}" --prefix "${WORK_DIR}/prefix")
  return()
endif()

if(DOC_PAGE)
  set(SOURCE_DIR "${WORK_DIR}/src")
  file(READ "${DOC_PAGE}" page)
  fenced_block("${page}" cpp "" program)
  fenced_block("${page}" cmake "${DOC_CMAKE}" project)
  file(WRITE "${SOURCE_DIR}/main.cpp" "${program}")
  file(WRITE "${SOURCE_DIR}/CMakeLists.txt" "${project}")
endif()
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "run_consumer.cmake: SOURCE_DIR or DOC_PAGE is required")
endif()
if(LINK_REPOSITORY)
  get_filename_component(repository "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
  file(CREATE_LINK "${repository}" "${SOURCE_DIR}/${LINK_REPOSITORY}" SYMBOLIC)
endif()

string(REPLACE "|" ";" configure_args "${CONFIGURE_ARGS}")
if(BARE_VENV_FROM)
  run_step("A bare virtual environment" "${BARE_VENV_FROM}" -m venv --without-pip "${WORK_DIR}/venv")
  list(APPEND configure_args "-DPython_EXECUTABLE=${WORK_DIR}/venv/bin/python")
endif()
set(configure "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${WORK_DIR}/build" ${configure_args})
if(EXPECT_CONFIGURE_ERROR)
  execute_process(COMMAND ${configure} RESULT_VARIABLE result OUTPUT_VARIABLE output
                  ERROR_VARIABLE output)
  if(result EQUAL 0)
    message(FATAL_ERROR "The configure succeeded; expected it to fail with '${EXPECT_CONFIGURE_ERROR}':\n${output}")
  endif()
  # CMake wraps long messages: match on the text with its line breaks and indents folded.
  string(REGEX REPLACE "[ \t\r\n]+" " " folded "${output}")
  if(NOT folded MATCHES "${EXPECT_CONFIGURE_ERROR}")
    message(FATAL_ERROR "The configure failed without '${EXPECT_CONFIGURE_ERROR}':\n${output}")
  endif()
  message(STATUS "The configure failed as expected:\n${output}")
  return()
endif()

run_step("Configure ${SOURCE_DIR}" ${configure})
run_step("Build" "${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
if(RUN)
  set(working_directory "${WORK_DIR}/run")
  execute_process(COMMAND "${WORK_DIR}/build/${RUN}" RESULT_VARIABLE result
                  WORKING_DIRECTORY "${WORK_DIR}/run")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${RUN} failed (${result})")
  endif()
endif()
