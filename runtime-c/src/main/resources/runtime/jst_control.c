/* jst_control.c - /proc/jstap_<module>/data (output) and /proc/jstap_<module>/ctl (commands). */
#include "jst_control.h"
#include "jst_transport.h"
#include <linux/proc_fs.h>
#include <linux/poll.h>
#include <linux/mutex.h>

static struct proc_dir_entry *jst_proc_dir;
static DEFINE_MUTEX(jst_read_mutex);
static DEFINE_MUTEX(jst_ctl_mutex);
static char jst_proc_name[64];

static ssize_t jst_data_read(struct file *f, char __user *ubuf, size_t len, loff_t *off)
{
	ssize_t n;

	if (mutex_lock_interruptible(&jst_read_mutex))
		return -ERESTARTSYS;
	n = jst_transport_read(ubuf, len);
	mutex_unlock(&jst_read_mutex);
	return n;
}

static __poll_t jst_data_poll(struct file *f, struct poll_table_struct *pt)
{
	__poll_t m = 0;

	poll_wait(f, &jst_read_wq, pt);
	if (jst_transport_pending())
		m |= EPOLLIN | EPOLLRDNORM;
	if (atomic_read(&jst_session.exit_requested))
		m |= EPOLLPRI;
	return m;
}

static const struct proc_ops jst_data_ops = {
	.proc_read = jst_data_read,
	.proc_poll = jst_data_poll,
	.proc_lseek = noop_llseek,
};

static ssize_t jst_ctl_read(struct file *f, char __user *ubuf, size_t len, loff_t *off)
{
	char buf[384];
	int n = scnprintf(buf, sizeof(buf),
			  "state=%d errors=%d skipped=%d exit=%d lost=%ld bufsize=%zu failed=%d "
			  "skip_reentrant=%d skip_lock=%d skip_stack=%d skip_kretprobe=%d "
			  "lost_lines=%ld lost_bytes=%ld suppressed=%d\n",
			  atomic_read(&jst_session.state), atomic_read(&jst_session.error_count),
			  atomic_read(&jst_session.skipped_count),
			  atomic_read(&jst_session.exit_requested), jst_transport_lost(),
			  jst_transport_bufsize(), atomic_read(&jst_session.start_failed),
			  atomic_read(&jst_session.skipped_by[JST_SKIP_REENTRANT]),
			  atomic_read(&jst_session.skipped_by[JST_SKIP_LOCK]),
			  atomic_read(&jst_session.skipped_by[JST_SKIP_STACK]),
			  atomic_read(&jst_session.skipped_by[JST_SKIP_KRETPROBE]),
			  jst_transport_lost_lines(), jst_transport_lost_bytes(),
			  atomic_read(&jst_session.suppressed_count));
	return simple_read_from_buffer(ubuf, len, off, buf, (size_t)n);
}

static ssize_t jst_ctl_write(struct file *f, const char __user *ubuf, size_t len, loff_t *off)
{
	char cmd[64];
	size_t n = min(len, sizeof(cmd) - 1);
	long pid = 0;
	int rc = 0;

	if (copy_from_user(cmd, ubuf, n))
		return -EFAULT;
	cmd[n] = '\0';
	strim(cmd);
	mutex_lock(&jst_ctl_mutex);
	if (strncmp(cmd, "start", 5) == 0) {
		/* "start [PID [GMTOFF TZNAME]]": the loader's time zone for tz_gmtoff()/tz_name(), as stapio sends it */
		long gmtoff = 0;
		char tzname[sizeof(jst_session.tz_name)] = "UTC";
		int n = cmd[5] == ' ' ? sscanf(cmd + 6, "%ld %ld %31s", &pid, &gmtoff, tzname) : 0;

		if (cmd[5] == ' ' && n < 1)
			rc = -EINVAL;
		else if (atomic_read(&jst_session.state) != JST_STATE_LOADED)
			rc = -EALREADY;
		else {
			jst_session.tz_gmtoff = gmtoff;
			strscpy(jst_session.tz_name, n >= 3 ? tzname : "UTC", sizeof(jst_session.tz_name));
			jst_session.stp_pid = current->tgid;
			rc = jst_session_start(pid);
		}
	} else if (strcmp(cmd, "stop") == 0) {
		jst_session_stop(1);
	} else {
		rc = -EINVAL;
	}
	mutex_unlock(&jst_ctl_mutex);
	return rc ? rc : (ssize_t)len;
}

static const struct proc_ops jst_ctl_ops = {
	.proc_read = jst_ctl_read,
	.proc_write = jst_ctl_write,
	.proc_lseek = default_llseek,
};

JST_FN int jst_control_init(const char *modname)
{
	snprintf(jst_proc_name, sizeof(jst_proc_name), "jstap_%s", modname);
	jst_proc_dir = proc_mkdir(jst_proc_name, NULL);
	if (!jst_proc_dir)
		return -EEXIST;
	if (!proc_create("data", 0400, jst_proc_dir, &jst_data_ops) ||
	    !proc_create("ctl", 0600, jst_proc_dir, &jst_ctl_ops)) {
		proc_remove(jst_proc_dir);
		jst_proc_dir = NULL;
		return -ENOMEM;
	}
	return 0;
}

JST_FN void jst_control_exit(void)
{
	if (jst_proc_dir)
		proc_remove(jst_proc_dir);
	jst_proc_dir = NULL;
}
