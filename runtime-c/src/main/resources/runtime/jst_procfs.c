/* jst_procfs.c - procfs("name").read/.write[.maxsize(N)] (kernel only; included by jst_probes.c
 * when JST_NEED_PROCFS): one file /proc/systemtap/MODULE/name per name, readable when a read
 * probe names it, writable when a write probe does.
 * Each open file has its own buffer of maxsize bytes (the largest of the name's probes; default
 * MAXSTRINGLEN) holding $value: the first read after open (or after a write) runs the read probe
 * and hands out what it left in $value; each write(2) puts its bytes (truncated to the buffer) in
 * $value and runs the write probes. Permissions: 0400 for reading, 0200 for writing, or with
 * .umask(N) 0444 / 0222 without N's bits. */
#if JST_NEED_PROCFS
#include <linux/proc_fs.h>
#include <linux/namei.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 17, 0)
#define jst_pde_data(inode) pde_data(inode)
#else
#define jst_pde_data(inode) PDE_DATA(inode)
#endif

struct jst_pf_file {
	struct mutex lock;
	const struct jst_procfs_probe *first;  /* first probe of this file's name */
	int filled;                            /* buf holds the read probe's output */
	size_t size;                           /* bytes of buf, NUL included */
	char buf[];
};

static struct proc_dir_entry *jst_pf_dir;

static const struct jst_procfs_probe *jst_pf_probe(const char *name, int write)
{
	unsigned int i;

	for (i = 0; i < jst_module->nprocfses; i++)
		if (jst_module->procfses[i].write == write && strcmp(jst_module->procfses[i].name, name) == 0)
			return &jst_module->procfses[i];
	return NULL;
}

static size_t jst_pf_size(const char *name)
{
	size_t size = 0;
	unsigned int i;

	for (i = 0; i < jst_module->nprocfses; i++) {
		const struct jst_procfs_probe *pp = &jst_module->procfses[i];
		size_t s = pp->maxsize > 0 ? (size_t)pp->maxsize + 1 : MAXSTRINGLEN;
		if (strcmp(pp->name, name) == 0 && s > size)
			size = s;
	}
	return size;
}

static void jst_pf_run(const struct jst_procfs_probe *pp, struct jst_pf_file *pf)
{
	unsigned long flags;
	struct jst_context *c = jst_probe_enter(pp->probe, JST_STATE_RUNNING, &flags);

	if (!c)
		return;
	c->procfs_buf = pf->buf;
	c->procfs_size = pf->size;
	pp->probe->body(c);
	c->procfs_buf = NULL;
	c->procfs_size = 0;
	jst_probe_exit(c, flags);
}

static int jst_pf_open(struct inode *inode, struct file *f)
{
	const struct jst_procfs_probe *first = jst_pde_data(inode);
	size_t size = jst_pf_size(first->name);
	struct jst_pf_file *pf = kzalloc(sizeof(*pf) + size, GFP_KERNEL);

	if (!pf)
		return -ENOMEM;
	mutex_init(&pf->lock);
	pf->first = first;
	pf->size = size;
	f->private_data = pf;
	return 0;
}

static int jst_pf_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static ssize_t jst_pf_read(struct file *f, char __user *ubuf, size_t n, loff_t *pos)
{
	struct jst_pf_file *pf = f->private_data;
	const struct jst_procfs_probe *rp = jst_pf_probe(pf->first->name, 0);
	ssize_t rc;

	if (!rp)
		return -EINVAL;
	mutex_lock(&pf->lock);
	if (!pf->filled) {
		pf->buf[0] = '\0';
		jst_pf_run(rp, pf);
		pf->filled = 1;
	}
	rc = simple_read_from_buffer(ubuf, n, pos, pf->buf, strnlen(pf->buf, pf->size));
	mutex_unlock(&pf->lock);
	return rc;
}

static ssize_t jst_pf_write(struct file *f, const char __user *ubuf, size_t n, loff_t *pos)
{
	struct jst_pf_file *pf = f->private_data;
	size_t len = min(n, pf->size - 1);
	unsigned int i;
	int any = 0;

	mutex_lock(&pf->lock);
	/* every write probe of the name runs, each on what was written (input.char and input.line share
	 * __stdin) */
	for (i = 0; i < jst_module->nprocfses; i++) {
		const struct jst_procfs_probe *wp = &jst_module->procfses[i];

		if (!wp->write || strcmp(wp->name, pf->first->name) != 0)
			continue;
		if (copy_from_user(pf->buf, ubuf, len)) {
			mutex_unlock(&pf->lock);
			return -EFAULT;
		}
		pf->buf[len] = '\0';
		jst_pf_run(wp, pf);
		any = 1;
	}
	pf->filled = 0;          /* a read after a write runs the read probe again */
	*pos = 0;
	mutex_unlock(&pf->lock);
	return any ? (ssize_t)n : -EINVAL;
}

static const struct proc_ops jst_pf_ops = {
	.proc_open = jst_pf_open,
	.proc_read = jst_pf_read,
	.proc_write = jst_pf_write,
	.proc_release = jst_pf_release,
	.proc_lseek = default_llseek,
};

static void jst_procfs_unregister(void)
{
	/* waits for file operations in progress and closes the open files (their release runs) */
	if (jst_pf_dir)
		proc_remove(jst_pf_dir);
	jst_pf_dir = NULL;
}

static int jst_procfs_register(void)
{
	unsigned int i, j;
	struct path sys_dir;

	/* /proc/systemtap is shared with other sessions and never removed: made only when missing (making
	 * it again, or a path under a missing one, makes the kernel warn) */
	if (kern_path("/proc/systemtap", LOOKUP_DIRECTORY, &sys_dir) == 0)
		path_put(&sys_dir);
	else
		proc_mkdir("systemtap", NULL);
	jst_pf_dir = proc_mkdir("systemtap/" KBUILD_MODNAME, NULL);
	if (!jst_pf_dir) {
		jst_session_message(JST_STREAM_STDERR, "ERROR: cannot create /proc/systemtap/%s\n", KBUILD_MODNAME);
		return -ENOMEM;
	}
	for (i = 0; i < jst_module->nprocfses; i++) {
		struct jst_procfs_probe *pp = &jst_module->procfses[i];
		umode_t mode = 0, rmode = 0400, wmode = 0200;
		long um = -1;

		for (j = 0; j < i; j++)
			if (strcmp(jst_module->procfses[j].name, pp->name) == 0)
				break;
		if (j < i)
			continue;        /* the file exists already */
		for (j = i; j < jst_module->nprocfses; j++)
			if (strcmp(jst_module->procfses[j].name, pp->name) == 0 && jst_module->procfses[j].umask >= 0)
				um = jst_module->procfses[j].umask;
		if (um >= 0) {  /* as stap: .umask(N) masks world-wide bits; 0 left makes procfs use 0444 */
			rmode = 0444 & ~um;
			wmode = 0222 & ~um;
		}
		if (jst_pf_probe(pp->name, 0))
			mode |= rmode;
		if (jst_pf_probe(pp->name, 1))
			mode |= wmode;
		pp->pde = proc_create_data(pp->name, mode, jst_pf_dir, &jst_pf_ops, pp);
		if (!pp->pde) {
			jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s: cannot create /proc/systemtap/%s/%s\n",
					    pp->probe->pp, KBUILD_MODNAME, pp->name);
			return -ENOMEM;
		}
	}
	return 0;
}
#else
static int jst_procfs_register(void) { return 0; }
static void jst_procfs_unregister(void) { }
#endif
