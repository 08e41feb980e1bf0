/* jst_shim.h - the one place that differs between kernel and user space builds.
 * Every runtime file includes this first. Kernel: real kernel headers. User space
 * (unit tests, -DJST_USER): libc plus small stand-ins with the same names. */
#ifndef JST_SHIM_H
#define JST_SHIM_H

#include "jst_limits.h"

#ifdef __KERNEL__
#include "jst_shim_kernel.h"
#else
#include "jst_shim_user.h"
#endif

/* every runtime function is static (single translation unit) and may be unused */
#define JST_FN static __attribute__((unused))

/* A probe type's handler (the prologue and epilogue inlined): no stack canary. Its frame holds no array and no
 * address-taken local, only the canary's own load and check (about 8 instructions a hit) would remain. Nor is
 * it traced (the kernel's notrace: no __fentry__ call site; a tracer could otherwise run inside a hit). */
#if defined(__has_attribute)
#if __has_attribute(__no_stack_protector__)
#define JST_HANDLER_NOSP __attribute__((__no_stack_protector__))
#endif
#endif
#ifndef JST_HANDLER_NOSP
#define JST_HANDLER_NOSP
#endif
#ifdef __KERNEL__
#define JST_HANDLER JST_HANDLER_NOSP notrace
#else
#define JST_HANDLER JST_HANDLER_NOSP
#endif

#define JST_NOKEY 0
enum jst_type { JST_T_NONE = 0, JST_T_LONG = 1, JST_T_STRING = 2, JST_T_STAT = 3 };

#endif
