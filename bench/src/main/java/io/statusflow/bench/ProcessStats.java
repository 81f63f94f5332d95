package io.statusflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Memory and disk of a process under test, read from outside it: jcmd for the heap, /proc for resident memory. */
final class ProcessStats {

    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private ProcessStats() {}

    /** Heap in use now, in bytes; after a full collection when {@code collect} is set. */
    static long heapUsed(long pid, boolean collect) {
        if (collect) {
            jcmd(pid, "GC.run");
        }
        Matcher m = HEAP.matcher(jcmd(pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(2)) * 1024 : -1;
    }

    /** VmRSS (now) or VmHWM (the peak) from /proc, in bytes; -1 where there is no /proc. */
    static long resident(long pid, boolean peak) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(peak ? "VmHWM:" : "VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static long diskBytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static final Pattern THREAD = Pattern.compile("^\"([^\"]*)\".* nid=(0x[0-9a-f]+|\\d+)", Pattern.MULTILINE);

    /**
     * The Linux thread ids of a JVM's threads whose whole names match {@code name}, from its thread dump (which runs a
     * jcmd JVM and stops the target at a safepoint: not while measuring).
     */
    static List<Long> threadIds(long pid, Pattern name) {
        List<Long> ids = new ArrayList<>();
        Matcher m = THREAD.matcher(jcmd(pid, "Thread.print"));
        while (m.find()) {
            if (name.matcher(m.group(1)).matches()) {
                String nid = m.group(2);
                ids.add(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid));
            }
        }
        return ids;
    }

    /**
     * Linux's scheduler statistics, summed over threads of a process (every one when {@code threads} is null):
     * {nanoseconds on a core, nanoseconds runnable but waiting for a core}. Zeros where there is no
     * /proc/.../schedstat.
     */
    static long[] scheduled(long pid, List<Long> threads) {
        long[] sum = new long[2];
        Path tasks = Path.of("/proc/" + pid + "/task");
        try (Stream<Path> all = Files.exists(tasks) ? Files.list(tasks) : Stream.empty()) {
            for (Path t : all.toList()) {
                if (threads != null && !threads.contains(Long.parseLong(t.getFileName().toString()))) {
                    continue;
                }
                String[] f;
                try {
                    f = Files.readString(t.resolve("schedstat")).trim().split("\\s+");
                } catch (IOException e) {
                    continue; // the thread ended
                }
                sum[0] += Long.parseLong(f[0]);
                sum[1] += Long.parseLong(f[1]);
            }
        } catch (IOException | NumberFormatException e) {
            return new long[2];
        }
        return sum;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%,d MiB", bytes >> 20);
    }
}
