# SPDX-License-Identifier: MIT
# CTest bench.smoke: runs every benchmark once, briefly (CI shows they work; figures come from
# the commands in docs/performance.md), then feeds the JSON report to compare.cmake and checks
# that every <workload>/<device> has all four implementations.
#   cmake -DBENCH=path/to/regspace-bench -DOUT=smoke.json -P smoke.cmake
execute_process(COMMAND ${BENCH} --benchmark_min_time=0.001 --benchmark_format=json --benchmark_out=${OUT}
                        --benchmark_out_format=json
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "regspace-bench failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -DJSON=${OUT} -P ${CMAKE_CURRENT_LIST_DIR}/compare.cmake
                RESULT_VARIABLE rc OUTPUT_VARIABLE table ERROR_VARIABLE table)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compare.cmake failed: ${table}")
endif()
message("${table}")
string(REGEX MATCHALL "\n\\| [a-z_]+/[a-z]+ \\|" rows "${table}")
list(REMOVE_DUPLICATES rows)
list(LENGTH rows n)
if(n LESS 4)
    message(FATAL_ERROR "expected several workload/device pairs, found ${n}")
endif()
foreach(row IN LISTS rows)
    string(REGEX REPLACE "[\n| ]" "" key "${row}")
    foreach(impl regspace handwritten qemu_style list_style)
        if(NOT table MATCHES "\\| ${key} \\| ${impl} \\| [0-9]+\\.[0-9][0-9] \\| [0-9]+\\.[0-9][0-9]x \\|")
            message(FATAL_ERROR "no figure for ${key}/${impl}")
        endif()
    endforeach()
endforeach()
