# cmake --install: headers, static libraries and the CMake package optuna_gfo, one component per
# library, for find_package(optuna_gfo CONFIG REQUIRED [COMPONENTS core embed]):
#   core   optuna_gfo::core  (gfo_core: include/gfo/*, libgfo_core.a; Eigen, Boost, NLopt)
#   embed  optuna_gfo::embed (gfo_optuna_embed: include/gfo/embed/*; Python, same version)
# Each component has its own export file, so that a program using only one needs only its
# dependencies. A library not built here (skipped, or switched off) is not installed.
include(CMakePackageConfigHelpers)

set(GFO_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/optuna_gfo)
set(GFO_INSTALLED_COMPONENTS "")

if(TARGET gfo_core)
  list(APPEND GFO_INSTALLED_COMPONENTS core)
  set_target_properties(gfo_core PROPERTIES EXPORT_NAME core)
  install(TARGETS gfo_core EXPORT optuna_gfo_core ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/include/gfo DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT optuna_gfo_core NAMESPACE optuna_gfo::
    FILE optuna_gfo-core-targets.cmake DESTINATION ${GFO_CMAKE_PACKAGE_DIR})
endif()

if(TARGET gfo_optuna_embed)
  list(APPEND GFO_INSTALLED_COMPONENTS embed)
  install(TARGETS gfo_optuna_embed EXPORT optuna_gfo_embed
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/embed/include/gfo/embed
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gfo)
  install(EXPORT optuna_gfo_embed NAMESPACE optuna_gfo::
    FILE optuna_gfo-embed-targets.cmake DESTINATION ${GFO_CMAKE_PACKAGE_DIR})
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/optuna_gfoCheckPython.cmake
    DESTINATION ${GFO_CMAKE_PACKAGE_DIR})
endif()

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/optuna_gfoConfig.cmake.in
  ${PROJECT_BINARY_DIR}/optuna_gfoConfig.cmake
  INSTALL_DESTINATION ${GFO_CMAKE_PACKAGE_DIR})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/optuna_gfoConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/optuna_gfoConfig.cmake
  ${PROJECT_BINARY_DIR}/optuna_gfoConfigVersion.cmake
  DESTINATION ${GFO_CMAKE_PACKAGE_DIR})
