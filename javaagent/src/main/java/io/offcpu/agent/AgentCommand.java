package io.offcpu.agent;

import java.nio.file.Path;

/**
 * What an agent argument string asks for. {@code -javaagent:offcpu.jar=OPTIONS} and an attach
 * with {@code start,OPTIONS} start a recording; an attach with {@code stop}, {@code status} or
 * {@code dump=PATH} controls the one running (the CLI's stop, status and dump commands).
 */
record AgentCommand(Kind kind, String options, Path dumpPath) {
    enum Kind {
        START,
        STOP,
        STATUS,
        DUMP
    }

    static AgentCommand parse(String arguments) {
        String args = arguments == null ? "" : arguments.strip();
        if (args.equals("stop")) {
            return new AgentCommand(Kind.STOP, "", null);
        }
        if (args.equals("status")) {
            return new AgentCommand(Kind.STATUS, "", null);
        }
        if (args.startsWith("dump=")) {
            return new AgentCommand(Kind.DUMP, "", Path.of(args.substring("dump=".length())));
        }
        if (args.equals("start")) {
            return new AgentCommand(Kind.START, "", null);
        }
        return new AgentCommand(Kind.START, args.startsWith("start,") ? args.substring("start,".length()) : args, null);
    }
}
