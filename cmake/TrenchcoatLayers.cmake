# One library target per layer, from one dependency table.
#
#   trenchcoat_layer(NAME [DEPENDS layer...] [PUBLIC_LIBS target...] [PRIVATE_LIBS target...]
#                    [EXCLUDE file...] [DISABLED])
#
# builds src/NAME/*.cpp into the static library trenchcoat_NAME (an INTERFACE library while the folder
# has no sources yet, so files added there later join the layer on the next build), with the public
# headers in include/trenchcoat/NAME. DEPENDS names lower layers, declared before (so the table has no
# cycle); they are linked PUBLIC, since a layer's headers use theirs. Third-party libraries are
# PUBLIC_LIBS when a public header of the layer includes theirs, else PRIVATE_LIBS. EXCLUDE leaves
# sources of the folder out (parts switched off by an option). DISABLED declares the layer for the
# include check but builds nothing (a layer switched off by an option); a layer depending on it links
# it only where it is built.
#
# trenchcoat_layer_check() runs the include check (cmake/check_layer_includes.cmake) over the table at
# configure time and adds the target trenchcoat_layer_check that runs it again whenever a layer's file
# changes, before any layer compiles: an include against the table fails the build, naming the file and
# the include.

set(TRENCHCOAT_LAYER_CHECK_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/check_layer_includes.cmake)
include(${TRENCHCOAT_LAYER_CHECK_SCRIPT})

# What every layer uses: the public headers, the generated ones, and trenchcoat/error.hpp.
add_library(trenchcoat_base INTERFACE)
target_include_directories(trenchcoat_base INTERFACE ${CMAKE_SOURCE_DIR}/include ${CMAKE_BINARY_DIR}/generated)
target_compile_features(trenchcoat_base INTERFACE cxx_std_20)

set_property(GLOBAL PROPERTY TRENCHCOAT_LAYERS "")
set_property(GLOBAL PROPERTY TRENCHCOAT_BUILT_LAYERS "")
set_property(GLOBAL PROPERTY TRENCHCOAT_LAYER_TABLE "")

function(trenchcoat_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "DISABLED" "" "DEPENDS;PUBLIC_LIBS;PRIVATE_LIBS;EXCLUDE")
  get_property(layers GLOBAL PROPERTY TRENCHCOAT_LAYERS)
  get_property(built GLOBAL PROPERTY TRENCHCOAT_BUILT_LAYERS)
  foreach(dep IN LISTS arg_DEPENDS)
    if(NOT dep IN_LIST layers)
      message(FATAL_ERROR "layer '${name}' depends on '${dep}', which is not declared before it: "
                          "layers depend only on layers below them (declared earlier)")
    endif()
  endforeach()
  list(JOIN arg_DEPENDS "," deps)
  set_property(GLOBAL APPEND_STRING PROPERTY TRENCHCOAT_LAYER_TABLE " ${name}:${deps}")
  set_property(GLOBAL APPEND PROPERTY TRENCHCOAT_LAYERS ${name})
  if(arg_DISABLED)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY TRENCHCOAT_BUILT_LAYERS ${name})

  set(linked trenchcoat_base)
  foreach(dep IN LISTS arg_DEPENDS)
    if(dep IN_LIST built)
      list(APPEND linked trenchcoat_${dep})
    endif()
  endforeach()

  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  foreach(excluded IN LISTS arg_EXCLUDE)
    list(REMOVE_ITEM sources ${CMAKE_SOURCE_DIR}/src/${name}/${excluded})
  endforeach()
  set(target trenchcoat_${name})
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(${target} PUBLIC ${linked} ${arg_PUBLIC_LIBS} PRIVATE ${arg_PRIVATE_LIBS})
  else()
    add_library(${target} INTERFACE)
    target_link_libraries(${target} INTERFACE ${linked} ${arg_PUBLIC_LIBS})
  endif()
endfunction()

# Runs the check at configure time, and adds the build-time check target that every built layer
# waits for. Called once, after the last trenchcoat_layer().
function(trenchcoat_layer_check)
  get_property(table GLOBAL PROPERTY TRENCHCOAT_LAYER_TABLE)
  get_property(layers GLOBAL PROPERTY TRENCHCOAT_LAYERS)
  string(STRIP "${table}" table)
  trenchcoat_check_layer_includes(${CMAKE_SOURCE_DIR} "${table}")
  set(globs "")
  foreach(layer IN LISTS layers)
    list(APPEND globs ${CMAKE_SOURCE_DIR}/src/${layer}/*.cpp ${CMAKE_SOURCE_DIR}/src/${layer}/*.hpp
         ${CMAKE_SOURCE_DIR}/include/trenchcoat/${layer}/*.hpp)
  endforeach()
  file(GLOB files CONFIGURE_DEPENDS ${globs})
  set(stamp ${CMAKE_BINARY_DIR}/trenchcoat_layer_check.stamp)
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DTRENCHCOAT_LAYER_ROOT=${CMAKE_SOURCE_DIR} "-DTRENCHCOAT_LAYER_TABLE=${table}"
            -DTRENCHCOAT_LAYER_STAMP=${stamp} -P ${TRENCHCOAT_LAYER_CHECK_SCRIPT}
    DEPENDS ${files} ${TRENCHCOAT_LAYER_CHECK_SCRIPT} ${CMAKE_SOURCE_DIR}/CMakeLists.txt
    COMMENT "Checking the includes of every layer against the layer table"
    VERBATIM)
  add_custom_target(trenchcoat_layer_check DEPENDS ${stamp})
  get_property(built GLOBAL PROPERTY TRENCHCOAT_BUILT_LAYERS)
  foreach(layer IN LISTS built)
    get_target_property(type trenchcoat_${layer} TYPE)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      add_dependencies(trenchcoat_${layer} trenchcoat_layer_check)
    endif()
  endforeach()
endfunction()
