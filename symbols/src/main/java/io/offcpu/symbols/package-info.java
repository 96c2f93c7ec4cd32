/**
 * Symbolization and unwind tables for offcpu on x86_64 Linux.
 * <ul>
 *   <li>{@link io.offcpu.symbols.ProcessMaps}: the mappings of a process, cheap to re-check for dlopen.</li>
 *   <li>{@link io.offcpu.symbols.ElfFile}: a dependency-free ELF64 reader (segments, sections, build-id,
 *       load bias).</li>
 *   <li>{@link io.offcpu.symbols.NativeSymbolizer}: runtime address to library + function + offset, through
 *       {@link io.offcpu.symbols.FunctionTable}s parsed and kept in native memory by the JNI library.</li>
 *   <li>{@link io.offcpu.symbols.KernelSymbols}: kernel addresses to names via kallsyms, parsed and kept in
 *       native memory by the JNI library.</li>
 *   <li>{@link io.offcpu.symbols.UnwindTable}: {@code .eh_frame} rules flattened into the 16-byte rows the
 *       BPF user-stack walker searches, for libraries built without frame pointers (glibc).</li>
 * </ul>
 */
package io.offcpu.symbols;
