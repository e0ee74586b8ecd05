# The README's device example must be examples/readme_device.hpp, verbatim.
file(READ ${README} readme)
file(READ ${EXAMPLE} example)
string(FIND "${readme}" "${example}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "README.md no longer contains examples/readme_device.hpp verbatim")
endif()
