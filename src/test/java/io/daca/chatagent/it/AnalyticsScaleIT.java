package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daca.chatagent.analytics.ShardTotals;
import io.daca.chatagent.partition.HashPartitioner;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A million users' analytics state, written straight into Redis in the layout Dapr's Redis state
 * store uses (a hash per key, {@code data} and {@code version}, the key prefixed with the app id),
 * with the shard totals they imply: {@code GET /analytics} answers their totals, events keep
 * counting on top of them, and no analytics value in Redis is bigger than a few hundred bytes.
 */
@ExtendWith(ArquillianExtension.class)
class AnalyticsScaleIT {

    private static final int USERS = 1_000_000;
    private static final int FIRST_BATCH = 100_000;
    private static final int PARTITIONS = 10;
    private static final int SHARDS = 16;

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.redis().name("analytics-scale")
            .readyBeforeEach(Duration.ofSeconds(120)).start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());

    private final long[][] users = new long[PARTITIONS][SHARDS];
    private final long[][] messages = new long[PARTITIONS][SHARDS];

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }


    @Test
    void aMillionUsersAreTotalledFromAFixedNumberOfSmallKeys() throws Exception {
        writeUsers(0, FIRST_BATCH);
        assertTotals(FIRST_BATCH);
        printOverviewLatency(FIRST_BATCH);
        writeUsers(FIRST_BATCH, USERS);
        JsonNode overview = assertTotals(USERS);
        printOverviewLatency(USERS);
        assertEquals(6 % 7 + 1, service.messageCount("scale6"));

        // Events count on top: a new user, and one of the million.
        long before = overview.get("total_messages").asLong();
        for (int m = 0; m < 3; m++) {
            service.ok(service.chat("newcomer", "hello " + m));
            service.ok(service.chat("scale5", "hello " + m));
        }
        LocalDaprStack.await("the six messages counted", Duration.ofSeconds(60),
                () -> service.messageCount("newcomer") == 3 && service.messageCount("scale5") == 6 + 3);
        JsonNode after = ServiceClient.json(service.get("/analytics"));
        assertEquals(USERS + 1, after.get("total_users").asLong(), after.toString());
        assertEquals(before + 6, after.get("total_messages").asLong(), after.toString());

        // The biggest analytics value: its data field, in bytes, over every analytics key.
        String biggest = STACK.redisCli("EVAL", """
                local max, name = 0, ''
                for _, key in ipairs(redis.call('KEYS', 'chat-agent||analytics-*')) do
                  local size = redis.call('HSTRLEN', key, 'data')
                  if size > max then max, name = size, key end
                end
                return {max, name, #redis.call('KEYS', 'chat-agent||analytics-*')}
                """, "0");
        System.out.println("AnalyticsScaleIT: biggest analytics value (bytes, key, analytics keys): " + biggest);
        String[] lines = biggest.split("\\R");
        assertTrue(Long.parseLong(lines[0].trim()) < 300, biggest);
        assertEquals(USERS + 1 + PARTITIONS * SHARDS, Long.parseLong(lines[2].trim()), biggest);
    }

    /** Users {@code from} to {@code to} - 1, {@code scale<i>} with i % 7 + 1 messages, and the totals so far. */
    private void writeUsers(int from, int to) throws IOException {
        HashPartitioner partitioner = new HashPartitioner(PARTITIONS);
        List<List<String>> commands = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String user = "scale" + i;
            long count = i % 7 + 1;
            int p = partitioner.partitionOf(user);
            int s = ShardTotals.shardOf(user, SHARDS);
            users[p][s]++;
            messages[p][s] += count;
            commands.add(List.of("HSET", "chat-agent||analytics-default-user-" + user,
                    "data", "{\"message_count\":" + count + ",\"totals_ops\":1}", "version", "1", "first-write", "0"));
        }
        for (int p = 0; p < PARTITIONS; p++) {
            for (int s = 0; s < SHARDS; s++) {
                commands.add(List.of("HSET", "chat-agent||analytics-default-totals-" + p + "-" + s,
                        "data", "{\"users\":" + users[p][s] + ",\"messages\":" + messages[p][s] + "}",
                        "version", Integer.toString(2 + from), "first-write", "0"));
            }
        }
        pipe(commands);
    }

    /** Sends the commands pipelined over one connection and waits for every answer. */
    private static void pipe(List<List<String>> commands) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", STACK.redisPort())) {
            InputStream in = socket.getInputStream();
            CompletableFuture<Long> answers = CompletableFuture.supplyAsync(() -> {
                long lines = 0;
                byte[] buffer = new byte[1 << 16];
                try {
                    for (int n; lines < commands.size() && (n = in.read(buffer)) > 0; ) {
                        for (int i = 0; i < n; i++) {
                            if (buffer[i] == '\n') {
                                lines++;
                            }
                            if (buffer[i] == '-') {
                                throw new IllegalStateException("Redis refused a command");
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return lines;
            });
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            for (List<String> command : commands) {
                StringBuilder resp = new StringBuilder("*").append(command.size()).append("\r\n");
                for (String arg : command) {
                    resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
                }
                out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            assertEquals(commands.size(), answers.join());
        }
    }

    private JsonNode assertTotals(int userCount) {
        JsonNode overview = ServiceClient.json(service.get("/analytics"));
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            long partitionUsers = 0;
            long partitionMessages = 0;
            for (int s = 0; s < SHARDS; s++) {
                partitionUsers += users[p][s];
                partitionMessages += messages[p][s];
            }
            JsonNode partition = overview.get("partitions").get(p);
            assertEquals(partitionUsers, partition.get("users").asLong(), "users of partition " + p);
            assertEquals(partitionMessages, partition.get("messages").asLong(), "messages of partition " + p);
            total += partitionMessages;
        }
        assertEquals(userCount, overview.get("total_users").asLong(), overview.toString());
        assertEquals(total, overview.get("total_messages").asLong(), overview.toString());
        return overview;
    }

    /** Not an assertion: the median of 50 calls, for the record. */
    private void printOverviewLatency(int userCount) {
        long[] nanos = new long[50];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            service.ok(service.get("/analytics"));
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("AnalyticsScaleIT: GET /analytics with %d users: median %.1f ms, max %.1f ms%n",
                userCount, nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6);
    }
}
