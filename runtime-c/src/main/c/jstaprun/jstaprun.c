/* jstaprun - loads a jstap module, starts its probes, drains its output, stops it and
 * always unloads it. Static binary for the test VM's initramfs.
 *
 *   jstaprun [-o FILE [-S SIZE[,N]]] [-m MARK] [-i INPUT] [-c CMD] [-x PID] [-v] module.ko [param=value...]
 *   jstaprun -d MODULE      (stop and unload a module left behind, e.g. after SIGKILL)
 *
 * Protocol with the module: /proc/jstap_<module>/ctl ("start [PID]", "stop", status line)
 * and /proc/jstap_<module>/data (records {u32 len, u32 stream} + payload padded to 8). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wordexp.h>
#include <pthread.h>

#define POLL_MS 20
#define READ_BUF (1 << 20)

struct status { int state, errors, skipped, exit_req, failed; long lost; long bufsize;
	int skip_reentrant, skip_lock, skip_stack, skip_kretprobe; long lost_lines, lost_bytes;
	int suppressed; /* --suppress-handler-errors: counted, not failing the run */ };

static volatile sig_atomic_t got_signal;
static int verbose;
static int out_fd = 1;
static char *rbuf;
static struct timespec t_start;

static void vlog(const char *fmt, ...)
{
	va_list ap;
	struct timespec t;

	if (!verbose)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	fprintf(stderr, "jstaprun [%ld ms]: ", (t.tv_sec - t_start.tv_sec) * 1000 +
		(t.tv_nsec - t_start.tv_nsec) / 1000000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void on_signal(int sig) { got_signal = sig; }

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* -o FILE, -S SIZE[,N] and switch_file() (stream 4), named and cut as stap 4.8 does and as jstap's Java side
 * (org.jstap.api.ScriptOutput) does for interp, bpf and the VM's host: FILE, then FILE.1, FILE.2 ... at each
 * switch_file(); with -S, FILE.0, FILE.1 ..., a new file before a line that would take this one past SIZE MiB,
 * and only the newest N kept (N > 0). FILE may hold strftime(3) conversions, expanded as each file opens.
 * -m MARK (the VM agent's control marker): a switch is the line "MARK SWITCH" on stdout instead, for the host. */
static const char *out_base, *out_mark;
static long long out_limit, out_size;
static int out_keep, out_numbered, out_index, out_line_start = 1;

static int open_outfile(void)
{
	char name[4096], stamp[4000];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	if (strftime(stamp, sizeof(stamp), out_base, &tm) == 0)
		snprintf(stamp, sizeof(stamp), "%s", out_base);
	if (out_numbered || out_index > 0)
		snprintf(name, sizeof(name), "%s.%d", stamp, out_index);
	else
		snprintf(name, sizeof(name), "%s", stamp);
	if (out_fd != 1)
		close(out_fd);
	out_fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out_fd < 0) {
		fprintf(stderr, "ERROR: Couldn't open output file '%s': %s\n", name, strerror(errno));
		out_fd = 1;
		return -1;
	}
	if (out_keep > 0) { /* the newest N names, as they were opened; the one N back goes */
		static char **names;
		int slot = out_index % out_keep;
		if (!names)
			names = calloc((size_t)out_keep, sizeof(*names));
		if (names) {
			if (names[slot]) {
				unlink(names[slot]);
				free(names[slot]);
			}
			names[slot] = strdup(name);
		}
	}
	out_index++;
	out_size = 0;
	return 0;
}

static void switch_file(void)
{
	if (out_mark) {
		char line[300];
		int n = snprintf(line, sizeof(line), "%s SWITCH\n", out_mark);
		write_all(1, line, (size_t)n);
	} else if (out_base) {
		open_outfile();
	}
}

/* script output: line by line into the -S files, so each stays within SIZE */
static void write_out(const char *p, size_t len)
{
	if (!out_base || out_limit <= 0) {
		write_all(out_fd, p, len);
		return;
	}
	while (len) {
		const char *nl = memchr(p, '\n', len);
		size_t n = nl ? (size_t)(nl - p) + 1 : len;
		if (out_size > 0 && out_line_start && out_size + (long long)n > out_limit)
			open_outfile();
		write_all(out_fd, p, n);
		out_size += (long long)n;
		out_line_start = p[n - 1] == '\n';
		p += n;
		len -= n;
	}
}

/* input.char / input.line: a module with them has /proc/systemtap/MODULE/__stdin; our stdin goes there one byte
 * per write while the probes run (each write is one hit of its write probes, as stap's stapio feeds it), until end
 * of input, which does not end the session (as with stap). -i INPUT reads INPUT instead (the VM agent's FIFO, so
 * a -c command's stdin stays its own) */
static int in_fd = -1, in_eof, in_src;

static void forward_stdin(void)
{
	char b[4096];
	ssize_t n = read(in_src, b, sizeof(b)), i;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		in_eof = 1;
		return;
	}
	for (i = 0; i < n; i++)
		if (write(in_fd, b + i, 1) < 0 && errno != EINTR)
			break;
}

/* system(cmd) from the script (stream 3): /bin/sh -c CMD at once, as stap's stapio runs it: asynchronously, never
 * waited for, its output on our own stdout/stderr (not -o's file). A double fork: the command is nobody's child
 * here, so no zombie, and waitpid() for the -c command stays exact. */
#define STREAM_SYSTEM 3
#define STREAM_SWITCH 4
static void run_system(const char *s)
{
	pid_t p = fork();

	if (p == 0) {
		if (fork() == 0) {
			signal(SIGPIPE, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			signal(SIGHUP, SIG_DFL);
			execl("/bin/sh", "sh", "-c", s, (char *)NULL);
			_exit(127);
		}
		_exit(0);
	}
	if (p > 0)
		waitpid(p, NULL, 0);
}

/* system() requests, started one drain after the one that read them: by then the hit that asked has ended and
 * its output (flushed at its end, after the request) is out, as with stap */
static char *sys_queue[64];
static int sys_queued;

static void run_queued(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		run_system(sys_queue[i]);
		free(sys_queue[i]);
	}
	memmove(sys_queue, sys_queue + n, (size_t)(sys_queued - n) * sizeof(sys_queue[0]));
	sys_queued -= n;
}

static void queue_system(const char *cmd, size_t len)
{
	if (sys_queued == (int)(sizeof(sys_queue) / sizeof(sys_queue[0])))
		run_queued(sys_queued);
	sys_queue[sys_queued] = strndup(cmd, len);
	if (sys_queue[sys_queued])
		sys_queued++;
}

/* read everything pending; returns bytes of payload seen, or -1 on a read error */
static long drain_records(int data_fd)
{
	long total = 0;

	for (;;) {
		ssize_t n = read(data_fd, rbuf, READ_BUF);
		size_t off = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return total;
			return -1;
		}
		if (n == 0)
			return total;
		while (off + 8 <= (size_t)n) {
			unsigned int len, stream;
			memcpy(&len, rbuf + off, 4);
			memcpy(&stream, rbuf + off + 4, 4);
			if (off + 8 + len > (size_t)n)
				break;
			if (stream == STREAM_SYSTEM)
				queue_system(rbuf + off + 8, len);
			else if (stream == STREAM_SWITCH)
				switch_file();
			else if (stream == 2)
				write_all(2, rbuf + off + 8, len);
			else
				write_out(rbuf + off + 8, len);
			total += len;
			off += (8 + len + 7) & ~(size_t)7;
		}
	}
}

