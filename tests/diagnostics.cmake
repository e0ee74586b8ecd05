# SPDX-License-Identifier: MIT
# Every diagnostic the library's headers can print is documented in docs/diagnostics.md: the rules
# (REGSPACE_DETAIL_RULE(name, "message", ...), which adds the "regspace: " prefix and the pointer
# to the page) and any other "regspace: ..." message; a "regspace..." message without the prefix
# is refused.
file(READ ${ROOT}/docs/diagnostics.md doc)
file(GLOB_RECURSE headers ${ROOT}/include/*.hpp)
set(bad "")
set(count 0)
foreach(h IN LISTS headers)
    file(READ ${h} text)
    # Comments are not diagnostics.
    string(REGEX REPLACE "//[^\n]*" "" text "${text}")
    # CMake lists split at ';', and an escaped quote would end the literal early.
    string(REPLACE ";" "@SEMI@" text "${text}")
    string(REPLACE "\\\"" "@QUOTE@" text "${text}")
    # A rule's message becomes "regspace: <message>" like every other one.
    string(REGEX REPLACE "REGSPACE_DETAIL_RULE\\([a-z0-9_]+,[ \n]*\"" "\"regspace: " text "${text}")
    string(REGEX MATCHALL "\"regspace[^\"]*" messages "${text}")
    foreach(m IN LISTS messages)
        string(SUBSTRING "${m}" 1 -1 m)
        string(REPLACE "@SEMI@" ";" m "${m}")
        string(REPLACE "@QUOTE@" "\"" m "${m}")
        if(NOT m MATCHES "^regspace: ")
            list(APPEND bad "${h}: does not begin with 'regspace: ': ${m}")
            continue()
        endif()
        string(REGEX REPLACE "^regspace: " "" body "${m}")
        string(REGEX REPLACE " \\[docs/diagnostics.md\\]$" "" body "${body}")
        string(REGEX REPLACE "[ \\\\]+$" "" body "${body}")
        if(body STREQUAL "")
            continue()  # the prefix itself, where REGSPACE_DETAIL_RULE is defined
        endif()
        math(EXPR count "${count} + 1")
        string(FIND "${doc}" "${body}" at)
        if(at EQUAL -1)
            list(APPEND bad "${h}: not in docs/diagnostics.md: ${body}")
        endif()
    endforeach()
endforeach()
if(bad)
    string(REPLACE ";" "\n  " list "${bad}")
    message(FATAL_ERROR "diagnostics:\n  ${list}")
endif()
message(STATUS "${count} diagnostics begin with 'regspace: ' and are documented")
