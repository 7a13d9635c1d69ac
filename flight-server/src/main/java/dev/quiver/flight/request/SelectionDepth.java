package dev.quiver.flight.request;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;

/**
 * The deepest field nesting of a document, counted on the syntax before validation so that abusive depth is
 * refused cheaply. Fragment spreads count their fragment's depth once (cycles are a validation error).
 */
final class SelectionDepth {
    private SelectionDepth() {
    }

    static int of(Document document) {
        int max = 0;
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition) {
                max = Math.max(max, depth(((OperationDefinition) definition).getSelectionSet()));
            } else if (definition instanceof FragmentDefinition) {
                max = Math.max(max, depth(((FragmentDefinition) definition).getSelectionSet()));
            }
        }
        return max;
    }

    private static int depth(SelectionSet selections) {
        if (selections == null) {
            return 0;
        }
        int max = 0;
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field) {
                max = Math.max(max, 1 + depth(((Field) selection).getSelectionSet()));
            } else if (selection instanceof InlineFragment) {
                max = Math.max(max, depth(((InlineFragment) selection).getSelectionSet()));
            }
        }
        return max;
    }
}
