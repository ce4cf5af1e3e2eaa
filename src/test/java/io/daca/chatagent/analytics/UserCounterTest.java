package io.daca.chatagent.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.daca.chatagent.chat.TokenUsage;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UserCounterTest {

    private static CountableEvent seq(long seq) {
        return new CountableEvent("u", OptionalLong.of(seq), "id-" + seq);
    }

    private static CountableEvent untracked(String id) {
        return new CountableEvent("u", OptionalLong.empty(), id);
    }

    private static UserCounter apply(UserCounter counter, CountableEvent event) {
        return counter.hasCounted(event) ? counter : counter.count(event);
    }

    @Test
    void countsEachSequenceNumberOnceWhateverTheOrderAndRepeats() {
        UserCounter counter = UserCounter.empty();
        for (long s : new long[] {3, 1, 1, 5, 2, 3, 4, 5, 2}) {
            counter = apply(counter, seq(s));
        }
        assertEquals(5, counter.messageCount());
        assertEquals(5, counter.countedThrough());
        assertEquals(List.of(), counter.countedAbove());
    }

    @Test
    void remembersOutOfOrderSequenceNumbersAboveTheGap() {
        UserCounter counter = apply(apply(UserCounter.empty(), seq(1)), seq(4));
        assertEquals(1, counter.countedThrough());
        assertEquals(List.of(4L), counter.countedAbove());
        assertTrue(counter.hasCounted(seq(4)));
        assertFalse(counter.hasCounted(seq(2)));
    }

    @Test
    void countsEventsWithoutSeqOncePerCloudEventId() {
        UserCounter counter = UserCounter.empty();
        for (String id : new String[] {"a", "b", "a", "c", "b"}) {
            counter = apply(counter, untracked(id));
        }
        assertEquals(3, counter.messageCount());
    }

    @Test
    void keepsABoundedNumberOfRecentIds() {
        UserCounter counter = UserCounter.empty();
        for (int i = 0; i < UserCounter.RECENT_IDS_KEPT + 10; i++) {
            counter = apply(counter, untracked("id" + i));
        }
        assertEquals(UserCounter.RECENT_IDS_KEPT, counter.recentEventIds().size());
        assertEquals(UserCounter.RECENT_IDS_KEPT + 10, counter.messageCount());
    }

    @Test
    void initializingKeepsWhatWasCounted() {
        UserCounter counter = apply(UserCounter.empty(), seq(1)).withMessageCount(40);
        assertEquals(40, counter.messageCount());
        assertTrue(counter.hasCounted(seq(1)));
    }

    @Test
    void aNewUserOwesTheTotalsOneUserAndItsCountThenOnlyTheDifferences() {
        UserCounter first = apply(UserCounter.empty(), seq(1)).queuedForTotals(UserCounter.empty(), 0);
        assertEquals(List.of(new TotalsDelta(1, 1, 1)), first.unsent());
        assertEquals(1, first.totalsOps());
        UserCounter second = apply(first, seq(2)).queuedForTotals(first, 0);
        assertEquals(List.of(new TotalsDelta(1, 1, 1), new TotalsDelta(2, 0, 1)), second.unsent());
        // The totals took op 1 (read before the counter): it is dropped when the next change is queued.
        UserCounter lowered = second.withMessageCount(0).queuedForTotals(second, 1);
        assertEquals(List.of(new TotalsDelta(2, 0, 1), new TotalsDelta(3, 0, -2)), lowered.unsent());
        assertEquals(List.of(new TotalsDelta(3, 0, -2)), lowered.sentThrough(2).unsent());
        assertNull(lowered.sentThrough(1));
    }

    @Test
    void aCounterOfTheVersionWithMemberListsEntersTheTotalsWholeWithItsNextChange() throws Exception {
        UserCounter old = new ObjectMapper().readValue(
                "{\"message_count\":7,\"counted_through\":7,\"in_partition\":true}", UserCounter.class);
        UserCounter next = apply(old, seq(8)).queuedForTotals(old, 0);
        assertEquals(List.of(new TotalsDelta(1, 1, 8)), next.unsent());
    }

    @Test
    void aChangeThatMovesNothingQueuesNoOp() {
        UserCounter counted = apply(UserCounter.empty(), seq(1)).queuedForTotals(UserCounter.empty(), 0).sentThrough(1);
        UserCounter same = counted.withMessageCount(1).queuedForTotals(counted, 1);
        assertEquals(List.of(), same.unsent());
        assertEquals(1, same.totalsOps());
    }

    @Test
    void sumsTheTokenUsageOfCountedAnswersOnceEach() {
        CountableEvent first = new CountableEvent("u", OptionalLong.of(1), "id-1", new TokenUsage(10, 4, 14));
        CountableEvent second = new CountableEvent("u", OptionalLong.of(2), "id-2", new TokenUsage(20, 6, 26));
        UserCounter counter = UserCounter.empty();
        for (CountableEvent event : List.of(first, second, first, seq(3), second)) {
            counter = apply(counter, event);
        }
        assertEquals(3, counter.messageCount());
        assertEquals(new TokenUsage(30, 10, 40), counter.usage());
        assertEquals(new TokenUsage(30, 10, 40), counter.withMessageCount(9).queuedForTotals(counter, 0).usage());
    }

    @Test
    void hasNoUsageUntilAnAnswerReportsSome() {
        assertNull(apply(apply(UserCounter.empty(), seq(1)), untracked("ce-1")).usage());
    }

    @Test
    void aCounterWithoutUsageIsStoredAsBeforeAndOneWithUsageReadsBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertFalse(json.writeValueAsString(apply(UserCounter.empty(), seq(1))).contains("usage"));
        UserCounter used = apply(UserCounter.empty(), new CountableEvent("u", OptionalLong.of(1), "e", new TokenUsage(1, 2, 3)));
        assertEquals(used, json.readValue(json.writeValueAsString(used), UserCounter.class));
        // A counter written before usage existed reads as one without usage.
        assertNull(json.readValue("{\"message_count\":2,\"counted_through\":2,\"in_partition\":true}", UserCounter.class).usage());
    }

    @Test
    void theAnswerIsMessageCountOnlyWithoutUsageAndAddsTheTokensWithIt() {
        assertEquals("{\"message_count\":1}", AnalyticsResource.countAnswer(apply(UserCounter.empty(), seq(1))).toString());
        UserCounter used = apply(UserCounter.empty(), new CountableEvent("u", OptionalLong.of(1), "e", new TokenUsage(12, 5, 17)));
        assertEquals("{\"message_count\":1,\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}",
                AnalyticsResource.countAnswer(used).toString());
    }
}
