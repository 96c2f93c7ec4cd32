// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel's verifier spends on each of offcpu's BPF programs: loads the object the agent
 * loads (the skeleton of jni/target/native), with the same read-only options and the same set of
 * hooks, asks the verifier for its statistics (log level 4, BPF_LOG_STATS) and prints, per program,
 * the instructions it processed, its states, and the verification time it measured; then the
 * system CPU time of the whole load (getrusage), which is what the profiled JVM pays.
 * Built and run by bench/verifier-cost.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <bpf/libbpf.h>
#include "offcpu.h"
#include "offcpu.skel.h"

#define LOG_SIZE (64 * 1024)

static int quiet(enum libbpf_print_level level, const char *format, va_list args)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, format, args) : 0;
}

static double cpu_seconds(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

/* The verifier's closing lines, e.g. "processed 1234 insns (limit 1000000) max_states_per_insn
 * 4 total_states 100 peak_states 90 mark_read 20" and "verification time 1234 usec". */
static void print_stats(const char *name, const char *log)
{
	const char *processed = strstr(log, "processed ");
	const char *time = strstr(log, "verification time ");
	long insns = -1, max_states = -1, total_states = -1, peak_states = -1, usec = -1;

	if (processed)
		sscanf(processed,
		       "processed %ld insns (limit %*d) max_states_per_insn %ld total_states %ld "
		       "peak_states %ld",
		       &insns, &max_states, &total_states, &peak_states);
	if (time)
		sscanf(time, "verification time %ld usec", &usec);
	printf("%-36s %10ld %8ld %8ld %6ld %10.3f\n", name, insns, total_states, peak_states,
	       max_states, usec / 1e6);
}

int main(int argc, char **argv)
{
	int raw = argc > 1 && !strcmp(argv[1], "--raw");
	struct rusage before, after;
	struct offcpu_bpf *skel;
	struct bpf_program *prog;
	char *logs[64] = {};
	int n = 0, err;

	libbpf_set_print(quiet);
	skel = offcpu_bpf__open();
	if (!skel) {
		fprintf(stderr, "verifier_cost: cannot open the BPF object\n");
		return 1;
	}
	/* As the agent sets them (offcpu_jni.c, open_and_load) with its default options. */
	skel->rodata->target_tgid = getpid();
	skel->rodata->threshold_ns = 1000000;
	skel->rodata->sampling_ns = 0;
	skel->rodata->use_task_storage = !raw;
	skel->rodata->wakeup_bytes = (8 << 20) / 8;
	bpf_object__for_each_program(prog, skel->obj)
	{
		const char *section = bpf_program__section_name(prog);
		int tp_btf = !strncmp(section, "tp_btf/", 7);

		if (tp_btf || strstr(bpf_program__name(prog), "_raw"))
			bpf_program__set_autoload(prog, raw ? !tp_btf : tp_btf);
		if (n < 64) {
			logs[n] = calloc(1, LOG_SIZE);
			bpf_program__set_log_buf(prog, logs[n], LOG_SIZE);
			bpf_program__set_log_level(prog, 4);
			n++;
		}
	}
	getrusage(RUSAGE_SELF, &before);
	err = offcpu_bpf__load(skel);
	getrusage(RUSAGE_SELF, &after);
	if (err) {
		fprintf(stderr, "verifier_cost: load failed: %s\n", strerror(-err));
		return 1;
	}
	printf("%-36s %10s %8s %8s %6s %10s\n", "program", "insns", "states", "peak", "max/i",
	       "verify_s");
	n = 0;
	bpf_object__for_each_program(prog, skel->obj)
	{
		if (bpf_program__autoload(prog) && n < 64)
			print_stats(bpf_program__name(prog), logs[n]);
		n++;
	}
	printf("load: system %.3f s, user %.3f s\n",
	       cpu_seconds(&after.ru_stime) - cpu_seconds(&before.ru_stime),
	       cpu_seconds(&after.ru_utime) - cpu_seconds(&before.ru_utime));
	offcpu_bpf__destroy(skel);
	return 0;
}
