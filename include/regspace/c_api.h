/* SPDX-License-Identifier: MIT */
/* regspace/c_api.h - regspace devices from C, Rust or any language with a C FFI.
 *
 * A device is an opaque handle made by a factory (the shipped devices below, from the
 * regspace-devices library; a C++ project exports its own with regspace/c_export.hpp). Every
 * call returns a status or a plain value; no exception and no C++ type crosses this boundary,
 * and every entry point takes any argument (a null pointer, a space that does not exist, a name
 * that is not there, a buffer too small) and answers it with a status, never undefined behaviour.
 *
 *   regspace_device* mch = regspace_q35_mch_create(NULL);
 *   uint64_t v;
 *   regspace_read(mch, 0, 0x00, 4, &v);          // space 0: its configuration space
 *   regspace_destroy(mch);
 *
 * Versioning: REGSPACE_C_ABI_VERSION is the version this header describes, regspace_abi_version()
 * the library's; they must be equal. Structs passed in start with their own size, so that a
 * library reads only the members its caller knew. */
#ifndef REGSPACE_C_API_H
#define REGSPACE_C_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define REGSPACE_C_ABI_VERSION 1u

/* The entry points are the only symbols a shared library of devices exports. */
#if defined(__GNUC__)
#define REGSPACE_C_API __attribute__((visibility("default")))
#else
#define REGSPACE_C_API
#endif

typedef struct regspace_device regspace_device;

/* What a call did. 0-3 are the guest access statuses of regspace::access_status. */
typedef enum regspace_status {
    REGSPACE_OK = 0,
    REGSPACE_BAD_SIZE = 1,          /* not an access size of the space: read all-ones, write dropped */
    REGSPACE_OUT_OF_RANGE = 2,      /* past the end of the space: read all-ones, write dropped */
    REGSPACE_SIZE_REFUSED = 3,      /* a size rule of the description refused it (read 0 or all-ones, as it says) */
    REGSPACE_INVALID_ARGUMENT = 16, /* a null pointer, a space the device does not have, an unknown reset kind */
    REGSPACE_NOT_FOUND = 17,        /* no register, element or field of that name */
    REGSPACE_BUFFER_TOO_SMALL = 18, /* nothing written; *needed says how much would be */
    REGSPACE_REFUSED = 19,          /* restore: the snapshot was refused and the device is as it was */
    REGSPACE_NOT_ENABLED = 20,      /* explain_last: regspace_set_explain was not turned on */
    REGSPACE_AMBIGUOUS = 21         /* a register name several capabilities use: say "BLOCK.REG" */
} regspace_status;

typedef enum regspace_reset_kind {
    REGSPACE_RESET_COLD = 0, /* power-on: everything, sticky bits included */
    REGSPACE_RESET_WARM = 1, /* hot reset: sticky and HwInit bits survive */
    REGSPACE_RESET_FLR = 2   /* function level reset */
} regspace_reset_kind;

/* Device logic the VMM supplies, and the platform a device model drives. Any pointer may be
 * NULL. `size` must be sizeof(regspace_callbacks) as the caller was compiled. */
typedef struct regspace_callbacks {
    uint32_t size;
    void* opaque; /* passed back to every callback */
    /* After a guest write changed a register (policies, the device's own logic applied): the
     * space, the register's name, its element in a repeat (else 0), old and new value. */
    void (*on_write)(void* opaque, unsigned space, const char* reg, unsigned index, uint64_t old_value,
                     uint64_t new_value);
    /* Device models (edu): the INTx line, a message-signalled interrupt, DMA into guest memory
     * (return 1 when every byte was read or written, 0 when the range is refused). */
    void (*set_intx)(void* opaque, int level);
    void (*send_msi)(void* opaque, uint64_t address, uint32_t data);
    int (*dma_read)(void* opaque, uint64_t address, void* into, size_t size);
    int (*dma_write)(void* opaque, uint64_t address, const void* from, size_t size);
} regspace_callbacks;

REGSPACE_C_API uint32_t regspace_abi_version(void);
REGSPACE_C_API size_t regspace_callbacks_size(void); /* sizeof(regspace_callbacks) in the library */

