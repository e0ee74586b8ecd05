# SPDX-License-Identifier: MIT
# Compiles typed_access.cpp to assembly with the given compiler at -O2 and requires every
# typed_X function to be the same instructions as raw_X (labels, directives and comments
# ignored): a typed access costs what the hand-written load or store costs. One allowance: for a
# field store (a read-modify-write), GCC 12 may pick the equivalent xor form of the bit merge,
# (cur ^ v) & m ^ cur, for one side only; there the same loads and stores (mnemonic and address) and the same number
# of instructions are required instead.
#   cmake -DCXX=g++ -DINCLUDE=include -DSRC=tests/codegen/typed_access.cpp -P check.cmake
execute_process(COMMAND ${CXX} -std=c++20 -O2 -S -o - -I${INCLUDE} ${SRC}
                RESULT_VARIABLE rc OUTPUT_VARIABLE asm ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compile failed: ${err}")
endif()
string(REPLACE ";" "," asm "${asm}")  # a list separator inside an instruction would split it
string(REPLACE "\n" ";" lines "${asm}")

# The instructions of function `fn`, up to and including its ret.
function(body_of fn out)
    set(in_fn FALSE)
    set(body "")
    foreach(line IN LISTS lines)
        if(line MATCHES "^${fn}:")
            set(in_fn TRUE)
        elseif(in_fn)
            string(REGEX REPLACE "#.*$" "" s "${line}")
            string(STRIP "${s}" s)
            if(s MATCHES "^\\." OR s STREQUAL "" OR s MATCHES ":$")
                continue()
            endif()
            string(REGEX REPLACE "[ \t]+" " " s "${s}")
            list(APPEND body "${s}")
            if(s MATCHES "^ret")
                break()
            endif()
        endif()
    endforeach()
    if(NOT body)
        message(FATAL_ERROR "no function ${fn} in the assembly")
    endif()
    set(${out} "${body}" PARENT_SCOPE)
endfunction()

set(failed "")
foreach(x get get32 set field_get field_set guest_read guest_write guest_write_w1c)
    body_of(typed_${x} typed)
    body_of(raw_${x} raw)
    list(LENGTH typed n)
    string(REPLACE ";" " | " shown "${typed}")
    list(LENGTH raw n_raw)
    set(typed_mem "${typed}")
    set(raw_mem "${raw}")
    list(FILTER typed_mem INCLUDE REGEX "\\(")
    list(FILTER raw_mem INCLUDE REGEX "\\(")
    # a memory access as its mnemonic and address: "movl 64(%rdi)" (the register used may differ)
    list(TRANSFORM typed_mem REPLACE "^([a-z]+) (.*[ ,])?(-?[0-9]*\\(%[a-z0-9]+\\)).*$" "\\1 \\3")
    list(TRANSFORM raw_mem REPLACE "^([a-z]+) (.*[ ,])?(-?[0-9]*\\(%[a-z0-9]+\\)).*$" "\\1 \\3")
    if(typed STREQUAL raw)
        message(STATUS "${x}: same ${n} instructions: ${shown}")
    elseif(x STREQUAL "field_set" AND n EQUAL n_raw AND typed_mem STREQUAL raw_mem)
        message(STATUS "${x}: same ${n} instructions but for the form of the bit merge, same memory accesses: ${shown}")
    else()
        string(REPLACE ";" " | " raw_shown "${raw}")
        message(STATUS "${x}: DIFFERENT\n  typed: ${shown}\n  raw:   ${raw_shown}")
        list(APPEND failed ${x})
    endif()
endforeach()
if(failed)
    message(FATAL_ERROR "typed access is not the hand-written code for: ${failed}")
endif()
