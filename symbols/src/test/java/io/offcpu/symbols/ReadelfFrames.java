package io.offcpu.symbols;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oracle: {@code readelf --debug-dump=frames-interp} output, turned into the rule our rows express.
 * readelf prints a row at every location change; FDEs whose program is all nops print no table and run on
 * the CIE's initial row. readelf shows "u" for a register not yet saved (same as unchanged for callee-saved
 * RBP) and "exp" for a CFA expression.
 */
final class ReadelfFrames {
    private static final Pattern CIE = Pattern.compile("^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ CIE .* ra=(\\d+).*");
    private static final Pattern FDE = Pattern.compile(
            "^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ FDE cie=([0-9a-f]{8}) pc=([0-9a-f]+)\\.\\.([0-9a-f]+).*");
    private static final Pattern ROW = Pattern.compile("^[0-9a-f]{16} .*");

    record Row(long pc, String cfa, String rbp, String ra, int returnColumn) {
        /** What our table must say here, per readelf. */
        UnwindRow expected() {
            // Our rows assume the x86_64 return address column 16, saved at CFA-8.
            if (returnColumn != 16 || !"c-8".equals(ra)) {
                return UnwindRow.undefined(pc);
            }
            CfaRegister register;
            int offset;
            if (cfa.startsWith("rsp+")) {
                register = CfaRegister.RSP;
                offset = Integer.parseInt(cfa.substring(4));
            } else if (cfa.startsWith("rbp+")) {
                register = CfaRegister.RBP;
                offset = Integer.parseInt(cfa.substring(4));
            } else {
                return UnwindRow.undefined(pc);
            }
            int rbpOffset;
            if (rbp == null || rbp.equals("u") || rbp.equals("s")) {
                rbpOffset = 0;
            } else if (rbp.startsWith("c")) {
                rbpOffset = Integer.parseInt(rbp.substring(1));
            } else {
                return UnwindRow.undefined(pc);
            }
            return new UnwindRow(pc, register, offset, rbpOffset);
        }
    }

    record Fde(long pcBegin, long pcEnd, List<Row> rows) {}

    private ReadelfFrames() {}

    static List<Fde> of(Path elf) throws IOException, InterruptedException {
        Tools.requireTool("readelf");
        return parse(
                Tools.run("readelf", "--debug-dump=no-follow-links", "--debug-dump=frames-interp", elf.toString()));
    }

    static List<Fde> parse(String text) {
        Map<String, List<Row>> cieRows = new HashMap<>();
        Map<String, Integer> cieReturnColumns = new HashMap<>();
        int returnColumn = 16;
        List<Fde> fdes = new ArrayList<>();
        List<Row> current = null;
        String[] columns = null;
        for (String line : text.split("\n")) {
            Matcher fde = FDE.matcher(line);
            Matcher cie = CIE.matcher(line);
            if (fde.matches()) {
                long begin = Long.parseUnsignedLong(fde.group(3), 16);
                long end = Long.parseUnsignedLong(fde.group(4), 16);
                current = new ArrayList<>();
                List<Row> initial = cieRows.get(fde.group(2));
                returnColumn = cieReturnColumns.getOrDefault(fde.group(2), 16);
                fdes.add(new Fde(begin, end, current));
                columns = null;
                // Filled below if the FDE prints rows; otherwise the CIE's initial row applies from begin.
                if (initial != null && !initial.isEmpty()) {
                    Row first = initial.get(0);
                    current.add(new Row(begin, first.cfa(), first.rbp(), first.ra(), returnColumn));
                }
            } else if (cie.matches()) {
                current = new ArrayList<>();
                cieRows.put(cie.group(1), current);
                returnColumn = Integer.parseInt(cie.group(2));
                cieReturnColumns.put(cie.group(1), returnColumn);
                columns = null;
            } else if (line.trim().startsWith("LOC")) {
                columns = line.trim().split("\\s+");
            } else if (current != null && columns != null && ROW.matcher(line).matches()) {
                // "r9 (r9)": a register rule names the register twice, drop the parenthesised name.
                String[] values = line.replaceAll(" \\([a-z0-9]+\\)", "").trim().split("\\s+");
                if (values.length != columns.length) {
                    throw new IllegalStateException(
                            "readelf row has " + values.length + " values for " + columns.length + " columns: " + line);
                }
                String cfa = null;
                String rbp = null;
                String ra = null;
                for (int i = 1; i < columns.length; i++) {
                    switch (columns[i]) {
                        case "CFA" -> cfa = values[i];
                        case "rbp" -> rbp = values[i];
                        case "ra" -> ra = values[i];
                        default -> {}
                    }
                }
                long pc = Long.parseUnsignedLong(values[0], 16);
                // The FDE's own first row replaces the CIE row we pre-filled at the same pc.
                if (!current.isEmpty() && current.get(current.size() - 1).pc() == pc) {
                    current.remove(current.size() - 1);
                }
                current.add(new Row(pc, cfa, rbp, ra, returnColumn));
            }
        }
        return fdes;
    }
}
