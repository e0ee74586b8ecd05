# SPDX-License-Identifier: MIT
# Runs one compile-fail case: the compile must fail with exactly one error, which states the broken
# rule as "regspace: RULE ... [docs/diagnostics.md]", and the diagnostics (the error's notes) must
# name the register or field that broke it.
#   cmake -DCXX=... -DSRC=... -DINCLUDE=... -DRULE=... -DNAME=... [-DLITERAL=1] [-DREADABLE=1]
#         [-DEXPECT_SUCCESS=1] [-DPRELUDE=<options that use the precompiled headers>] -P check.cmake
string(REPLACE "|" ";" PRELUDE "${PRELUDE}")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${PRELUDE} ${SRC}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(out "${out}${err}")
if(EXPECT_SUCCESS)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "the control case must compile:\n${out}")
    endif()
    return()
endif()
if(rc EQUAL 0)
    message(FATAL_ERROR "${SRC} compiled, but its description breaks the rule '${RULE}'")
endif()
# An empty RULE: the message itself is given as a LITERAL name (plain static_assert messages).
if(RULE)
    string(FIND "${out}" "regspace: ${RULE}" at_rule)
else()
    set(at_rule 0)
endif()
if(at_rule EQUAL -1)
    message(FATAL_ERROR "the diagnostics do not state the rule '${RULE}':\n${out}")
endif()
# One error, no follow-on errors after it; and it points at the documentation of the rules.
string(REGEX MATCHALL "[^\n]*: error: [^\n]*" errors "${out}")
list(LENGTH errors n_errors)
if(NOT n_errors EQUAL 1)
    message(FATAL_ERROR "expected exactly one error, got ${n_errors}:\n${out}")
endif()
if(NOT errors MATCHES "regspace: .*\\[docs/diagnostics.md\\]")
    message(FATAL_ERROR "the error does not begin with 'regspace: ' and point at docs/diagnostics.md:\n${errors}")
endif()
# GCC prints a name template argument as {"NAME"}; Clang 14 as its character codes {{78, 65, ...}}.
# A LITERAL name (a capability type such as pci::msi<4, true, false>) is searched as written.
if(LITERAL)
    string(FIND "${out}" "${NAME}" at_name)
else()
    string(FIND "${out}" "{\"${NAME}\"}" at_name)
endif()
# READABLE: the compiler must print the name as written (GCC, Clang >= 16), not as character codes.
if(at_name EQUAL -1 AND READABLE)
    message(FATAL_ERROR "the diagnostics do not name '${NAME}' as written:\n${out}")
endif()
if(at_name EQUAL -1 AND NOT LITERAL)
    string(LENGTH "${NAME}" n)
    math(EXPR last "${n} - 1")
    set(codes "")
    foreach(i RANGE ${last})
        string(SUBSTRING "${NAME}" ${i} 1 ch)
        string(HEX "${ch}" hex)
        math(EXPR code "0x${hex}")
        string(APPEND codes "${code}, ")
    endforeach()
    string(FIND "${out}" "{{${codes}0}}" at_name)
endif()
if(at_name EQUAL -1)
    message(FATAL_ERROR "the diagnostics do not name '${NAME}':\n${out}")
endif()
message(STATUS "fails as expected: ${RULE} (${NAME})")
