// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libbpf's own `stderr`, renamed by the Makefile (see LIBBPF_SO_READY): Debian ships libbpf.a
 * without -fPIC, and its direct reference to glibc's stderr cannot live in a shared object.
 * libbpf writes here only through its default print callback, which JNI_OnLoad replaces.
 */
#include <stdio.h>

__attribute__((visibility("hidden"))) FILE *offcpu_libbpf_stderr;

__attribute__((constructor)) static void init_libbpf_stderr(void)
{
	offcpu_libbpf_stderr = stderr;
}
