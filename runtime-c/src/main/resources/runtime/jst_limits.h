/* jst_limits.h - runtime limits; each one can be overridden with -DNAME=VALUE. */
#ifndef JST_LIMITS_H
#define JST_LIMITS_H

#ifndef MAXACTION
#define MAXACTION 1000          /* statements per probe hit */
#endif
/* what a probe hit really gets: stap 4.8 builds every probe handler interruptible, so every probe type (begin,
 * end, error, timer, profile, kprobe measured in the test VM) gets 10 x MAXACTION unless this is set itself */
#ifndef MAXACTION_INTERRUPTIBLE
#define MAXACTION_INTERRUPTIBLE (MAXACTION * 10)
#endif
#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048      /* default size of a global array */
#endif
#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512        /* bytes of a string value, NUL included */
#endif
#ifndef MAXTRYLOCK
#define MAXTRYLOCK 100          /* attempts to take a global's lock ... */
#endif
#ifndef TRYLOCKDELAY
#define TRYLOCKDELAY 10         /* ... microseconds apart */
#endif
#ifndef MAXERRORS
#define MAXERRORS 0             /* errors tolerated; the next one ends the run */
#endif
#ifndef MAXSKIPPED
#define MAXSKIPPED 100          /* skipped probe hits tolerated */
#endif
#ifndef MINSTACKSPACE
#define MINSTACKSPACE 1024      /* a probe hit with less free kernel stack is skipped */
#endif
#ifndef MAXBACKTRACE
#define MAXBACKTRACE 20
#endif
#ifndef MAXNESTING
#define MAXNESTING 10           /* script function call depth */
#endif
#ifndef STP_OVERLOAD_INTERVAL
#define STP_OVERLOAD_INTERVAL 1000000000LL   /* cycles per overload window */
#endif
#ifndef STP_OVERLOAD_THRESHOLD
#define STP_OVERLOAD_THRESHOLD 500000000LL   /* probe cycles allowed per window */
#endif
#ifndef JST_PRINT_BUFSIZE
#define JST_PRINT_BUFSIZE 16384              /* per-CPU print buffer of one probe hit */
#endif
#ifndef JST_TRANSPORT_BUFSIZE
#define JST_TRANSPORT_BUFSIZE (1024 * 1024)   /* per-CPU output ring, rounded up to a power of 2 */
#endif
#ifndef JST_FLUSH_WAIT_US
#define JST_FLUSH_WAIT_US 2000000L           /* begin/end hit: total wait for transport room */
#endif
#ifndef JST_MAP_SORT_SLOTS
#define JST_MAP_SORT_SLOTS 4                 /* concurrent/nested foreach over one array */
#endif
#ifndef JST_HIST_WIDTH
#define JST_HIST_WIDTH 50
#endif
#ifndef JST_HIST_ELISION
#define JST_HIST_ELISION 2
#endif
#ifndef JST_HIST_MAX_BUCKETS
#define JST_HIST_MAX_BUCKETS 128             /* linear histograms: (stop-start)/interval + 3 */
#endif
#ifndef JST_STAT_MAX_HISTS
#define JST_STAT_MAX_HISTS 8                 /* histogram shapes on one statistic */
#endif
#ifndef JST_MAX_KEYS
#define JST_MAX_KEYS 9
#endif
#ifndef JST_MAX_TP_ARGS
#define JST_MAX_TP_ARGS 12
#endif
#ifndef JST_WAKE_MS
#define JST_WAKE_MS 10                       /* transport reader wake-up period */
#endif

#endif
