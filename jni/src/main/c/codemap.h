/*
 * The code map: JVMTI events about JIT-compiled and generated code, kept as compact binary
 * records in a bounded C buffer until Java drains them (CodeEvents.drain).
 *
 * This header is the contract with io.offcpu.codemap.CodeEventDecoder: the build generates its
 * constants (io.offcpu.codemap.CodeMapContract) from the offsetof/sizeof values below
 * (jni/generator/java_contract.c), and the decoder refuses a library of another format version.
 *
 * Every record starts with struct codemap_header. All integers are native byte order
 * (little-endian on x86_64). A record's size is a multiple of 8 and includes the header and
 * every variable-length part after the fixed struct. Strings are the JVM's modified UTF-8,
 * without a terminating NUL; a length of 0 means "not available". Records are never split
 * across drains and never exceed CODEMAP_MAX_RECORD_BYTES.
 */
#ifndef OFFCPU_CODEMAP_H
#define OFFCPU_CODEMAP_H

#include <stdint.h>
#include <jni.h>

/* Bump on any layout change; the Java decoder refuses any other value. */
#define CODEMAP_FORMAT_VERSION 1

/* The largest record; drain() refuses buffers smaller than this. Inline info that would make a
 * COMPILED_LOAD larger is cut (CODEMAP_FLAG_TRUNCATED). */
#define CODEMAP_MAX_RECORD_BYTES (1u << 20)

/* Records waiting for drain() may use at most this much memory; later records are dropped and
 * counted (CodeEvents.droppedRecords). Replaying a large code cache at start() is the peak. */
#define CODEMAP_BUFFER_LIMIT_BYTES (64u << 20)

enum codemap_record_type {
	/* A Java method, sent once per jmethodID before any other record names it. */
	CODEMAP_METHOD = 1,
	/* A JIT-compiled method was installed in the code cache (JVMTI CompiledMethodLoad). */
	CODEMAP_COMPILED_LOAD = 2,
	/* A JIT-compiled method was removed from the code cache (JVMTI CompiledMethodUnload). */
	CODEMAP_COMPILED_UNLOAD = 3,
	/* Generated code that is not a Java method: interpreter, stubs, adapters
	 * (JVMTI DynamicCodeGenerated). The JVM sends no unload event for these. */
	CODEMAP_DYNAMIC_CODE = 4,
};

/* The event was replayed by GenerateEvents in CodeEvents.start(): the code existed before the
 * timestamp, which is only the time of the replay. */
#define CODEMAP_FLAG_REPLAYED 0x1u
/* Inline info was cut to keep the record within CODEMAP_MAX_RECORD_BYTES. */
#define CODEMAP_FLAG_TRUNCATED 0x2u

struct codemap_header {
	uint16_t type;	/* enum codemap_record_type */
	uint16_t flags; /* CODEMAP_FLAG_* */
	uint32_t size;	/* bytes of the whole record, a multiple of 8 */
};

/*
 * CODEMAP_METHOD. Names are resolved inside the JVMTI callback because the class may be
 * unloaded by the time Java reads the record. Followed by:
 *   line_count x struct codemap_line (the method's LineNumberTable, in class-file order,
 *                                     which is not always sorted by bci)
 *   class_signature (e.g. "Ljava/lang/Thread;"), name, signature (e.g. "(J)V"), source_file
 *   zero padding to a multiple of 8
 */
struct codemap_method {
	struct codemap_header header;
	uint64_t method_id; /* the jmethodID; HotSpot never reuses one */
	uint32_t line_count;
	uint32_t class_signature_len;
	uint32_t name_len;
	uint32_t signature_len;
	uint32_t source_file_len; /* 0: no SourceFile attribute */
	uint32_t reserved;
};

struct codemap_line {
	int32_t start_bci; /* first bytecode index of this line */
	int32_t line_number;
};

/*
 * CODEMAP_COMPILED_LOAD. Followed by pc_count entries, each a struct codemap_pc followed by its
 * frame_count x struct codemap_frame. Frames go from the innermost (the inlined method executing
 * at pc) to the outermost (the compiled method itself), as jvmticmlr.h's PCStackInfo has them.
 * The pcs are HotSpot's PcDescs: call return addresses and safepoints.
 */
struct codemap_compiled_load {
	struct codemap_header header;
	uint64_t timestamp_ns; /* CLOCK_MONOTONIC, the clock of System.nanoTime() */
	uint64_t method_id;
	uint64_t code_start;
	uint32_t code_size;
	uint32_t pc_count;
};

struct codemap_pc {
	uint64_t pc;
	uint32_t frame_count;
	uint32_t reserved;
};

struct codemap_frame {
	uint64_t method_id;
	int32_t bci; /* may be negative (HotSpot's synchronization/entry bci) */
	uint32_t reserved;
};

/* CODEMAP_COMPILED_UNLOAD. */
struct codemap_compiled_unload {
	struct codemap_header header;
	uint64_t timestamp_ns;
	uint64_t method_id;
	uint64_t code_start;
};

/* CODEMAP_DYNAMIC_CODE. Followed by name_len bytes of name (e.g. "Interpreter") and padding. */
struct codemap_dynamic_code {
	struct codemap_header header;
	uint64_t timestamp_ns;
	uint64_t code_start;
	uint32_t code_size;
	uint32_t name_len;
};

/* Gets a JVMTI environment, adds capabilities, sets and enables the code event callbacks.
 * Returns 0 on success, else a JVMTI or JNI error code (kept for CodeEvents.start's message). */
int codemap_on_load(JavaVM *vm);

/* Disables the events and releases the JVMTI environment and the buffer. */
void codemap_on_unload(JavaVM *vm);

#endif
