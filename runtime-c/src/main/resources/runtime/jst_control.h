/* jst_control.h - control channel (kernel only): /proc/jstap_<module>/{data,ctl}.
 *
 * ctl write commands (one per write):
 *   "start [PID]"  run begin probes, register all probes (PID = target()); the write
 *                  fails (with the registration errno) if a probe cannot be registered;
 *                  everything registered so far is unregistered again.
 *   "stop"         unregister all probes, run end probes (or error probes after an error
 *                  limit), flush; idempotent.
 * ctl read: one line "state=N errors=N skipped=N exit=0|1 lost=N bufsize=N failed=0|1
 *   skip_reentrant=N skip_lock=N skip_stack=N skip_kretprobe=N lost_lines=N lost_bytes=N\n"
 *   lost: records the transport dropped; lost_lines/lost_bytes: the newlines and bytes in them
 *   exit=1: the script asked to stop (exit(), error limit, MAXSKIPPED) -> send "stop".
 */
#ifndef JST_CONTROL_H
#define JST_CONTROL_H
#include "jst_shim.h"

struct jst_module;
JST_FN int jst_control_init(const char *modname);
JST_FN void jst_control_exit(void);

#endif
