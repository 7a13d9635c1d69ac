package dev.quiver.flight.query;

/**
 * The data contradicts a relation's declaration: a non-null to-one relation found no row, or a to-one relation
 * found several. The message names the relation and the key; fix the data or the SDL.
 */
public class RelationIntegrityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RelationIntegrityException(String message) {
        super(message);
    }
}
