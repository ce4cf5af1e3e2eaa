package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing acknowledged is lost and nothing is counted twice, whatever crashes: clients keep
 * chatting from several threads while the test kills the app (SIGKILL) and starts it again, kills
 * daprd, restarts the state store's Redis, and takes the pubsub away across an app restart. Then,
 * within a bounded time, each user's count equals the messages stored in its history (each stored
 * message counted exactly once), every acknowledged message is stored once, and the last one is
 * in the history. The app is the shipped WAR on Payara Micro, started by the harness so it can be
 * killed; daprd, placement and both Redis servers are real.
 */
class FaultsIT {

    private static final Logger LOG = Logger.getLogger(FaultsIT.class.getName());
    private static final Duration READY = Duration.ofSeconds(180);
    /**
     * The slowest honest path to a count: an event delivered while the state store restarts is
     * answered RETRY through the whole DeliveryRetryPolicy (exponential, 10 retries, up to 15 s
     * apart: about 105 s), dead-lettered, put back into its actor's outbox and published again;
     * an actor listed after a failed publish may be at the sweeper's longest backoff (60 s).
     * 150 s was shorter than that chain and failed once on a loaded machine.
     */
    private static final Duration CONVERGE = Duration.ofSeconds(300);
    private static final String SILENT_USER = "silent-user";

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.redis().separatePubsubRedis().durableStateRedis().appProcess()
            .name("faults")
            // Every exchange stays in the history, so the history is the record of what was stored.
            .setting("chat.history-window", "4000")
            .start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());

    @Test
    void acknowledgedMessagesSurviveEveryCrashAndAreCountedExactlyOnce() throws Exception {
        STACK.startApp();
        STACK.awaitReady(READY);
        Chatter chatter = new Chatter(STACK.appUrl(), 4, 3);
        chatter.start();
        try {
            Thread.sleep(5000);

            LOG.info("fault 1: kill -9 the app, start it again");
            STACK.killApp();
            STACK.startApp();
            STACK.awaitReady(READY);
            Thread.sleep(3000);

            LOG.info("fault 2: kill -9 daprd, start it again");
            STACK.killSidecar();
            STACK.startSidecarAgain();
            STACK.awaitReady(READY);
            Thread.sleep(3000);

            LOG.info("fault 3: restart the state store's Redis");
            STACK.restartStateRedis();
            STACK.awaitReady(READY);
            Thread.sleep(3000);

            LOG.info("fault 4: the pubsub goes away, the app is killed and started again, the pubsub comes back");
            STACK.stopPubsubRedis();
            Thread.sleep(4000);
            // A user who chats only now: nothing but the outbox sweeper of the next app process can
            // bring these events out, since this user never writes again.
            for (int i = 0; i < 3; i++) {
                assertEquals(200, service.chat(SILENT_USER, "while the pubsub is away " + i).statusCode());
            }
            STACK.killApp();
            STACK.startApp();
            STACK.awaitReady(READY);
            Thread.sleep(3000);
            STACK.startPubsubRedisAgain();
            Thread.sleep(3000);
        } finally {
            chatter.stop();
        }

        Instant stopped = Instant.now();
        List<String> users = new ArrayList<>(chatter.users());
        users.add(SILENT_USER);
        try {
            LocalDaprStack.await("every stored message to be counted exactly once", CONVERGE,
                    () -> users.stream().allMatch(user -> service.messageCount(user) == storedMessages(user).size()));
        } catch (AssertionError timedOut) {
            // Which users, and by how much: the first thing to know when this fails.
            List<String> apart = users.stream().filter(user -> service.messageCount(user) != storedMessages(user).size())
                    .map(user -> user + " stored " + storedMessages(user).size() + ", counted " + service.messageCount(user))
                    .toList();
            throw new AssertionError(timedOut.getMessage() + "; " + apart, timedOut);
        }
        Duration converged = Duration.between(stopped, Instant.now());

        long acknowledged = 0;
        long uncertain = 0;
        long counted = 0;
        for (String user : chatter.users()) {
            List<String> stored = storedMessages(user);
            List<String> acked = chatter.acknowledged(user);
            for (String text : acked) {
                assertEquals(1, stored.stream().filter(text::equals).count(), "acknowledged '" + text + "' stored once");
            }
            assertTrue(stored.stream().allMatch(text -> acked.contains(text) || chatter.uncertain(user).contains(text)),
                    "nothing stored that was not sent: " + user);
            if (!acked.isEmpty()) {
                assertTrue(stored.contains(acked.get(acked.size() - 1)), "the last acknowledged message of " + user);
            }
            assertEquals(stored.size(), service.messageCount(user), "each stored message of " + user + " counted once");
            acknowledged += acked.size();
            uncertain += chatter.uncertain(user).size();
            counted += service.messageCount(user);
        }
        assertEquals(3, service.messageCount(SILENT_USER), "events kept across the app restart were flushed by the sweeper");
        // The totals went through the same faults: GET /analytics sums exactly the users' counts.
        long everyCount = counted + service.messageCount(SILENT_USER);
        long everyUser = chatter.users().stream().filter(user -> service.messageCount(user) > 0).count() + 1;
        LocalDaprStack.await("GET /analytics to total every user's count", CONVERGE,
                () -> service.overview().get("total_messages").asLong() == everyCount
                        && service.overview().get("total_users").asLong() == everyUser);
        assertTrue(acknowledged > 100, "the clients got through between the faults: " + acknowledged);
        String figures = "FaultsIT: " + chatter.sent() + " sent, " + acknowledged + " acknowledged, " + uncertain
                + " uncertain, " + counted + " counted (" + (counted - acknowledged) + " of the uncertain were stored), "
                + "converged " + converged.toMillis() + " ms after the clients stopped";
        LOG.info(figures);
        System.out.println(figures);
    }

    /** The user's messages as stored in its history (the window holds them all here). */
    private List<String> storedMessages(String user) {
        List<String> texts = new ArrayList<>();
        for (JsonNode entry : service.history(user)) {
            if (entry.get("role").asText().equals("user")) {
                texts.add(entry.get("content").asText());
            }
        }
        return texts;
    }
}
