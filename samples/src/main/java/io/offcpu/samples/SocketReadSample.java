package io.offcpu.samples;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A client thread blocked in a plain blocking {@link Socket} read ({@link #readReply()}) while a loopback
 * server thread takes ~40 ms to answer each one-byte request.
 */
public final class SocketReadSample implements Sample {
    public static final String READER_THREAD_NAME = "offcpu-socket-reader";
    public static final String SERVER_THREAD_NAME = "offcpu-socket-server";
    public static final String BLOCKING_METHOD = "readReply";
    public static final Duration REPLY_DELAY = Duration.ofMillis(40);

    private static final int REQUEST = 'Q';
    private static final int REPLY = 'R';

    public static void main(String[] args) {
        SampleRunner.main(args, "SocketReadSample", Duration.ofSeconds(10), new SocketReadSample());
    }

    @Override
    public void start(SampleRunner runner) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        runner.startHelper(SERVER_THREAD_NAME, () -> serve(server));
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        // A request is one byte: do not let Nagle hold it back waiting for the previous reply's ACK.
        client.setTcpNoDelay(true);
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        // Closing the client after the last round lets the server see EOF and stop.
        runner.startLoop(
                READER_THREAD_NAME,
                () -> {
                    out.write(REQUEST);
                    out.flush();
                    readReply(in);
                },
                Duration.ZERO,
                client);
    }

    /** Kept as a separate method so it is on the stack of every blocked read. */
    private static void readReply(InputStream in) throws IOException {
        int reply = in.read();
        if (reply != REPLY) {
            throw new EOFException("expected reply byte " + REPLY + " from the loopback server, got " + reply);
        }
    }

    private static void serve(ServerSocket server) throws IOException, InterruptedException {
        try (server;
                Socket connection = server.accept()) {
            connection.setTcpNoDelay(true);
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            while (in.read() == REQUEST) {
                Thread.sleep(REPLY_DELAY.toMillis());
                out.write(REPLY);
                out.flush();
            }
        }
    }
}
