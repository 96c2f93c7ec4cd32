#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "offcpu.h"
char LICENSE[] SEC("license") = "GPL";
SEC("tp_btf/sched_switch")
int on_switch(u64 *ctx) { return 0; }