/* The shipped devices (library regspace-devices). NULL callbacks: none. NULL on failure. */
REGSPACE_C_API regspace_device* regspace_q35_mch_create(const regspace_callbacks* callbacks);   /* 1 space: D0:F0 config */
REGSPACE_C_API regspace_device* regspace_sriov_nic_create(const regspace_callbacks* callbacks); /* 1 space: the PF's config */
REGSPACE_C_API regspace_device* regspace_edu_create(const regspace_callbacks* callbacks);       /* 2: config, BAR0 */
REGSPACE_C_API void regspace_destroy(regspace_device* device); /* NULL: nothing */

REGSPACE_C_API const char* regspace_device_name(const regspace_device* device); /* "" for NULL */
REGSPACE_C_API unsigned regspace_space_count(const regspace_device* device);
REGSPACE_C_API const char* regspace_space_name(const regspace_device* device, unsigned space); /* NULL if none */
REGSPACE_C_API uint64_t regspace_space_size(const regspace_device* device, unsigned space);   /* 0 if none */

/* Guest accesses, with every policy and the device's logic. A read's value is written to
 * *value in every case (all-ones or 0 when refused, as the status says). */
REGSPACE_C_API regspace_status regspace_read(regspace_device* device, unsigned space, uint32_t offset, uint32_t size, uint64_t* value);
REGSPACE_C_API regspace_status regspace_write(regspace_device* device, unsigned space, uint32_t offset, uint32_t size, uint64_t value);

/* Device-side access to a field by name, with no policy ("" or NULL field: the whole register).
 * A register is named alone ("PCIEXBAR") or, where capabilities share names, with its block
 * ("MSI-X.MSGCTL"); `index` is the element of a repeat<>, 0 otherwise. */
REGSPACE_C_API regspace_status regspace_get_field(const regspace_device* device, unsigned space, const char* reg, unsigned index,
                                                  const char* field, uint64_t* value);
REGSPACE_C_API regspace_status regspace_set_field(regspace_device* device, unsigned space, const char* reg, unsigned index,
                                                  const char* field, uint64_t value);

/* The same without a name lookup on every call: resolve the field once, then read and write it
 * (a VMM's hot path). A regspace_field stays valid for every device the same factory makes. */
typedef struct regspace_field {
    uint32_t space;
    uint32_t offset; /* the register element's offset in its space */
    uint32_t bytes;  /* the register's width */
    uint32_t lsb;    /* the field's lowest bit */
    uint64_t mask;   /* the field's bits, in the register */
} regspace_field;
REGSPACE_C_API regspace_status regspace_field_find(const regspace_device* device, unsigned space, const char* reg, unsigned index,
                                                   const char* field, regspace_field* out);
REGSPACE_C_API regspace_status regspace_field_read(const regspace_device* device, const regspace_field* field, uint64_t* value);
REGSPACE_C_API regspace_status regspace_field_write(regspace_device* device, const regspace_field* field, uint64_t value);

/* `kind` is a regspace_reset_kind, passed as an int so that any value a caller gives is defined
 * here (an unknown one: REGSPACE_INVALID_ARGUMENT). */
REGSPACE_C_API regspace_status regspace_reset(regspace_device* device, int kind);
/* Virtual time passed: a device model completes the work now due (edu's factorial and DMA). */
REGSPACE_C_API regspace_status regspace_advance(regspace_device* device, uint64_t nanoseconds);

/* The whole device state (every space, a model's own state) as bytes, and back. save: with a
 * too small buffer (or NULL) nothing is written and *needed is the size. restore: on
 * REGSPACE_REFUSED the reason is written to `why` (NUL-terminated, cut to why_capacity). */
REGSPACE_C_API regspace_status regspace_save(const regspace_device* device, void* buffer, size_t capacity, size_t* needed);
REGSPACE_C_API regspace_status regspace_restore(regspace_device* device, const void* bytes, size_t size, char* why, size_t why_capacity);

/* The register map of a space as JSON (regspace/export.hpp), NUL-terminated. */
REGSPACE_C_API regspace_status regspace_describe(const regspace_device* device, unsigned space, char* buffer, size_t capacity,
                                                 size_t* needed);
/* Explain traces: once enabled, every guest access is performed with an explain trace
 * (regspace/explain.hpp; slower) and the last one can be read as text, NUL-terminated. */
REGSPACE_C_API regspace_status regspace_set_explain(regspace_device* device, int enabled);
REGSPACE_C_API regspace_status regspace_explain_last(const regspace_device* device, char* buffer, size_t capacity, size_t* needed);

#ifdef __cplusplus
}
#endif

#endif /* REGSPACE_C_API_H */
