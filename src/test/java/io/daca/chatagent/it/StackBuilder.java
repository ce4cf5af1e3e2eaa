package io.daca.chatagent.it;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a {@link LocalDaprStack} runs: components, app settings, which Redis servers, how many instances. */
public final class StackBuilder {
    final String componentSet;
    final Map<String, String> settings = new LinkedHashMap<>();
    final Map<String, String> componentEdits = new LinkedHashMap<>();
    final Map<String, String> daprdEnvironment = new LinkedHashMap<>();
    String conversation;
    String name;
    boolean separatePubsubRedis;
    boolean separateAnalyticsRedis;
    boolean durableStateRedis;
    boolean appProcess;
    int instances = 1;
    Duration readyBeforeEach;
    Tokens tokens;

    /** The Dapr API token (daprd asks it of its callers) and the app token (daprd presents it to the app). */
    record Tokens(String daprApi, String app) {
    }

    StackBuilder(String componentSet) {
        this.componentSet = componentSet;
    }

    /** An app setting (MicroProfile Config key) for this stack's Payara Micro. */
    public StackBuilder setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /**
     * Puts the pubsub on a Redis of its own, so a test can take the pubsub away while the
     * state store stays up.
     */
    public StackBuilder separatePubsubRedis() {
        separatePubsubRedis = true;
        return this;
    }

    /**
     * Puts the analytics store on a Redis of its own, so a test can make analytics refuse
     * writes while chat and the pubsub work.
     */
    public StackBuilder separateAnalyticsRedis() {
        separateAnalyticsRedis = true;
        return this;
    }

    /** Replaces {@code text} in this stack's copies of the component files (e.g. a retry count). */
    public StackBuilder componentEdit(String text, String replacement) {
        componentEdits.put(text, replacement);
        return this;
    }

    /**
     * Several app instances, each with its own daprd, sharing this stack's placement and
     * Redis. Deploy instance i after {@link LocalDaprStack#useInstance(int) useInstance(i)}.
     */
    public StackBuilder instances(int count) {
        instances = count;
        return this;
    }

    /** Keeps the state store's Redis data across a restart (an append-only file). */
    public StackBuilder durableStateRedis() {
        durableStateRedis = true;
        return this;
    }

    /**
     * The app too is started by the stack (not by Arquillian), so a test can kill it and start
     * it again: {@link LocalDaprStack#startApp()}, {@link LocalDaprStack#killApp()}. It starts as
     * scripts/run.sh starts it, with the start-up gate.
     */
    public StackBuilder appProcess() {
        appProcess = true;
        return this;
    }

    /**
     * Runs with a Dapr API token and an app token, both random for this stack: every daprd gets
     * them as {@code DAPR_API_TOKEN} and {@code APP_API_TOKEN}, the app as the settings
     * {@code dapr.api.token} and {@code app.api-token}. Tests call daprd's API with
     * {@link LocalDaprStack#daprApiToken()}.
     */
    public StackBuilder withTokens() {
        tokens = new Tokens(randomToken(), randomToken());
        settings.put("dapr.api.token", tokens.daprApi());
        settings.put("app.api-token", tokens.app());
        return this;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Adds the language model component {@code components/conversation/<name>.yaml} (its Dapr
     * name is {@code llm}) and answers with it: {@code chat.responder=conversation}. Needs a daprd
     * built with the conversation components (scripts/dapr-toolchain.sh).
     */
    public StackBuilder conversation(String name) {
        conversation = name;
        settings.put("chat.responder", "conversation");
        settings.put("chat.conversation.component", "llm");
        return this;
    }

    /** An environment variable for this stack's daprds (e.g. what a component's env secret store reads). */
    public StackBuilder daprdEnvironment(String name, String value) {
        daprdEnvironment.put(name, value);
        return this;
    }

    /**
     * Before each test, wait (up to {@code timeout}) until the app is ready and its daprd hosts
     * ChatAgent, as {@link LocalDaprStack#awaitReady(Duration)} does: for the test
     * classes whose every test starts from a ready stack.
     */
    public StackBuilder readyBeforeEach(Duration timeout) {
        readyBeforeEach = timeout;
        return this;
    }

    /** Names the folder under target/it-stack that holds this stack's logs. */
    public StackBuilder name(String value) {
        name = value;
        return this;
    }

    public LocalDaprStack start() {
        String folder = name != null ? name : componentSet + "-" + System.nanoTime();
        LocalDaprStack stack;
        try {
            stack = new LocalDaprStack(this, folder);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not start the local Dapr stack: " + e.getMessage(), e);
        }
        // A safety net: no daprd, placement or redis outlives the test JVM, whatever happens.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-" + folder));
        try {
            stack.startAll();
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw new IllegalStateException("Could not start the local Dapr stack: " + e.getMessage(), e);
        }
        return stack;
    }
}
