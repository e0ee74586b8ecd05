/* SPDX-License-Identifier: MIT */
/* A C VMM's use of regspace through regspace/c_api.h (C11, -Wall -Wextra -Werror -pedantic):
 * the Q35 MCH and edu in a miniature dispatch loop, field access by name, resets, a snapshot
 * round trip, refused snapshots, describe and explain, callbacks into C, and every entry point
 * given bad arguments. Exits 0 when every check held, else 1 after naming each failed check. */
#include <regspace/c_api.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define EXPECT(cond)                                                             \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond);   \
            ++failures;                                                          \
        }                                                                        \
    } while (0)

/* The VMM's side: what the callbacks saw, and 4 KiB of guest RAM at 0x10000. */
struct vmm {
    unsigned writes;
    char last_reg[64];
    uint64_t last_old, last_new;
    int intx;
    unsigned intx_changes;
    uint8_t ram[4096];
};
#define RAM_BASE 0x10000u

static void on_write(void* opaque, unsigned space, const char* reg, unsigned index, uint64_t old_value, uint64_t new_value) {
    struct vmm* v = opaque;
    (void)space;
    (void)index;
    ++v->writes;
    snprintf(v->last_reg, sizeof v->last_reg, "%s", reg);
    v->last_old = old_value;
    v->last_new = new_value;
}
static void set_intx(void* opaque, int level) {
    struct vmm* v = opaque;
    v->intx = level;
    ++v->intx_changes;
}
static int dma_read(void* opaque, uint64_t address, void* into, size_t size) {
    struct vmm* v = opaque;
    if (address < RAM_BASE || address - RAM_BASE > sizeof v->ram || size > sizeof v->ram - (address - RAM_BASE)) return 0;
    memcpy(into, v->ram + (address - RAM_BASE), size);
    return 1;
}
static int dma_write(void* opaque, uint64_t address, const void* from, size_t size) {
    struct vmm* v = opaque;
    if (address < RAM_BASE || address - RAM_BASE > sizeof v->ram || size > sizeof v->ram - (address - RAM_BASE)) return 0;
    memcpy(v->ram + (address - RAM_BASE), from, size);
    return 1;
}

/* One guest access as a VMM's exit handler would dispatch it. */
struct access {
    unsigned space, write;
    uint32_t offset, size;
    uint64_t value;
};
static uint64_t dispatch(regspace_device* d, const struct access* a, regspace_status* st) {
    uint64_t v = 0;
    if (a->write) *st = regspace_write(d, a->space, a->offset, a->size, a->value);
    else *st = regspace_read(d, a->space, a->offset, a->size, &v);
    return v;
}

