# The layer check: every layer includes only the layers it depends on (directly or through other
# layers), so the layers form no cycle. It reads `#include "trenchcoat/LAYER/..."` (public headers) and
# `#include "LAYER/..."` (a layer's private headers under src/) in every file of src/LAYER and
# include/trenchcoat/LAYER, and fails naming each offending file, line and include.
#
# The dependency table is declared once, by trenchcoat_layer() in the top-level CMakeLists.txt, which
# runs this check at configure time and again at build time (target trenchcoat_layer_check). Run on its
# own:
#   cmake -DTRENCHCOAT_LAYER_ROOT=DIR -DTRENCHCOAT_LAYER_TABLE="text: metrics:text io:text,meta" \
#         -P cmake/check_layer_includes.cmake
# The table is a space-separated list of LAYER:DEP,DEP,... entries.

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.25)
endif()

# Sets ${out} to the layers `layer` may include: itself and every layer it reaches through the table.
# A cycle in the table itself (a layer that reaches itself) is an error.
function(_trenchcoat_layer_closure layer path out)
  set(reach ${layer})
  set(next ${path} ${layer})
  foreach(dep IN LISTS _trenchcoat_deps_${layer})
    if(dep IN_LIST next)
      list(JOIN next " -> " shown)
      message(FATAL_ERROR "trenchcoat layer check: the layer table has a cycle: ${shown} -> ${dep}")
    endif()
    if(NOT DEFINED _trenchcoat_deps_${dep})
      message(FATAL_ERROR "trenchcoat layer check: layer '${layer}' depends on '${dep}', which is not a layer")
    endif()
    _trenchcoat_layer_closure(${dep} "${next}" dep_reach)
    list(APPEND reach ${dep_reach})
  endforeach()
  list(REMOVE_DUPLICATES reach)
  set(${out} ${reach} PARENT_SCOPE)
endfunction()

# root: the source tree (with src/ and include/trenchcoat/); table: as above.
function(trenchcoat_check_layer_includes root table)
  string(REPLACE " " ";" entries "${table}")
  set(layers "")
  foreach(entry IN LISTS entries)
    if(entry STREQUAL "")
      continue()
    endif()
    string(FIND "${entry}" ":" colon)
    if(colon LESS 1)
      message(FATAL_ERROR "trenchcoat layer check: '${entry}' is not LAYER:DEP,DEP,...")
    endif()
    string(SUBSTRING "${entry}" 0 ${colon} layer)
    math(EXPR start "${colon} + 1")
    string(SUBSTRING "${entry}" ${start} -1 deps)
    string(REPLACE "," ";" deps "${deps}")
    list(APPEND layers ${layer})
    set(_trenchcoat_deps_${layer} "${deps}")
  endforeach()

  set(problems "")
  foreach(layer IN LISTS layers)
    _trenchcoat_layer_closure(${layer} "" allowed)
    file(GLOB_RECURSE files LIST_DIRECTORIES false "${root}/src/${layer}/*" "${root}/include/trenchcoat/${layer}/*")
    list(SORT files)
    foreach(file IN LISTS files)
      if(NOT file MATCHES "\\.(cpp|hpp|h|cc|hh|inl)$")
        continue()
      endif()
      file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
      foreach(line IN LISTS lines)
        if(line MATCHES "#[ \t]*include[ \t]*[\"<](trenchcoat/)?([a-z0-9_]+)/([^\">]*)[\">]")
          set(included ${CMAKE_MATCH_2})
          if(included IN_LIST layers AND NOT included IN_LIST allowed)
            file(RELATIVE_PATH shown "${root}" "${file}")
            string(STRIP "${line}" line)
            list(JOIN allowed ", " may)
            list(APPEND problems "  ${shown}: ${line}: layer '${layer}' may include only ${may}")
          endif()
        endif()
      endforeach()
    endforeach()
  endforeach()
  if(problems)
    list(JOIN problems "\n" shown)
    message(FATAL_ERROR
            "trenchcoat layer check: includes against the layer table (a layer may include only the layers it "
            "depends on; declared with trenchcoat_layer() in CMakeLists.txt, see docs/architecture.md):\n${shown}\n")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  if(NOT DEFINED TRENCHCOAT_LAYER_ROOT OR NOT DEFINED TRENCHCOAT_LAYER_TABLE)
    message(FATAL_ERROR "usage: cmake -DTRENCHCOAT_LAYER_ROOT=DIR -DTRENCHCOAT_LAYER_TABLE=\"a: b:a\" -P ${CMAKE_CURRENT_LIST_FILE}")
  endif()
  trenchcoat_check_layer_includes("${TRENCHCOAT_LAYER_ROOT}" "${TRENCHCOAT_LAYER_TABLE}")
  if(DEFINED TRENCHCOAT_LAYER_STAMP)
    file(TOUCH "${TRENCHCOAT_LAYER_STAMP}")
  endif()
endif()
