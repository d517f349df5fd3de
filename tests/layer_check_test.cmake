# The layer check rejects what it must and accepts a clean tree (ctest: layer_check_rejects_cycles).
#   cmake -DTRENCHCOAT_LAYER_CHECK_SCRIPT=cmake/check_layer_includes.cmake -DWORK_DIR=DIR -P tests/layer_check_test.cmake
# Writes tiny trees with two layers, low and high (high depends on low), under WORK_DIR and runs the
# check on each in a child cmake, expecting success or failure and the message naming the file.
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${WORK_DIR}")

# Writes a tree: low has a header and a source; high includes low. `extra` is one more file
# (PATH=CONTENT) to write, the case under test.
function(write_tree dir extra_path extra_content)
  file(WRITE "${dir}/include/trenchcoat/low/low.hpp" "#pragma once\nint low();\n")
  file(WRITE "${dir}/src/low/low.cpp" "#include \"trenchcoat/low/low.hpp\"\n#include <vector>\nint low() { return 1; }\n")
  file(WRITE "${dir}/include/trenchcoat/high/high.hpp" "#pragma once\n#include \"trenchcoat/low/low.hpp\"\n")
  file(WRITE "${dir}/src/high/high.cpp" "#include \"trenchcoat/high/high.hpp\"\n#include \"random/shared.hpp\"\n")
  if(extra_path)
    file(WRITE "${dir}/${extra_path}" "${extra_content}")
  endif()
endfunction()

# Runs the check; expect_failure: TRUE or FALSE; expected: text the output must contain (or "").
function(expect_check name table expect_failure expected)
  execute_process(COMMAND ${CMAKE_COMMAND} -DTRENCHCOAT_LAYER_ROOT=${WORK_DIR}/${name} "-DTRENCHCOAT_LAYER_TABLE=${table}"
                          -P ${TRENCHCOAT_LAYER_CHECK_SCRIPT}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX REPLACE "[ \t\r\n]+" " " said "${out}${err}")
  if(expect_failure AND rc EQUAL 0)
    message(FATAL_ERROR "${name}: the check accepted a tree it must reject:\n${out}${err}")
  endif()
  if(NOT expect_failure AND NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: the check rejected a clean tree:\n${out}${err}")
  endif()
  if(expected)
    string(FIND "${said}" "${expected}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${name}: the check's message lacks '${expected}':\n${out}${err}")
    endif()
  endif()
  message(STATUS "${name}: as expected (exit ${rc})")
endfunction()

# A clean tree: high includes low, both include standard and non-layer headers.
write_tree(${WORK_DIR}/clean "" "")
expect_check(clean "low: high:low" FALSE "")

# A cycle through a public header: low includes high's header.
write_tree(${WORK_DIR}/public_cycle "src/low/back.cpp" "#include \"trenchcoat/high/high.hpp\"\n")
expect_check(public_cycle "low: high:low" TRUE
             "src/low/back.cpp: #include \"trenchcoat/high/high.hpp\": layer 'low' may include only low")

# A cycle through a private header under src/, from a public header of the lower layer.
write_tree(${WORK_DIR}/private_cycle "include/trenchcoat/low/back.hpp" "#pragma once\n#include \"high/detail.hpp\"\n")
expect_check(private_cycle "low: high:low" TRUE "include/trenchcoat/low/back.hpp: #include \"high/detail.hpp\"")

# Dependencies are transitive: top may include low through high; low may not include top.
write_tree(${WORK_DIR}/transitive "src/top/top.cpp" "#include \"trenchcoat/low/low.hpp\"\n")
expect_check(transitive "low: high:low top:high" FALSE "")

# A cycle in the table itself.
write_tree(${WORK_DIR}/table_cycle "" "")
expect_check(table_cycle "low:high high:low" TRUE "the layer table has a cycle")
