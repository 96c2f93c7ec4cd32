// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * io.offcpu.jni.MapsCodeHash: the hash by which io.offcpu.symbols.ProcessMaps notices that the code of a
 * process's files changed in /proc/<pid>/maps. The agent hashes its JVM's maps (tens to hundreds of KB)
 * every second; as a Java loop it was interpreted, then compiled by C1 and by C2 on stack replacement
 * (three times in the first 10 s of a hello world, each deoptimized by the next shape of the input).
 */
#include <jni.h>
#include <stdint.h>

/* Whether text[from, to) holds a '/': only a path does, no field before it. */
static int has_slash(const int8_t *text, int32_t from, int32_t to)
{
	for (int32_t i = from; i < to; i++)
		if (text[i] == '/')
			return 1;
	return 0;
}

/*
 * Java's 31 * h + b over the bytes (signed, as Java's) of every line of a file mapped with x permission,
 * each line followed by '\n'; 1 for none. Lines are "start-end perms offset dev inode path" (proc(5)): the
 * perms start after the first space, x is their third character.
 */
static uint32_t code_hash(const int8_t *text, int32_t length)
{
	uint32_t hash = 1;

	for (int32_t line_start = 0; line_start < length;) {
		int32_t line_end = line_start, space = line_start;

		while (line_end < length && text[line_end] != '\n')
			line_end++;
		while (space < line_end && text[space] != ' ')
			space++;
		if (space + 3 < line_end && text[space + 3] == 'x' &&
		    has_slash(text, space, line_end)) {
			for (int32_t i = line_start; i < line_end; i++)
				hash = 31 * hash + (uint32_t)(int32_t)text[i];
			hash = 31 * hash + '\n';
		}
		line_start = line_end + 1;
	}
	return hash;
}

JNIEXPORT jint JNICALL Java_io_offcpu_jni_MapsCodeHash_of0(JNIEnv *env, jclass type,
							   jbyteArray text, jint length)
{
	jbyte *bytes;
	uint32_t hash;

	if (length < 0 || length > (*env)->GetArrayLength(env, text))
		return 1;
	bytes = (*env)->GetPrimitiveArrayCritical(env, text, NULL);
	if (!bytes)
		return 1;
	hash = code_hash((const int8_t *)bytes, length);
	(*env)->ReleasePrimitiveArrayCritical(env, text, bytes, JNI_ABORT);
	return (jint)hash;
}
