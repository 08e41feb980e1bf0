/* jst_runtime.c - the runtime's implementation; included once by the generated module. */
#include "jst_runtime.h"
#include "jst_string.c"
#include "jst_context.c"
#include "jst_printf.c"
#include "jst_memory.c"
#include "jst_fp.c"
#if JST_NEED_STATS || JST_NEED_MAPS
#include "jst_stat.c"
#endif
#if JST_NEED_MAPS
#include "jst_map.c"
#endif
#if JST_NEED_REGEX
#include "jst_regex.c"
#endif
#ifdef __KERNEL__
#include "jst_transport.c"
#include "jst_control.c"
#include "jst_probes.c"
#include "jst_task.c"
#include "jst_syms.c"
#include "jst_usyms.c"
#endif
