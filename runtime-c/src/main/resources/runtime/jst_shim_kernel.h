/* jst_shim_kernel.h - kernel side of the shim. */
#ifndef JST_SHIM_KERNEL_H
#define JST_SHIM_KERNEL_H

#include "jst_autoconf.h"
#include <linux/version.h> /* LINUX_VERSION_CODE / KERNEL_VERSION in scripts' embedded C, as stap's runtime offers */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/smp.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/timex.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/stdarg.h>
#include <linux/bitops.h>

/* bytes the runtime allocated for the session (contexts, maps, statistics): module_size()'s "alloc" */
static atomic_long_t jst_alloc_bytes;
static inline void *jst_counted_alloc(void *p, size_t n)
{
	if (p)
		atomic_long_add((long)n, &jst_alloc_bytes);
	return p;
}
#define jst_vzalloc(n)   jst_counted_alloc(vzalloc(n), (n))
#define jst_vfree(p)     vfree(p)
#define jst_kzalloc(n)   jst_counted_alloc(kzalloc((n), GFP_KERNEL), (n))
#define jst_kfree(p)     kfree(p)
#define jst_ncpus()      ((int)nr_cpu_ids)
#define jst_cpu()        ((int)raw_smp_processor_id())
#define jst_ncpus_online() ((int)num_online_cpus())
#define jst_cpu_possible(i) cpu_possible(i)
#define jst_udelay(us)   udelay(us)
#define jst_cycles()     ((uint64_t)get_cycles())
#define jst_ktime_ns()   ((int64_t)ktime_get_ns())

typedef rwlock_t jst_rwlock_t;
#define jst_rwlock_init(l)        rwlock_init(l)
#define jst_read_trylock(l)       read_trylock(l)
#define jst_write_trylock(l)      write_trylock(l)
#define jst_read_unlock(l)        read_unlock(l)
#define jst_write_unlock(l)       write_unlock(l)

#define jst_test_and_set_bit(nr, addr) test_and_set_bit((nr), (addr))
#define jst_clear_bit(nr, addr)        clear_bit((nr), (addr))

#define jst_preempt_disable() preempt_disable()
#define jst_preempt_enable()  preempt_enable()
/* JST_GUARD_KERNEL hits: preemption is already off; the notrace pair is one increment and a decrement with its
 * (never taken) rescheduling branch */
#define jst_preempt_disable_notrace() preempt_disable_notrace()
#define jst_preempt_enable_notrace() preempt_enable_notrace()
#define jst_irq_save(f)      local_irq_save(f)
#define jst_irq_restore(f)   local_irq_restore(f)

#endif
