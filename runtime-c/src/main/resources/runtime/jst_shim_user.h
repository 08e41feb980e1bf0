/* jst_shim_user.h - user space stand-ins so the portable parts of the runtime
 * (strings, printf, maps, stats, contexts) compile with plain gcc for unit tests. */
#ifndef JST_SHIM_USER_H
#define JST_SHIM_USER_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>

#define JST_USER 1

#ifndef likely
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef EFAULT
#define EFAULT 14
#endif

typedef int64_t s64;
typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;

/* atomics: same names as the kernel's, on GCC builtins */
typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic64_t;
#define ATOMIC_INIT(i) { (i) }
#define atomic_read(v)            __atomic_load_n(&(v)->counter, __ATOMIC_SEQ_CST)
#define atomic_set(v, i)          __atomic_store_n(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define atomic_inc(v)             ((void)__atomic_add_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST))
#define atomic_dec(v)             ((void)__atomic_sub_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST))
#define atomic_add(i, v)          ((void)__atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST))
#define atomic_inc_return(v)      __atomic_add_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST)
#define atomic_add_return(i, v)   __atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define atomic_xchg(v, n)         __atomic_exchange_n(&(v)->counter, (n), __ATOMIC_SEQ_CST)
static inline int atomic_cmpxchg(atomic_t *v, int old, int new_)
{
	__atomic_compare_exchange_n(&v->counter, &old, new_, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}
#define atomic64_read(v)          __atomic_load_n(&(v)->counter, __ATOMIC_SEQ_CST)
#define atomic64_set(v, i)        __atomic_store_n(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define atomic64_inc_return(v)    __atomic_add_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST)
#define atomic64_add(i, v)        ((void)__atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST))

static inline void *jst_vzalloc(size_t n) { return calloc(1, n ? n : 1); }
#define jst_vfree(p)   free(p)
#define jst_kzalloc(n) jst_vzalloc(n)
#define jst_kfree(p)   free(p)

/* user space pretends to be a machine with JST_USER_NCPUS CPUs; tests pick the current one */
#ifndef JST_USER_NCPUS
#define JST_USER_NCPUS 4
#endif
extern int jst_user_cpu;
#define jst_ncpus()          JST_USER_NCPUS
#define jst_cpu()            jst_user_cpu
#define jst_ncpus_online()   JST_USER_NCPUS
#define jst_cpu_possible(i)  ((i) >= 0 && (i) < JST_USER_NCPUS)
#define jst_udelay(us)       ((void)(us))
static inline uint64_t jst_cycles(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
#define jst_ktime_ns() ((int64_t)jst_cycles())

/* single-threaded tests: locks always succeed; contended is settable to test skips */
typedef struct { int writers, readers, contended; } jst_rwlock_t;
#define jst_rwlock_init(l)    memset((l), 0, sizeof(*(l)))
#define jst_read_trylock(l)   ((l)->contended ? 0 : ((l)->readers++, 1))
#define jst_write_trylock(l)  ((l)->contended ? 0 : ((l)->writers++, 1))
#define jst_read_unlock(l)    ((l)->readers--)
#define jst_write_unlock(l)   ((l)->writers--)

static inline int jst_test_and_set_bit(int nr, unsigned long *addr)
{
	return (__atomic_fetch_or(addr, 1ul << nr, __ATOMIC_SEQ_CST) >> nr) & 1;
}
static inline void jst_clear_bit(int nr, unsigned long *addr)
{
	__atomic_fetch_and(addr, ~(1ul << nr), __ATOMIC_SEQ_CST);
}

#define jst_preempt_disable() ((void)0)
#define jst_preempt_enable()  ((void)0)
#define jst_preempt_disable_notrace() ((void)0)
#define jst_preempt_enable_notrace() ((void)0)
#define jst_irq_save(f)    ((f) = 0)
#define jst_irq_restore(f) ((void)(f))

/* output sink of the user space build: tests implement it (stream 1 stdout, 2 stderr) */
void jst_user_output(int stream, const char *data, size_t len);


/* kernel attribute and barrier spellings the runtime uses */
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef noinline
#define noinline __attribute__((noinline))
#endif
#ifndef barrier
#define barrier() __asm__ __volatile__("" ::: "memory")
#endif

#endif