/* drain_records, then the system() commands earlier drains met */
static long drain(int data_fd)
{
	int older = sys_queued;
	long n = drain_records(data_fd);

	run_queued(older);
	return n;
}

static int read_status(int ctl_fd, struct status *st)
{
	char buf[384];
	ssize_t n = pread(ctl_fd, buf, sizeof(buf) - 1, 0);

	memset(st, 0, sizeof(*st));
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "state=%d errors=%d skipped=%d exit=%d lost=%ld bufsize=%ld failed=%d",
		   &st->state, &st->errors, &st->skipped, &st->exit_req, &st->lost,
		   &st->bufsize, &st->failed) != 7)
		return -1;
	/* optional details (newer modules) */
	{
		const char *d = strstr(buf, "skip_reentrant=");
		if (d)
			sscanf(d, "skip_reentrant=%d skip_lock=%d skip_stack=%d skip_kretprobe=%d",
			       &st->skip_reentrant, &st->skip_lock, &st->skip_stack, &st->skip_kretprobe);
		d = strstr(buf, "lost_lines=");
		if (d)
			sscanf(d, "lost_lines=%ld lost_bytes=%ld", &st->lost_lines, &st->lost_bytes);
		else
			st->lost_lines = st->lost_bytes = -1;   /* an older module: unknown */
		d = strstr(buf, "suppressed=");
		if (d)
			sscanf(d, "suppressed=%d", &st->suppressed);
	}
	return 0;
}

