# SPDX-License-Identifier: MIT
# Builds the Rust consumer with Debian's rustc against the static regspace-devices library (and
# the C++ runtime beneath it), then runs it.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
get_filename_component(libdir ${LIB} DIRECTORY)
execute_process(COMMAND ${RUSTC} --edition 2021 -O -L native=${libdir} -l static=regspace-devices -l dylib=stdc++
                        -o ${WORK}/rust_consumer ${SRC}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "rustc failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${WORK}/rust_consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the Rust consumer failed (${rc})")
endif()
