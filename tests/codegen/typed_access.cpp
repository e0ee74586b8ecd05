// Typed access compiled with -O2: each function below must be what a hand-written load or store
// of the register would be (checked by check.cmake on the assembly, x86-64).
#include <cstdint>

#include "../../examples/readme_device.hpp"

using dev = regspace::device<toy::config>;

// COMMAND is bytes 4-5 of the first 8-byte lane: a raw access is one 16-bit load at offset 4.
extern "C" std::uint16_t typed_get(const dev& d) { return d.get<toy::command>(); }
extern "C" std::uint16_t typed_guest_read(dev& d) { return d.read<toy::command>(); }
extern "C" std::uint64_t field_get(const dev& d) { return d.get<toy::status, "RMA">(); }
