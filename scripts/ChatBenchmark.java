import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for a running ChatAgent service: POST /chat/{id} over many distinct actors from a number
 * of concurrent connections. Prints throughput, latency percentiles, errors and the app's memory.
 * Not a test: figures depend on the machine. Run through scripts/benchmark.sh.
 */
public class ChatBenchmark {

    public static void main(String[] args) throws Exception {
        String url = option(args, "--url", "http://127.0.0.1:8000");
        int actors = Integer.parseInt(option(args, "--actors", "1000"));
        int connections = Integer.parseInt(option(args, "--connections", "32"));
        int requests = Integer.parseInt(option(args, "--requests", "20000"));
        int warmup = Integer.parseInt(option(args, "--warmup", "2000"));
        String appPid = option(args, "--app-pid", "");

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("target %s, %d actors, %d connections, %d requests (+%d warm-up)%n",
                url, actors, connections, requests, warmup);
        run(http, url, actors, connections, warmup, "warmup");
        Result result = run(http, url, actors, connections, requests, "bench");

        long[] sorted = result.latenciesNanos.clone();
        Arrays.sort(sorted);
        System.out.printf("requests      %d ok, %d errors%n", result.ok, result.errors);
        System.out.printf("throughput    %.0f req/s%n", result.ok / result.seconds);
        System.out.printf("latency ms    p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
        if (!appPid.isEmpty()) {
            System.out.printf("app memory    peak RSS %s, RSS now %s (pid %s)%n",
                    status(appPid, "VmHWM"), status(appPid, "VmRSS"), appPid);
        }
    }

    record Result(long ok, long errors, double seconds, long[] latenciesNanos) { }

    static Result run(HttpClient http, String url, int actors, int connections, int total, String prefix)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long[] latencies = new long[total];
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    String actor = prefix + "-user" + (i % actors);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/chat/" + actor))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"user\",\"content\":\"message " + i + "\"}"))
                            .build();
                    long t0 = System.nanoTime();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(total - errors.get(), errors.get(), seconds, latencies);
    }

    static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    static String status(String pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith(field + ":")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return String.format("%.0f MiB", kb / 1024.0);
            }
        }
        return "?";
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
