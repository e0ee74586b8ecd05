// SPDX-License-Identifier: MIT
// Must not compile: device<> of something that is not a space (as config_space<...> is, whose
// ::type is the space).
// Expected diagnostic: "device<> takes a space<...>", naming the argument, and no other error.
#include <regspace.hpp>
struct not_a_space {};
int main() {
    regspace::device<not_a_space> d;
    d.write(0, 4, 1);
    return static_cast<int>(d.read(0, 4));
}
