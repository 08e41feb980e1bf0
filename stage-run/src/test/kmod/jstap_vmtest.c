// Test module for stage-run's VM tests: says hello via printk and serves /proc/jstap_vmtest.
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int greeting = 7;
module_param(greeting, int, 0444);

static struct proc_dir_entry *entry;

static int show(struct seq_file *m, void *v)
{
	seq_printf(m, "jstap_vmtest proc says %d\n", greeting);
	return 0;
}

static int __init vmtest_init(void)
{
	entry = proc_create_single("jstap_vmtest", 0444, NULL, show);
	if (!entry)
		return -ENOMEM;
	pr_info("jstap_vmtest: hello greeting=%d\n", greeting);
	return 0;
}

static void __exit vmtest_exit(void)
{
	proc_remove(entry);
	pr_info("jstap_vmtest: bye\n");
}

module_init(vmtest_init);
module_exit(vmtest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("jstap stage-run test module");
