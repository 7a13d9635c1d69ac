package dev.quiver.bridge.tools;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Publishes dead letters' original payloads to their original subjects ({@code Nats-Msg-Id} = the event id when
 * known) and, when asked, deletes each letter once JetStream acknowledged its replay as newly stored. A replay
 * dropped as a duplicate (the events stream still remembers the id) is counted apart and the letter kept.
 */
final class DeadLetterReplayer {
    private final JetStream jetStream;
    private final DeadLetterStream letters;
    private final PrintWriter log;

    /** {@code log} gets one line per letter that was not replayed and, in a dry run, per letter that would be. */
    DeadLetterReplayer(JetStream jetStream, DeadLetterStream letters, PrintWriter log) {
        this.jetStream = jetStream;
        this.letters = letters;
        this.log = log;
    }

    /**
     * What a replay did.
     *
     * @param selected   letters that matched the selection
     * @param accepted   replays JetStream stored
     * @param duplicates replays JetStream dropped as duplicates (letters kept)
     * @param failed     letters not replayed: refused, no original subject, missing sequence (letters kept)
     * @param purged     letters deleted from the dead-letter stream
     * @param dryRun     nothing was published or deleted
     */
    record Summary(long selected, long accepted, long duplicates, long failed, long purged, boolean dryRun) {
        String describe() {
            if (dryRun) {
                return String.format(Locale.ROOT, "dry run: %d letters would be replayed%s; nothing was published"
                        + " or deleted", selected - failed, failed > 0 ? " (" + failed + " cannot be)" : "");
            }
            return String.format(Locale.ROOT, "replayed %d letters: %d accepted, %d dropped as duplicates (still in"
                            + " the duplicate window; kept, replay them later), %d failed (kept), %d purged",
                    selected, accepted, duplicates, failed, purged);
        }
    }

    /** Told, after each letter, how many of the selected letters are done. */
    interface Progress {
        void update(long done, long total);
    }

    /** Selects the letters the config names and replays them. */
    Summary replay(DlqReplayConfig config, Progress progress) throws DlqToolException {
        Selection selection = select(config);
        List<StoredDeadLetter> selected = selection.letters();
        long accepted = 0;
        long duplicates = 0;
        long failed = selection.missing();
        long purged = 0;
        long done = 0;
        for (StoredDeadLetter letter : selected) {
            if (letter.originalSubject() == null) {
                log.println("letter " + letter.sequence() + ": no original subject header; cannot replay it");
                failed++;
            } else if (config.dryRun()) {
                log.println("would replay letter " + letter.sequence() + " (" + letter.sink() + ", "
                        + letter.payload().length + " bytes) to " + letter.originalSubject()
                        + (letter.eventId() == null ? "" : " as " + letter.eventId()));
            } else {
                PublishAck ack = publish(letter);
                if (ack == null) {
                    failed++;
                } else if (ack.isDuplicate()) {
                    duplicates++;
                } else {
                    accepted++;
                    if (config.purge()) {
                        letters.delete(letter.sequence());
                        purged++;
                    }
                }
            }
            progress.update(++done, selected.size());
        }
        return new Summary(selected.size() + selection.missing(), accepted, duplicates, failed, purged,
                config.dryRun());
    }

    /** The letters to replay, and how many asked-for sequences were not in the stream. */
    private record Selection(List<StoredDeadLetter> letters, long missing) {
    }

    private Selection select(DlqReplayConfig config) throws DlqToolException {
        List<StoredDeadLetter> selected = new ArrayList<>();
        long missing = 0;
        if (config.all()) {
            letters.forEach(letter -> {
                if (config.sink() == null || config.sink().equals(letter.sink())) {
                    selected.add(letter);
                }
            });
            return new Selection(selected, 0);
        }
        letters.info();
        for (long sequence : config.sequences()) {
            var letter = letters.get(sequence);
            if (letter.isEmpty()) {
                log.println("letter " + sequence + ": not in " + letters.name() + " (see quiver dlq list)");
                missing++;
            } else if (config.sink() != null && !config.sink().equals(letter.get().sink())) {
                log.println("letter " + sequence + ": belongs to sink " + letter.get().sink() + ", not "
                        + config.sink() + "; skipped");
            } else {
                selected.add(letter.get());
            }
        }
        return new Selection(selected, missing);
    }

    /** The ack, or {@code null} (logged) when JetStream refused the publish. */
    private PublishAck publish(StoredDeadLetter letter) throws DlqToolException {
        PublishOptions.Builder options = PublishOptions.builder();
        if (letter.eventId() != null) {
            options.messageId(letter.eventId());
        }
        try {
            return jetStream.publish(letter.originalSubject(), new Headers(), letter.payload(), options.build());
        } catch (JetStreamApiException e) {
            log.println("letter " + letter.sequence() + ": JetStream refused the replay to "
                    + letter.originalSubject() + ": " + e.getMessage() + "; kept");
            return null;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No responders")) {
                log.println("letter " + letter.sequence() + ": no stream takes subject " + letter.originalSubject()
                        + " (is the events stream there? the event-bridge creates it); kept");
                return null;
            }
            throw new DlqToolException("replaying letter " + letter.sequence() + " failed: " + e.getMessage()
                    + " (is NATS up? scripts/services.sh up starts it)", e);
        }
    }
}
