// SPDX-License-Identifier: GPL-2.0
/* The per-hit floor for bench/icount.sh: a bare kprobe on ksys_read whose handler is one atomic increment.
 * What any kprobe-based tool pays at least (int3 trap, kprobe dispatch, single-step or optimised return). */
#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/module.h>

static atomic64_t hits = ATOMIC64_INIT(0);

static int floor_pre(struct kprobe *kp, struct pt_regs *regs)
{
	atomic64_inc(&hits);
	return 0;
}

static struct kprobe kp = { .symbol_name = "ksys_read", .pre_handler = floor_pre };

static int __init floor_init(void) { return register_kprobe(&kp); }

static void __exit floor_exit(void)
{
	unregister_kprobe(&kp);
	pr_info("floor_kp hits: %lld\n", (long long)atomic64_read(&hits));
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_LICENSE("GPL");
