/* SPDX-License-Identifier: MIT */
/* A C program built only against the installed package's devices component. */
#include <regspace/c_api.h>

#include <stdint.h>
#include <stdio.h>

int main(void) {
    regspace_device* mch = regspace_q35_mch_create(NULL);
    uint64_t id = 0;
    if (regspace_abi_version() != REGSPACE_C_ABI_VERSION || !mch || regspace_read(mch, 0, 0, 4, &id) != REGSPACE_OK ||
        id != 0x29c08086u) {
        fprintf(stderr, "installed devices component: unexpected answers\n");
        return 1;
    }
    regspace_destroy(mch);
    puts("installed devices component: MCH 8086:29c0");
    return 0;
}
