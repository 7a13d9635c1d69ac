package dev.quiver.bridge.internal;

import dev.quiver.bridge.DedupStore;
import dev.quiver.bridge.DedupUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stored event ids in Redis: key {@code <prefix>:<sink>:<event_id>}, value {@code 1}, expiring after the
 * window. Lookups are {@code MGET} and marks a {@code SET NX EX} per key inside one {@code EVAL}, a thousand keys
 * per command. Keys travel as bytes built once per id (the sink's prefix, then the id), and an {@code MGET}'s
 * answers are matched to the ids by position: encoding each key as a {@code String} through the codec, and
 * cutting the ids back out of the returned keys, was most of the Redis client's CPU in the bridge's profile.
 *
 * <p>Every call has one deadline ({@code timeout}). On any failure the connection is dropped and the next call
 * connects afresh, so a slow or vanished Redis never leaves stale replies or a reconnect loop behind; the
 * {@code Deduplicator} decides how soon that next call comes. One store per pipeline, used by its thread
 * ({@link #ping()} may come from another).
 */
public final class RedisDedupStore implements DedupStore {
    private static final int CHUNK = 1_000;
    /**
     * {@code SET key 1 NX EX seconds} for every key in one round trip and one reply: a thousand pipelined SETs
     * cost the client a future and a reply each, which under load took longer than the whole batch's write.
     */
    private static final String MARK_SCRIPT =
            "for i = 1, #KEYS do redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[1]) end return #KEYS";

    private final RedisClient client;
    private final String keyPrefix;
    private final Duration timeout;
    private StatefulRedisConnection<byte[], byte[]> connection;

    /**
     * @param client    shared by the bridge's stores; closed by the bridge
     * @param keyPrefix e.g. {@code quiver:dedup}
     * @param timeout   deadline of each call, including connecting
     */
    public RedisDedupStore(RedisClient client, String keyPrefix, Duration timeout) {
        this.client = client;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
    }

    /** A client configured for short, fail-fast calls: no auto-reconnect, commands rejected while disconnected. */
    public static RedisClient client(String uri, Duration timeout) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(timeout);
        RedisClient client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout.compareTo(Duration.ofSeconds(1)) < 0
                        ? Duration.ofSeconds(1) : timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return client;
    }

    @Override
    public Set<String> stored(String sink, Collection<String> eventIds) throws DedupUnavailableException {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> ids = List.copyOf(eventIds);
        List<RedisFuture<List<KeyValue<byte[], byte[]>>>> replies = new ArrayList<>();
        byte[] prefix = keyPrefix(sink);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            replies.add(redis.mget(keys(prefix, ids, from)));
        }
        Set<String> stored = new HashSet<>();
        int position = 0;
        for (RedisFuture<List<KeyValue<byte[], byte[]>>> reply : replies) {
            for (KeyValue<byte[], byte[]> value : await(reply, deadline, "MGET")) {
                if (value.hasValue()) {
                    stored.add(ids.get(position));
                }
                position++;
            }
        }
        return stored;
    }

    @Override
    public void markStored(String sink, Collection<String> eventIds, Duration window) throws DedupUnavailableException {
        if (eventIds.isEmpty()) {
            return;
        }
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] seconds = Long.toString(Math.max(1, window.toSeconds())).getBytes(StandardCharsets.US_ASCII);
        List<String> ids = List.copyOf(eventIds);
        byte[] prefix = keyPrefix(sink);
        List<RedisFuture<Long>> replies = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            replies.add(redis.eval(MARK_SCRIPT, ScriptOutputType.INTEGER, keys(prefix, ids, from), seconds));
        }
        for (RedisFuture<Long> reply : replies) {
            await(reply, deadline, "EVAL (SET NX EX)");
        }
    }

    @Override
    public boolean ping() {
        try {
            return "PONG".equals(await(commands().ping(), System.nanoTime() + timeout.toNanos(), "PING"));
        } catch (DedupUnavailableException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** {@code <prefix>:<sink>:}, the start of every key of {@code sink}. */
    private byte[] keyPrefix(String sink) {
        return (keyPrefix + ":" + sink + ":").getBytes(StandardCharsets.UTF_8);
    }

    /** The keys of {@code ids[from, from + CHUNK)}: {@code prefix} followed by the id's UTF-8 bytes. */
    private static byte[][] keys(byte[] prefix, List<String> ids, int from) {
        byte[][] keys = new byte[Math.min(CHUNK, ids.size() - from)][];
        for (int i = 0; i < keys.length; i++) {
            byte[] id = ids.get(from + i).getBytes(StandardCharsets.UTF_8);
            byte[] key = new byte[prefix.length + id.length];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            System.arraycopy(id, 0, key, prefix.length, id.length);
            keys[i] = key;
        }
        return keys;
    }

    private RedisAsyncCommands<byte[], byte[]> commands() throws DedupUnavailableException {
        return connection().async();
    }

    private synchronized StatefulRedisConnection<byte[], byte[]> connection() throws DedupUnavailableException {
        if (connection == null || !connection.isOpen()) {
            try {
                connection = client.connect(ByteArrayCodec.INSTANCE);
            } catch (RuntimeException e) {
                throw new DedupUnavailableException("cannot connect to Redis: " + e.getMessage(), e);
            }
        }
        return connection;
    }

    private <T> T await(RedisFuture<T> reply, long deadlineNanos, String command) throws DedupUnavailableException {
        try {
            return reply.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            drop();
            throw new DedupUnavailableException("Redis " + command + " took longer than " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            drop();
            throw new DedupUnavailableException("Redis " + command + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DedupUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    /** Forgets the connection after a failure; the next call connects afresh. */
    private void drop() {
        close();
    }
}
