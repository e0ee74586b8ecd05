// SPDX-License-Identifier: MIT
// What the compile-fail cases include, precompiled once per compiler (CMakeLists.txt) and put
// before each case with -include: the cases then spend their time on their own description, not
// on parsing the library 150 times. (No include guard: it is only ever the precompiled header.)
#include <regspace.hpp>
#include <regspace/pci.hpp>
