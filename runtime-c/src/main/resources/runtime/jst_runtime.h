/* jst_runtime.h - include this first in a generated module (and in user space tests).
 *
 * Select the optional parts before including (all default to 0 except maps and stats):
 *   JST_NEED_MAPS, JST_NEED_STATS, JST_NEED_KPROBES, JST_NEED_TIMERS, JST_NEED_PROFILE,
 *   JST_NEED_TRACEPOINTS, JST_NEED_UPROBES, JST_NEED_REGEX (matched(); see jst_regex.h for its sizes)
 * Then include jst_runtime.c once (after the generated declarations or before, both work). */
#ifndef JST_RUNTIME_H
#define JST_RUNTIME_H

#ifndef JST_NEED_MAPS
#define JST_NEED_MAPS 1
#endif
#ifndef JST_NEED_STATS
#define JST_NEED_STATS 1
#endif
#ifndef JST_NEED_REGEX
#define JST_NEED_REGEX 0
#endif

#include "jst_shim.h"
#include "jst_string.h"
#include "jst_context.h"
#include "jst_printf.h"
#include "jst_memory.h"
#include "jst_fp.h"
#if JST_NEED_STATS || JST_NEED_MAPS
#include "jst_stat.h"
#endif
#if JST_NEED_MAPS
#include "jst_map.h"
#endif
#ifdef __KERNEL__
#include "jst_transport.h"
#include "jst_control.h"
#include "jst_probes.h"
#include "jst_task.h"
#include "jst_syms.h"
#endif

#endif
