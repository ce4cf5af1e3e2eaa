package io.daca.chatagent.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void partitionMembershipOnceNotedSurvivesCountingAndInitializing() {
        UserCounter listed = apply(UserCounter.empty(), seq(1)).listedInPartition();
        assertFalse(UserCounter.empty().inPartition());
        assertTrue(apply(listed, seq(2)).inPartition());
        assertTrue(apply(listed, untracked("ce-1")).inPartition());
        assertTrue(listed.withMessageCount(7).inPartition());
        assertEquals(1, listed.messageCount());
    }
}