static void mch(struct vmm* v, const regspace_callbacks* cb) {
    regspace_device* d = regspace_q35_mch_create(cb);
    uint64_t x = 0;
    char text[65536];
    size_t needed = 0;
    unsigned char snap[4096];
    size_t snap_size = 0;
    char why[256];
    /* A firmware-like sequence: identify, then move PCIEXBAR and enable it. */
    const struct access trace[] = {
        {0, 0, 0x00, 4, 0},          {0, 0, 0x08, 4, 0},          {0, 1, 0x60, 4, 0xe0000001u},
        {0, 1, 0x64, 4, 0},          {0, 0, 0x60, 4, 0},          {0, 1, 0x90, 1, 0x30},
        {0, 0, 0x90, 1, 0},          {0, 0, 0x100, 4, 0},         {0, 0, 0x00, 3, 0},
    };
    uint64_t got[sizeof trace / sizeof trace[0]];
    regspace_status sts[sizeof trace / sizeof trace[0]];
    unsigned i;

    EXPECT(d != NULL);
    if (!d) return;
    EXPECT(strcmp(regspace_device_name(d), "q35-mch") == 0);
    EXPECT(regspace_space_count(d) == 1);
    EXPECT(regspace_space_size(d, 0) == 256);
    EXPECT(regspace_space_name(d, 1) == NULL);
    for (i = 0; i < sizeof trace / sizeof trace[0]; ++i) got[i] = dispatch(d, &trace[i], &sts[i]);
    EXPECT(got[0] == 0x29c08086u);  /* Intel, 82G33/Q35 MCH */
    EXPECT((got[1] >> 8) == 0x060000u); /* host bridge */
    EXPECT(got[4] == 0xe0000001u);
    EXPECT(got[6] == 0x30);
    EXPECT(sts[7] == REGSPACE_OUT_OF_RANGE && got[7] == 0xffffffffu);
    EXPECT(sts[8] == REGSPACE_BAD_SIZE);
    /* The callback saw the guest's writes, old and new value, after the policies. */
    EXPECT(v->writes == 2);
    EXPECT(strcmp(v->last_reg, "PAM0") == 0);
    EXPECT(v->last_new == 0x30);

    /* Fields by name, device side: no policy, no callback. */
    EXPECT(regspace_get_field(d, 0, "PCIEXBAR", 0, "PCIEXBAREN", &x) == REGSPACE_OK && x == 1);
    EXPECT(regspace_get_field(d, 0, "PCIEXBAR", 0, "PCIEXBAR", &x) == REGSPACE_OK && x == 0x0e);
    EXPECT(regspace_set_field(d, 0, "PAM0", 0, "HIENABLE", 1) == REGSPACE_OK);
    EXPECT(regspace_read(d, 0, 0x90, 1, &x) == REGSPACE_OK && x == 0x10);
    EXPECT(regspace_get_field(d, 0, "PAM0", 0, "", &x) == REGSPACE_OK && x == 0x10);
    EXPECT(regspace_get_field(d, 0, "NOPE", 0, NULL, &x) == REGSPACE_NOT_FOUND);
    EXPECT(regspace_get_field(d, 0, "PAM0", 0, "NOPE", &x) == REGSPACE_NOT_FOUND);
    EXPECT(regspace_get_field(d, 0, "PAM0", 1, NULL, &x) == REGSPACE_NOT_FOUND); /* not a repeat */
    EXPECT(regspace_get_field(d, 0, "NOBLOCK.PAM0", 0, NULL, &x) == REGSPACE_NOT_FOUND);
    EXPECT(v->writes == 2);
    /* A field resolved once, then read and written without a lookup. */
    {
        regspace_field f;
        regspace_field bad;
        EXPECT(regspace_field_find(d, 0, "PAM0", 0, "HIENABLE", &f) == REGSPACE_OK);
        EXPECT(f.offset == 0x90 && f.bytes == 1 && f.lsb == 4 && f.mask == 0x30);
        EXPECT(regspace_field_write(d, &f, 2) == REGSPACE_OK);
        EXPECT(regspace_field_read(d, &f, &x) == REGSPACE_OK && x == 2);
        EXPECT(regspace_read(d, 0, 0x90, 1, &x) == REGSPACE_OK && x == 0x20);
        EXPECT(regspace_field_write(d, &f, 0xff) == REGSPACE_OK); /* only the field's bits are stored */
        EXPECT(regspace_read(d, 0, 0x90, 1, &x) == REGSPACE_OK && x == 0x30);
        EXPECT(regspace_field_write(d, &f, 1) == REGSPACE_OK);
        bad = f;
        bad.bytes = 9;
        EXPECT(regspace_field_read(d, &bad, &x) == REGSPACE_INVALID_ARGUMENT);
        bad = f;
        bad.space = 3;
        EXPECT(regspace_field_write(d, &bad, 1) == REGSPACE_INVALID_ARGUMENT);
        bad = f;
        bad.offset = 0xfff0; /* past the space: the store goes nowhere */
        EXPECT(regspace_field_write(d, &bad, 1) == REGSPACE_OK);
        EXPECT(regspace_field_find(d, 0, "PAM0", 0, "HIENABLE", NULL) == REGSPACE_INVALID_ARGUMENT);
        EXPECT(regspace_field_find(d, 0, "PCIEXBAR", 0, NULL, &f) == REGSPACE_OK && f.bytes == 8);
        EXPECT(regspace_field_read(d, &f, &x) == REGSPACE_OK && x == 0xe0000001u); /* 64-bit, in a 4-byte space */
    }

    /* Snapshot round trip: save, reset, restore. */
    EXPECT(regspace_save(d, NULL, 0, &snap_size) == REGSPACE_BUFFER_TOO_SMALL && snap_size > 0 && snap_size <= sizeof snap);
    EXPECT(regspace_save(d, snap, sizeof snap, &snap_size) == REGSPACE_OK);
    EXPECT(regspace_reset(d, REGSPACE_RESET_COLD) == REGSPACE_OK);
    EXPECT(regspace_read(d, 0, 0x60, 4, &x) == REGSPACE_OK && x == 0xb0000000u); /* QEMU's PCIEXBAR default */
    EXPECT(regspace_restore(d, snap, snap_size, why, sizeof why) == REGSPACE_OK);
    EXPECT(regspace_read(d, 0, 0x60, 4, &x) == REGSPACE_OK && x == 0xe0000001u);
    snap[snap_size / 2] ^= 0x40;
    why[0] = 0;
    EXPECT(regspace_restore(d, snap, snap_size, why, sizeof why) == REGSPACE_REFUSED && strlen(why) > 0);
    EXPECT(regspace_read(d, 0, 0x60, 4, &x) == REGSPACE_OK && x == 0xe0000001u); /* unchanged */
    EXPECT(regspace_restore(d, "x", 1, why, 4) == REGSPACE_REFUSED && strlen(why) == 3);

    /* The register map and explain traces. */
    EXPECT(regspace_describe(d, 0, NULL, 0, &needed) == REGSPACE_BUFFER_TOO_SMALL && needed > 100);
    EXPECT(regspace_describe(d, 0, text, sizeof text, &needed) == REGSPACE_OK && strstr(text, "\"PCIEXBAR\"") != NULL);
    EXPECT(regspace_explain_last(d, text, sizeof text, &needed) == REGSPACE_NOT_ENABLED);
    EXPECT(regspace_set_explain(d, 1) == REGSPACE_OK);
    EXPECT(regspace_write(d, 0, 0x90, 1, 0x33) == REGSPACE_OK);
    EXPECT(regspace_explain_last(d, text, sizeof text, &needed) == REGSPACE_OK && strstr(text, "PAM0") != NULL &&
           strstr(text, "HIENABLE") != NULL);
    EXPECT(regspace_explain_last(d, text, 4, &needed) == REGSPACE_BUFFER_TOO_SMALL && needed == strlen(text) + 1);
    EXPECT(v->writes == 3 && v->last_new == 0x33); /* callbacks run under explain too */
    EXPECT(regspace_set_explain(d, 0) == REGSPACE_OK);

    /* Bad arguments get a status, never a crash. */
    EXPECT(regspace_read(d, 1, 0, 4, &x) == REGSPACE_INVALID_ARGUMENT);
    EXPECT(regspace_read(d, 0, 0, 4, NULL) == REGSPACE_INVALID_ARGUMENT);
    EXPECT(regspace_read(NULL, 0, 0, 4, &x) == REGSPACE_INVALID_ARGUMENT);
    EXPECT(regspace_write(NULL, 0, 0, 4, 0) == REGSPACE_INVALID_ARGUMENT);
    EXPECT(regspace_reset(d, 7) == REGSPACE_INVALID_ARGUMENT);
    EXPECT(regspace_get_field(d, 0, NULL, 0, NULL, &x) == REGSPACE_INVALID_ARGUMENT);
    EXPECT(regspace_save(NULL, NULL, 0, NULL) == REGSPACE_INVALID_ARGUMENT);
    EXPECT(regspace_restore(d, NULL, 5, NULL, 0) == REGSPACE_INVALID_ARGUMENT);
    EXPECT(strcmp(regspace_device_name(NULL), "") == 0);
    regspace_destroy(d);
    regspace_destroy(NULL);
}

