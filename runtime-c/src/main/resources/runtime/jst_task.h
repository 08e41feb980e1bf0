/* jst_task.h - small accessors the tapset functions compile to (kernel only): current task,
 * time, probe-point registers (x86-64). */
#ifndef JST_TASK_H
#define JST_TASK_H
#include "jst_context.h"

JST_FN int64_t jst_pid(void);            /* pid(): thread group id */
JST_FN int64_t jst_tid(void);            /* tid() */
JST_FN int64_t jst_ppid(void);           /* ppid() */
JST_FN int64_t jst_uid(void);            /* uid() */
JST_FN int64_t jst_euid(void);           /* euid() */
JST_FN int64_t jst_gid(void);            /* gid() */
JST_FN void jst_execname(char *dst);     /* execname() into a MAXSTRINGLEN buffer */
JST_FN int64_t jst_cpu_id(void);         /* cpu() */
JST_FN int64_t jst_time_ns(void);        /* gettimeofday_ns(); _us/_ms/_s divide */
JST_FN int64_t jst_local_clock_ns(void); /* local_clock_ns() */
JST_FN int64_t jst_jiffies(void);        /* jiffies() */
/* probe point data */
JST_FN int64_t jst_arg(struct jst_context *c, int n);   /* n-th integer argument (1-based) at entry */
JST_FN int64_t jst_retval(struct jst_context *c);       /* $return in .return probes */
JST_FN int64_t jst_uaddr(struct jst_context *c);        /* uaddr(): user pc, 0 if none */
JST_FN int64_t jst_addr(struct jst_context *c);         /* addr(): pc of the probe point */
JST_FN int jst_is_user(struct jst_context *c);          /* user_mode() */
static inline const char *jst_pp(struct jst_context *c) { return c->probe ? c->probe->pp : ""; }

#endif