static int ctl_cmd(int ctl_fd, const char *cmd)
{
	ssize_t n = pwrite(ctl_fd, cmd, strlen(cmd), 0);
	return n < 0 ? -errno : 0;
}

/* begin/end probes run inside the ctl write and may print more than a ring holds: the
 * command runs on a thread while this one keeps draining */
struct cmd_job { int ctl_fd; const char *cmd; volatile int done; int rc; };

static void *cmd_thread(void *arg)
{
	struct cmd_job *j = arg;
	j->rc = ctl_cmd(j->ctl_fd, j->cmd);
	__atomic_store_n(&j->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int ctl_cmd_draining(int ctl_fd, int data_fd, const char *cmd)
{
	struct cmd_job j = { ctl_fd, cmd, 0, 0 };
	pthread_t t;

	if (pthread_create(&t, NULL, cmd_thread, &j) != 0)
		return ctl_cmd(ctl_fd, cmd);
	while (!__atomic_load_n(&j.done, __ATOMIC_SEQ_CST)) {
		struct pollfd pfd = { data_fd, POLLIN, 0 };
		poll(&pfd, 1, 5);
		drain(data_fd);
	}
	pthread_join(t, NULL);
	return j.rc;
}

static int unload(const char *name)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0)
			return 0;
		if (errno != EAGAIN && errno != EBUSY && errno != EINTR)
			break;
		usleep(10000);
	}
	fprintf(stderr, "ERROR: Couldn't remove module '%s': %s\n", name, strerror(errno));
	return -1;
}

/* -c: the session ended before the command did. Nothing may outlive the session: SIGTERM to the
 * command's process group, SIGKILL to what is left after a grace period. Returns 1 if killed. */
#define CMD_GRACE_MS 2000
static int end_command(pid_t child)
{
	int waited, reaped = 0;

	if (kill(-child, SIGTERM) < 0 && errno == ESRCH)
		return 0;
	vlog("command %d still running: SIGTERM", (int)child);
	for (waited = 0; waited < CMD_GRACE_MS; waited += 10) {
		if (!reaped && waitpid(child, NULL, WNOHANG) == child)
			reaped = 1;
		if (reaped && kill(-child, 0) < 0 && errno == ESRCH)
			return 1;
		usleep(10000);
	}
	vlog("command %d: SIGKILL", (int)child);
	kill(-child, SIGKILL);
	if (!reaped)
		waitpid(child, NULL, 0);
	return 1;
}

/* -c's guard: a process outside the command's group holding the read end of a pipe only we write. However we
 * end (SIGKILL too), the pipe closes and the guard SIGKILLs the command's whole process group, stopped or running,
 * so nothing it started outlives the session; a normal end says 'q' first (the command is gone or ended by then). */
static int guard_fd = -1;
static pid_t guard_pid = -1;

