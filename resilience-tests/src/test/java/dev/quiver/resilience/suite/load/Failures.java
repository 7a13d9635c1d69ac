package dev.quiver.resilience.suite.load;

import java.util.List;

/** Runs each transport's part of a scenario to the end even when another's failed, then fails with all of them. */
final class Failures {
    /** A part of a scenario. */
    @FunctionalInterface
    interface Part {
        void run() throws Exception;
    }

    private Failures() {
    }

    /** Runs {@code part}; an assertion it fails is added to {@code failures} instead of thrown. */
    static void collect(List<AssertionError> failures, Part part) throws Exception {
        try {
            part.run();
        } catch (AssertionError e) {
            failures.add(e);
        }
    }

    /** Throws the first failure with the others as suppressed ones (their messages are listed in the first's). */
    static void throwIfAny(List<AssertionError> failures) {
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(failures.size() + " part(s) failed:");
        failures.forEach(failure -> message.append("\n- ").append(failure.getMessage()));
        AssertionError all = new AssertionError(message.toString(), failures.get(0));
        failures.stream().skip(1).forEach(all::addSuppressed);
        throw all;
    }
}
