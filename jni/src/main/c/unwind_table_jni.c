// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* io.offcpu.jni.NativeUnwindTable: the rows unwind_table.c builds, handed to Java for tests and diagnostics. */
#include <jni.h>
#include "unwind_table.h"

/* Returns the encoded rows; counts gets {fde_count, problem_count}. Throws IOException when there is no table. */
JNIEXPORT jbyteArray JNICALL Java_io_offcpu_jni_NativeUnwindTable_build0(JNIEnv *env, jclass type,
									 jstring path,
									 jlongArray counts)
{
	struct unwind_table table;
	const char *file = (*env)->GetStringUTFChars(env, path, NULL);
	jbyteArray rows;
	jlong values[2];

	if (!file)
		return NULL;
	if (unwind_table_build(file, &table)) {
		jclass io = (*env)->FindClass(env, "java/io/IOException");

		(*env)->ReleaseStringUTFChars(env, path, file);
		if (io)
			(*env)->ThrowNew(env, io, table.error);
		return NULL;
	}
	(*env)->ReleaseStringUTFChars(env, path, file);
	rows = (*env)->NewByteArray(env, (jsize)(table.row_count * sizeof(*table.rows)));
	if (rows)
		(*env)->SetByteArrayRegion(env, rows, 0,
					   (jsize)(table.row_count * sizeof(*table.rows)),
					   (const jbyte *)table.rows);
	values[0] = (jlong)table.fde_count;
	values[1] = (jlong)table.problem_count;
	(*env)->SetLongArrayRegion(env, counts, 0, 2, values);
	unwind_table_free(&table);
	return rows;
}