static void guard_command(pid_t pgid)
{
	int p[2], fd;
	char b = 0;
	pid_t g;

	if (pipe2(p, O_CLOEXEC))
		return;
	g = fork();
	if (g == 0) {
		/* Ctrl-C reaches our group too: the guard stays until we are gone */
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		for (fd = 0; fd < 1024; fd++)     /* none of the session's pipes or module files stay open here */
			if (fd != p[0])
				close(fd);
		while (read(p[0], &b, 1) < 0 && errno == EINTR)
			;
		if (b != 'q')
			kill(-pgid, SIGKILL);
		_exit(0);
	}
	close(p[0]);
	if (g < 0) {
		close(p[1]);
		return;
	}
	guard_fd = p[1];
	guard_pid = g;
}

static void unguard_command(void)
{
	if (guard_fd < 0)
		return;
	if (write(guard_fd, "q", 1) != 1)
		vlog("guard: %s", strerror(errno));
	close(guard_fd);
	guard_fd = -1;
	waitpid(guard_pid, NULL, 0);
}

/* -c as stap runs it: words without shell syntax are executed directly (a command that cannot be run
 * says why and exits 1); anything else goes through /bin/sh -c */
static void exec_command(const char *cmd)
{
	wordexp_t w;

	if (wordexp(cmd, &w, WRDE_NOCMD | WRDE_UNDEF) == 0 && w.we_wordc > 0) {
		execvp(w.we_wordv[0], w.we_wordv);
		perror(w.we_wordv[0]);
		_exit(1);
	}
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/* the command ended by itself: a failure fails the session (exit 1), as with stap */
static int report_command(int wstatus)
{
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0) {
		fprintf(stderr, "WARNING: Child process exited with status %d\n", WEXITSTATUS(wstatus));
		return 1;
	}
	if (WIFSIGNALED(wstatus)) {
		fprintf(stderr, "WARNING: Child process exited with signal %d (%s)\n", WTERMSIG(wstatus),
			strsignal(WTERMSIG(wstatus)));
		return 1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: jstaprun [-o FILE [-S SIZE[,N]]] [-m MARK] [-i INPUT] [-c CMD] [-x PID] [-v] module.ko [param=value...]\n"
			"       jstaprun -d MODULE\n");
	exit(1);
}

/* -d: stop (no end probes are lost: they print to stdout) and unload a leftover module */
static int detach_unload(const char *name)
{
	char file[340];
	int data_fd, ctl_fd, rc = 0;

	snprintf(file, sizeof(file), "/proc/jstap_%s/data", name);
	data_fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	snprintf(file, sizeof(file), "/proc/jstap_%s/ctl", name);
	ctl_fd = open(file, O_RDWR | O_CLOEXEC);
	if (data_fd >= 0 && ctl_fd >= 0) {
		drain(data_fd);
		ctl_cmd_draining(ctl_fd, data_fd, "stop");
		drain(data_fd);
	}
	if (data_fd >= 0)
		close(data_fd);
	if (ctl_fd >= 0)
		close(ctl_fd);
	if (unload(name))
		rc = 1;
	return rc;
}

