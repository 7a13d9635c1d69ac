package dev.quiver.bridge;

import java.util.ArrayList;
import java.util.List;

/** Keeps the letters; can be told to fail. */
final class RecordingDeadLetters implements DeadLetterPublisher {
    private final List<DeadLetter> letters = new ArrayList<>();
    private boolean failing;
    private Runnable onPublish = () -> { };

    void failing(boolean failing) {
        this.failing = failing;
    }

    void onPublish(Runnable action) {
        this.onPublish = action;
    }

    @Override
    public void publish(List<DeadLetter> batch) throws DeadLetterException {
        onPublish.run();
        if (failing) {
            throw new DeadLetterException("scripted: stream unavailable", null);
        }
        letters.addAll(batch);
    }

    List<DeadLetter> letters() {
        return letters;
    }
}
