package dev.quiver.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A de-duplication store in a set; can be told to be unavailable; logs the calls it got. */
final class InMemoryDedupStore implements DedupStore {
    private final Set<String> keys = new HashSet<>();
    private final List<String> calls = new ArrayList<>();
    private boolean unavailable;

    void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    void preload(String sink, String eventId) {
        keys.add(sink + ":" + eventId);
    }

    boolean contains(String sink, String eventId) {
        return keys.contains(sink + ":" + eventId);
    }

    List<String> calls() {
        return calls;
    }

    @Override
    public Set<String> stored(String sink, Collection<String> eventIds) throws DedupUnavailableException {
        calls.add("stored");
        check();
        Set<String> stored = new HashSet<>();
        for (String id : eventIds) {
            if (keys.contains(sink + ":" + id)) {
                stored.add(id);
            }
        }
        return stored;
    }

    @Override
    public void markStored(String sink, Collection<String> eventIds, Duration window) throws DedupUnavailableException {
        calls.add("mark");
        check();
        eventIds.forEach(id -> keys.add(sink + ":" + id));
    }

    @Override
    public boolean ping() {
        return !unavailable;
    }

    @Override
    public void close() {
    }

    private void check() throws DedupUnavailableException {
        if (unavailable) {
            throw new DedupUnavailableException("scripted: Redis down", null);
        }
    }
}
