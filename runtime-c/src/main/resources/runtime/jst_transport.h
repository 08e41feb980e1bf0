/* jst_transport.h - output transport (kernel only).
 *
 * Per-CPU lock-free rings (one producer: the CPU's probe context with interrupts off; one
 * consumer: the loader's read()) behind one procfs file /proc/jstap_<module>/data.
 * Each record: 16-byte header {u32 len, u16 stream, u16 0, u64 seq} + payload padded
 * to 8 bytes. read() merges the CPUs' records by seq (global order) and returns whole
 * records to user space as {u32 len, u32 stream} + payload (padded to 8); it returns 0
 * when nothing is pending (poll() reports POLLIN when data is pending, POLLPRI once the
 * session wants to stop). A record that does not fit is dropped and counted, never
 * silently lost: the loader reports the total at exit. Nothing wakes readers from probe
 * context (unsafe under scheduler locks); a JST_WAKE_MS timer does. */
#ifndef JST_TRANSPORT_H
#define JST_TRANSPORT_H
#include "jst_shim.h"

#define JST_STREAM_STDOUT 1
#define JST_STREAM_STDERR 2

JST_FN int jst_transport_init(void);      /* rings + timer; files are created by jst_control */
JST_FN void jst_transport_exit(void);
/* append one record on the current CPU's ring (call with the CPU's context held) */
JST_FN int jst_transport_write(int stream, const char *data, size_t len);
/* the same, but a full ring is reported (-ENOSPC) instead of counted as a loss */
JST_FN int jst_transport_try_write(int stream, const char *data, size_t len);
JST_FN long jst_transport_lost(void);        /* records dropped */
JST_FN long jst_transport_lost_lines(void);  /* newlines in them */
JST_FN long jst_transport_lost_bytes(void);
JST_FN size_t jst_transport_bufsize(void);
JST_FN int jst_transport_pending(void);

#endif
