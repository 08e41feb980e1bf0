// Test module that cannot be unloaded (no exit function): the VM must notice and restart.
#include <linux/module.h>

static int __init stuck_init(void)
{
	pr_info("jstap_stuck: loaded for good\n");
	return 0;
}

module_init(stuck_init);
MODULE_LICENSE("GPL");