static void edu(struct vmm* v, const regspace_callbacks* cb) {
    regspace_device* d = regspace_edu_create(cb);
    uint64_t x = 0;
    unsigned char snap[16384];
    size_t n = 0;
    int i;
    EXPECT(d != NULL);
    if (!d) return;
    EXPECT(regspace_space_count(d) == 2);
    EXPECT(regspace_space_size(d, 1) == 1u << 20);
    EXPECT(regspace_read(d, 0, 0x00, 4, &x) == REGSPACE_OK && x == 0x11e81234u);
    /* The VMM programs BAR0 and enables memory and bus mastering; then BAR0 accesses are space 1. */
    EXPECT(regspace_write(d, 0, 0x10, 4, 0xfea00000u) == REGSPACE_OK);
    EXPECT(regspace_write(d, 0, 0x04, 2, 0x0006) == REGSPACE_OK);
    EXPECT(regspace_read(d, 1, 0x00, 4, &x) == REGSPACE_OK && x == 0x010000edu);
    EXPECT(regspace_read(d, 1, 0x02, 2, &x) == REGSPACE_SIZE_REFUSED); /* edu takes naturally aligned 4 and 8 */
    /* A factorial completes when the VMM lets time pass. */
    EXPECT(regspace_write(d, 1, 0x08, 4, 5) == REGSPACE_OK);
    EXPECT(regspace_read(d, 1, 0x20, 4, &x) == REGSPACE_OK && (x & 1) == 1);
    EXPECT(regspace_advance(d, 1) == REGSPACE_OK);
    EXPECT(regspace_read(d, 1, 0x08, 4, &x) == REGSPACE_OK && x == 120);
    /* Interrupts reach the C callback: raise, then acknowledge. */
    EXPECT(regspace_write(d, 1, 0x60, 4, 0x4) == REGSPACE_OK);
    EXPECT(v->intx == 1);
    EXPECT(regspace_write(d, 1, 0x64, 4, 0x4) == REGSPACE_OK);
    EXPECT(v->intx == 0 && v->intx_changes >= 2);
    /* DMA through the C callbacks: RAM -> buffer -> RAM, 100 ms of virtual time each. */
    for (i = 0; i < 32; ++i) v->ram[i] = (uint8_t)(0xa0 + i);
    EXPECT(regspace_write(d, 1, 0x80, 8, RAM_BASE) == REGSPACE_OK);
    EXPECT(regspace_write(d, 1, 0x88, 8, 0x40000) == REGSPACE_OK);
    EXPECT(regspace_write(d, 1, 0x90, 8, 32) == REGSPACE_OK);
    EXPECT(regspace_write(d, 1, 0x98, 8, 1) == REGSPACE_OK);
    EXPECT(regspace_advance(d, 100000000u) == REGSPACE_OK);
    EXPECT(regspace_write(d, 1, 0x80, 8, 0x40000) == REGSPACE_OK);
    EXPECT(regspace_write(d, 1, 0x88, 8, RAM_BASE + 0x100) == REGSPACE_OK);
    EXPECT(regspace_write(d, 1, 0x98, 8, 3) == REGSPACE_OK);
    EXPECT(regspace_advance(d, 100000000u) == REGSPACE_OK);
    EXPECT(memcmp(v->ram + 0x100, v->ram, 32) == 0);
    /* The snapshot carries both spaces and the model: the liveness value survives a restore. */
    EXPECT(regspace_write(d, 1, 0x04, 4, 0x0f0f0f0f) == REGSPACE_OK);
    EXPECT(regspace_save(d, snap, sizeof snap, &n) == REGSPACE_OK);
    EXPECT(regspace_write(d, 1, 0x04, 4, 0) == REGSPACE_OK);
    EXPECT(regspace_restore(d, snap, n, NULL, 0) == REGSPACE_OK);
    EXPECT(regspace_read(d, 1, 0x04, 4, &x) == REGSPACE_OK && x == 0xf0f0f0f0u);
    EXPECT(regspace_get_field(d, 1, "FACTORIAL", 0, "VALUE", &x) == REGSPACE_OK && x == 120);
    /* A made-up handle into BAR0 where no register is (a sparse space's shared empty slot):
     * nothing is stored, so no other unmapped offset changes. */
    {
        regspace_field f;
        f.space = 1;
        f.offset = 0x1000;
        f.bytes = 4;
        f.lsb = 0;
        f.mask = 0xffffffffu;
        EXPECT(regspace_field_write(d, &f, 0x12345678) == REGSPACE_OK);
        EXPECT(regspace_read(d, 1, 0x2000, 4, &x) == REGSPACE_OK && x == 0xffffffffu);
        EXPECT(regspace_read(d, 1, 0x1000, 4, &x) == REGSPACE_OK && x == 0xffffffffu);
    }
    regspace_destroy(d);
}

