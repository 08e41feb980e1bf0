/* Test binary for process(...).plt(...) and process(...).library("libc.so.6").function(...) probes in the VM
 * corpus: dynamically linked (RunCorpusVmTest builds it with gcc -O0 -fno-builtin, runpath /usr/lib/x86_64-linux-gnu (the libc
 * the .library probe names, wherever else a libc is), into
 * /tmp/jstap-corpus-bin/plt_target and puts it, the dynamic linker and libc into the VM). Each libc function is
 * called a fixed number of times through the PLT: strlen 4, atoi 4, getpid 2. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long sum = 0;
	for (int i = 0; i < 4; i++) sum += (long)strlen(argv[0]) + atoi("7");
	for (int i = 0; i < 2; i++) sum += getpid() > 0;
	return sum > 0 ? 0 : 1;
}