int main(int argc, char **argv)
{
	const char *outfile = NULL, *cmd = NULL, *path;
	char name[256], procdir[300], file[340], params[4096] = "";
	long xpid = 0, target = 0;
	pid_t child = -1;
	int go_pipe[2] = { -1, -1 };
	int opt, mod_fd, data_fd = -1, ctl_fd = -1, rc = 0, i, child_done = 0, start_rc = 0, cmd_failed = 0, wst;
	struct status st;
	struct sigaction sa;
	char *base, *dot;
	size_t plen = 0;

	clock_gettime(CLOCK_MONOTONIC, &t_start);
	while ((opt = getopt(argc, argv, "+o:S:m:i:c:x:d:vh")) != -1) {
		switch (opt) {
		case 'd':
			rbuf = malloc(READ_BUF);
			return rbuf ? detach_unload(optarg) : 1;
		case 'o': outfile = optarg; break;
		case 'S': {
			char *end;
			out_limit = strtoll(optarg, &end, 10) * (1LL << 20);
			out_numbered = 1;
			if (*end == ',')
				out_keep = (int)strtol(end + 1, NULL, 10);
			break;
		}
		case 'm': out_mark = optarg; break;
		case 'i': /* read-write: a FIFO opens without a writer and never reads end of input */
			in_src = open(optarg, O_RDWR | O_NONBLOCK | O_CLOEXEC);
			if (in_src < 0) {
				fprintf(stderr, "ERROR: Couldn't open input '%s': %s\n", optarg, strerror(errno));
				return 1;
			}
			break;
		case 'c': cmd = optarg; break;
		case 'x': xpid = strtol(optarg, NULL, 10); break;
		case 'v': verbose++; break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	path = argv[optind++];
	for (i = optind; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (plen + n + 2 > sizeof(params)) {
			fprintf(stderr, "ERROR: module parameters too long\n");
			return 1;
		}
		if (plen)
			params[plen++] = ' ';
		memcpy(params + plen, argv[i], n + 1);
		plen += n;
	}
	/* module name = file name without .ko, '-' as '_' (as the kernel does) */
	base = strrchr(path, '/');
	snprintf(name, sizeof(name), "%s", base ? base + 1 : path);
	dot = strstr(name, ".ko");
	if (dot)
		*dot = '\0';
	for (i = 0; name[i]; i++)
		if (name[i] == '-')
			name[i] = '_';
	snprintf(procdir, sizeof(procdir), "/proc/jstap_%s", name);

	rbuf = malloc(READ_BUF);
	if (!rbuf)
		return 1;
	if (out_numbered && !outfile) {
		fprintf(stderr, "ERROR: You have to specify output FILE with '-S' option.\n");
		return 1;
	}
	if (outfile) {
		out_base = outfile;
		if (open_outfile() < 0)
			return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	mod_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (mod_fd < 0) {
		fprintf(stderr, "ERROR: Couldn't open module '%s': %s\n", path, strerror(errno));
		return 1;
	}
	if (syscall(SYS_finit_module, mod_fd, params, 0) != 0) {
		/* as staprun words it: a module parameter (-G VAR=VALUE) the module refused */
		fprintf(stderr, "ERROR: Couldn't insert module '%s': %s\n", path,
			errno == EINVAL ? "Invalid parameters" : strerror(errno));
		close(mod_fd);
		return 1;
	}
	close(mod_fd);
	vlog("loaded %s (params '%s')", name, params);

	snprintf(file, sizeof(file), "%s/data", procdir);
	data_fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	snprintf(file, sizeof(file), "%s/ctl", procdir);
	ctl_fd = open(file, O_RDWR | O_CLOEXEC);
	if (data_fd < 0 || ctl_fd < 0) {
		fprintf(stderr, "ERROR: Couldn't open %s: %s\n", procdir, strerror(errno));
		rc = 1;
		goto unload;
	}

	/* -c: fork now so target() is known, exec only after the probes are armed */
	if (cmd) {
		if (pipe2(go_pipe, O_CLOEXEC)) {
			rc = 1;
			goto unload;
		}
		child = fork();
		if (child == 0) {
			char b;
			/* its own process group: the session can end all of it (see end_command) */
			setpgid(0, 0);
			close(go_pipe[1]);
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			signal(SIGHUP, SIG_DFL);
			if (read(go_pipe[0], &b, 1) != 1)
				_exit(127);      /* start failed: never run the command */
			if (out_fd != 1)
				close(out_fd);
			exec_command(cmd);
		}
		close(go_pipe[0]);
		if (child < 0) {
			fprintf(stderr, "ERROR: fork: %s\n", strerror(errno));
			rc = 1;
			goto unload;
		}
		setpgid(child, child);   /* both sides: no race with end_command */
		guard_command(child);
		target = child;
	} else if (xpid) {
		target = xpid;
	}

	{
		/* the user's time zone now, for tz_gmtoff()/tz_name() (seconds west of UTC, as stap's stapio sends it) */
		char start[96];
		time_t now = time(NULL);
		struct tm lt;

		tzset();
		if (localtime_r(&now, &lt) && lt.tm_zone && lt.tm_zone[0] && !strpbrk(lt.tm_zone, " \t\n"))
			snprintf(start, sizeof(start), "start %ld %ld %.31s", target, -(long)lt.tm_gmtoff, lt.tm_zone);
		else
			snprintf(start, sizeof(start), "start %ld", target);
		start_rc = ctl_cmd_draining(ctl_fd, data_fd, start);
	}
	vlog("start: %s", start_rc ? strerror(-start_rc) : "ok");
	if (cmd) {
		if (!start_rc && write(go_pipe[1], "g", 1) != 1)
			start_rc = -EPIPE;
		close(go_pipe[1]);
		if (start_rc) {
			waitpid(child, NULL, 0);
			child_done = 1;
		}
	}

	snprintf(file, sizeof(file), "/proc/systemtap/%s/__stdin", name);
	in_fd = open(file, O_WRONLY | O_CLOEXEC);
	if (in_fd >= 0)
		vlog("forwarding stdin to %s", file);
	/* run: drain continuously until something asks us to stop */
	while (!start_rc) {
		struct pollfd pfd[2] = { { data_fd, POLLIN | POLLPRI, 0 }, { in_src, POLLIN, 0 } };
		int nfds = in_fd >= 0 && !in_eof ? 2 : 1;

		if (got_signal) {
			vlog("signal %d", got_signal);
			break;
		}
		if (poll(pfd, (nfds_t)nfds, POLL_MS) < 0 && errno != EINTR)
			break;
		if (nfds == 2 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
			forward_stdin();
		if (drain(data_fd) < 0) {
			fprintf(stderr, "ERROR: reading %s/data: %s\n", procdir, strerror(errno));
			break;
		}
		if (read_status(ctl_fd, &st) == 0 && st.exit_req) {
			vlog("script asked to exit");
			break;
		}
		if (child > 0 && !child_done && waitpid(child, &wst, WNOHANG) == child) {
			child_done = 1;
			vlog("command finished");
			cmd_failed = report_command(wst);
			break;
		}
		if (xpid && kill((pid_t)xpid, 0) < 0 && errno == ESRCH) {
			vlog("process %ld is gone", xpid);
			break;
		}
	}

	if (in_fd >= 0)
		close(in_fd);
	drain(data_fd);
	if (ctl_cmd_draining(ctl_fd, data_fd, "stop") < 0)
		fprintf(stderr, "ERROR: stopping module: %s\n", strerror(errno));
	vlog("stopped");
	drain(data_fd);
	/* exit(), an error or a signal ended the session first: the command goes too */
	if (child > 0 && !child_done && end_command(child))
		vlog("command ended by the session");
	child_done = 1;
	unguard_command();
	run_queued(sys_queued);   /* the end probes' system() commands */
	if (read_status(ctl_fd, &st) == 0) {
		if (st.errors || st.suppressed || st.skipped)
			fprintf(stderr, "WARNING: Number of errors: %d, skipped probes: %d\n",
				st.errors + st.suppressed, st.skipped);
		if (st.skipped)
			vlog("skipped: %d reentrant, %d lock timeouts, %d low stack, %d kretprobe misses",
			     st.skip_reentrant, st.skip_lock, st.skip_stack, st.skip_kretprobe);
		if (st.lost)
			fprintf(stderr, "WARNING: There were %ld transport failures. "
				"Try stap -s to increase the buffer size from %ld.\n",
				st.lost, (st.bufsize + (1 << 20) - 1) >> 20);
		/* stap's line counts failed writes (each a chunk of output); what the user needs is what is missing */
		if (st.lost && st.lost_lines >= 0)
			fprintf(stderr, "WARNING: %ld line%s of output (%ld bytes) %s lost.\n",
				st.lost_lines, st.lost_lines == 1 ? "" : "s", st.lost_bytes,
				st.lost_lines == 1 ? "was" : "were");
		if (st.errors || st.failed)
			rc = 1;
	} else {
		rc = 1;
	}
	if (start_rc || cmd_failed)
		rc = 1;
unload:
	if (data_fd >= 0)
		close(data_fd);
	if (ctl_fd >= 0)
		close(ctl_fd);
	if (unload(name))
		rc = 1;
	vlog("unloaded %s, exit %d", name, rc);
	if (out_fd != 1)
		close(out_fd);
	return rc;
}