int main(void) {
    struct vmm v;
    regspace_callbacks cb;
    regspace_callbacks old_caller;
    regspace_device* nic;
    uint64_t x = 0;
    memset(&v, 0, sizeof v);
    memset(&cb, 0, sizeof cb);
    cb.size = sizeof cb;
    cb.opaque = &v;
    cb.on_write = on_write;
    cb.set_intx = set_intx;
    cb.dma_read = dma_read;
    cb.dma_write = dma_write;

    EXPECT(regspace_abi_version() == REGSPACE_C_ABI_VERSION);
    EXPECT(regspace_callbacks_size() == sizeof(regspace_callbacks));
    mch(&v, &cb);
    edu(&v, &cb);

    /* A caller built against a smaller struct (only size, opaque and on_write): the library reads
     * no further. */
    memset(&old_caller, 0xff, sizeof old_caller); /* garbage past the caller's struct */
    old_caller.size = (uint32_t)(offsetof(regspace_callbacks, on_write) + sizeof old_caller.on_write);
    old_caller.opaque = &v;
    old_caller.on_write = on_write;
    nic = regspace_sriov_nic_create(&old_caller);
    EXPECT(nic != NULL);
    EXPECT(regspace_read(nic, 0, 0x00, 4, &x) == REGSPACE_OK && x == 0x10c98086u);
    /* MSI and MSI-X both have a MSGCTL: the name alone is ambiguous, the block names it. */
    EXPECT(regspace_get_field(nic, 0, "MSGCTL", 0, NULL, &x) == REGSPACE_AMBIGUOUS);
    EXPECT(regspace_get_field(nic, 0, "MSI-X.MSGCTL", 0, "TABLE_SIZE", &x) == REGSPACE_OK && x == 9); /* 10 vectors */
    EXPECT(regspace_set_field(nic, 0, "MSI-X.MSGCTL", 0, "MSIXE", 1) == REGSPACE_OK);
    EXPECT(regspace_read(nic, 0, 0x72, 2, &x) == REGSPACE_OK && x == 0x8009);
    regspace_destroy(nic);
    nic = regspace_edu_create(&old_caller);
    EXPECT(regspace_write(nic, 0, 0x10, 4, 0xfea00000u) == REGSPACE_OK && regspace_write(nic, 0, 0x04, 2, 2) == REGSPACE_OK);
    EXPECT(regspace_write(nic, 1, 0x60, 4, 1) == REGSPACE_OK); /* raises INTx: no set_intx known, nothing called */
    regspace_destroy(nic);

    if (failures) {
        fprintf(stderr, "c_api consumer: %d checks failed\n", failures);
        return 1;
    }
    puts("c_api consumer: every check held");
    return 0;
}
