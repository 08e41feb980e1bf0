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

#define JST_NOKEY 0
enum jst_type { JST_T_NONE = 0, JST_T_LONG = 1, JST_T_STRING = 2, JST_T_STAT = 3 };

#endif
