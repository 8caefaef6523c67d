// Throwaway in-process Neo4j (neo4j-harness 5.26) with Bolt on 127.0.0.1, for tests and benchmarks.
//
// Single-file source launch, no build step (needs a JDK, not a bare JRE):
//   java -Xmx512m <flags> -cp "$HOME/.cache/orggraph/neo4j-<version>/lib/*" Launcher.java \
//        --dir /tmp/somewhere [--port 0] [--pagecache 128m] [--watch-stdin] [--delete-dir-on-exit]
// Normally started by scripts/neo4j_local.py, which supplies the classpath and JVM flags.
//
// Protocol: when the DBMS is up, prints exactly one line on stdout, `READY bolt://127.0.0.1:PORT`
// (the real port, also when --port 0). Everything else goes to stderr or to the log files of the
// harness inside --dir. Shuts down cleanly on SIGTERM/SIGINT and, with --watch-stdin, on stdin EOF
// (so it dies with its parent). HTTP is off, auth is off (harness default). The harness deletes its
// own random sub-directory of --dir on close; with --delete-dir-on-exit the launcher then deletes
// --dir itself too (for a throwaway temp dir).

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

public class Launcher {
    private static final AtomicBoolean closed = new AtomicBoolean(false);
    private static volatile Neo4j neo4j;

    private static void log(String msg) {
        System.err.println("[neo4j-launcher] " + msg);
        System.err.flush();
    }

    private static void usage(String problem) {
        System.err.println("Launcher: " + problem);
        System.err.println("usage: java -cp 'lib/*' Launcher.java --dir DIR [--port N] [--pagecache SIZE]"
                + " [--watch-stdin] [--delete-dir-on-exit]");
        System.exit(2);
    }

    private static void shutdown(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Neo4j db = neo4j;
        if (db == null) {
            return;
        }
        log("shutting down (" + why + ")");
        long t0 = System.nanoTime();
        try {
            db.close();
            log(String.format("stopped in %.1fs", (System.nanoTime() - t0) / 1e9));
        } catch (Throwable t) {
            log("error while shutting down: " + t);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // already gone or unreadable: nothing to do
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int port = 0;
        String pagecache = "128m";
        boolean watchStdin = false;
        boolean deleteDir = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--dir" -> { if (++i >= args.length) usage("--dir needs a value"); dir = Path.of(args[i]); }
                case "--port" -> {
                    if (++i >= args.length) usage("--port needs a value");
                    try { port = Integer.parseInt(args[i]); } catch (NumberFormatException e) { usage("bad --port " + args[i]); }
                }
                case "--pagecache" -> { if (++i >= args.length) usage("--pagecache needs a value"); pagecache = args[i]; }
                case "--watch-stdin" -> watchStdin = true;
                case "--delete-dir-on-exit" -> deleteDir = true;
                default -> usage("unknown argument " + a);
            }
        }
        if (dir == null) {
            usage("--dir is required");
        }
        Files.createDirectories(dir);

        final CountDownLatch done = new CountDownLatch(1);
        final Path ownedDir = deleteDir ? dir : null;
        // SIGTERM / SIGINT / System.exit all run this hook.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown("signal or exit");
            if (ownedDir != null) {
                deleteTree(ownedDir);
            }
            done.countDown();
        }, "neo4j-launcher-shutdown"));

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                try {
                    while (in.read(buf) != -1) {
                        // ignore input; we only care about EOF (parent went away or closed the pipe)
                    }
                } catch (IOException e) {
                    // treat as EOF
                }
                log("stdin closed");
                System.exit(0); // runs the shutdown hook
            }, "neo4j-launcher-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }

        long t0 = System.nanoTime();
        log("starting Neo4j in " + dir.toAbsolutePath() + " (bolt 127.0.0.1:" + port + ", pagecache " + pagecache + ")");
        Neo4j db;
        try {
            db = Neo4jBuilders.newInProcessBuilder(dir)
                    .withDisabledServer() // HTTP off; Bolt stays on
                    .withConfig(BoltConnector.enabled, true)
                    .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pagecache))
                    // no phoning home (there is no internet here anyway)
                    .withConfig(GraphDatabaseSettings.udc_enabled, false)
                    // fast stop: netty's default graceful shutdown (quiet period 5s, per event loop
                    // group) made close() take ~10s; open transactions get 2s instead of 10s.
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                    .withConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                    .build();
        } catch (Throwable t) {
            log("failed to start: " + t);
            t.printStackTrace(System.err);
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }
        neo4j = db;
        log(String.format("started in %.1fs", (System.nanoTime() - t0) / 1e9));
        URI bolt = db.boltURI(); // real port, also with --port 0; printed without the trailing "/"
        System.out.println("READY bolt://" + bolt.getHost() + ":" + bolt.getPort());
        System.out.flush();

        done.await();
    }
}
