package io.daca.chatagent.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that keep chatting while a test breaks things: each thread sends numbered messages for
 * its own users, one after the other, and records which were acknowledged (200) and which are
 * uncertain (an error, a timeout, no connection: the message may or may not be stored). They never
 * retry, so every stored message was sent exactly once.
 */
final class Chatter {

    private final String appUrl;
    private final List<List<String>> usersByThread;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, List<String>> uncertain = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();

    Chatter(String appUrl, int threadCount, int usersPerThread) {
        this.appUrl = appUrl;
        this.usersByThread = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            List<String> users = new ArrayList<>();
            for (int u = 0; u < usersPerThread; u++) {
                String user = "fault-user-" + t + "-" + u;
                users.add(user);
                acknowledged.put(user, new CopyOnWriteArrayList<>());
                uncertain.put(user, new CopyOnWriteArrayList<>());
            }
            usersByThread.add(users);
        }
    }

    void start() {
        running.set(true);
        for (List<String> users : usersByThread) {
            Thread thread = new Thread(() -> chat(users), "chatter-" + threads.size());
            threads.add(thread);
            thread.start();
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    List<String> users() {
        return usersByThread.stream().flatMap(List::stream).toList();
    }

    /** The texts of the user's acknowledged messages, in the order they were sent. */
    List<String> acknowledged(String user) {
        return acknowledged.get(user);
    }

    List<String> uncertain(String user) {
        return uncertain.get(user);
    }

    long sent() {
        return sent.get();
    }

    private void chat(List<String> users) {
        for (int n = 0; running.get(); n++) {
            for (String user : users) {
                if (!running.get()) {
                    return;
                }
                String text = user + " message " + n;
                sent.incrementAndGet();
                (send(user, text) ? acknowledged : uncertain).get(user).add(text);
            }
        }
    }

    private boolean send(String user, String text) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(appUrl + "/chat/" + user))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"user\",\"content\":" + ServiceClient.quote(text) + "}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return true;
            }
            pause();
            return false;
        } catch (java.io.IOException e) {
            pause();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
            return false;
        }
    }

    /** After a failure, as a client would, wait a moment instead of hammering a service that is down. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
