# SPDX-License-Identifier: MIT
# Outside tools the tests check against (lspci, QEMU, valgrind, node). A test that needs one is
# always registered; on a machine without the tool it is marked skipped with the reason (ctest
# lists it under "did not run"), instead of failing the configuration. scripts/setup.sh installs
# every tool, so CI runs them all.

# regspace_find_tool(VAR program package): VAR is the tool's path, or false.
function(regspace_find_tool var program package)
    find_program(${var} ${program} PATHS /usr/bin /usr/sbin /sbin)
    set(${var}_WHAT "${program} (Debian package ${package})" CACHE INTERNAL "")
    if(NOT ${var})
        message(WARNING "regspace: ${program} not found: the tests that need it will be skipped "
                        "(scripts/setup.sh installs ${package})")
    endif()
endfunction()

# regspace_tool_test(NAME name NEEDS VAR... [WORKING_DIRECTORY dir] COMMAND ...): add_test, or,
# when a tool in NEEDS is missing, a test that prints why and is reported as skipped.
function(regspace_tool_test)
    cmake_parse_arguments(T "" "NAME;WORKING_DIRECTORY" "NEEDS;COMMAND" ${ARGN})
    set(missing "")
    foreach(v IN LISTS T_NEEDS)
        if(NOT ${v})
            list(APPEND missing "${${v}_WHAT}")
        endif()
    endforeach()
    if(missing)
        string(REPLACE ";" ", " missing "${missing}")
        add_test(NAME ${T_NAME} COMMAND ${CMAKE_COMMAND} -E echo
                 "SKIPPED: needs ${missing}; scripts/setup.sh installs it")
        set_tests_properties(${T_NAME} PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED: needs ")
    elseif(T_WORKING_DIRECTORY)
        add_test(NAME ${T_NAME} COMMAND ${T_COMMAND} WORKING_DIRECTORY ${T_WORKING_DIRECTORY})
    else()
        add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
    endif()
endfunction()
