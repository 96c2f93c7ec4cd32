package io.offcpu.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import picocli.CommandLine;

/** {@code offcpu report ...} run in-process, with what it printed. */
record ReportRun(int exitCode, String out, String err) {
    static final ZoneId UTC = ZoneId.of("UTC");

    /** Clock times (--from 16:00:03) are read in UTC so tests do not depend on the machine's zone. */
    static ReportRun of(String... args) {
        ReportCommand command = new ReportCommand();
        command.zone = UTC;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new ReportRun(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
