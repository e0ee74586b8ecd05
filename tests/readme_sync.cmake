# SPDX-License-Identifier: MIT
# The README's device example must be examples/readme_device.hpp, verbatim.
file(READ ${README} readme)
file(READ ${EXAMPLE} example)
# The file's licence line is the file's, not the example's.
string(REGEX REPLACE "^// SPDX-License-Identifier: MIT\n" "" example "${example}")
string(FIND "${readme}" "${example}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "README.md no longer contains examples/readme_device.hpp verbatim")
endif()
