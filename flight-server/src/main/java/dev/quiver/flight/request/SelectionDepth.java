package dev.quiver.flight.request;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The deepest field nesting of a document's operations, counted on the syntax before validation so that abusive
 * depth is refused cheaply. A named fragment spread counts as the fragment's own depth at the place it is spread,
 * so a chain of fragments nests exactly as deep as the fields it expands to (security review H3). Each fragment's
 * depth is computed once (a document that spreads a fragment many times costs one walk of it); a fragment spread
 * inside itself counts 0 there, since such cycles are a validation error anyway; a spread of an unknown fragment
 * counts 0 and is left to validation.
 */
final class SelectionDepth {
    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final Map<String, Integer> fragmentDepths = new HashMap<>();
    private final Set<String> expanding = new HashSet<>();

    private SelectionDepth(Document document) {
        for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
            fragments.putIfAbsent(fragment.getName(), fragment);
        }
    }

    static int of(Document document) {
        SelectionDepth depths = new SelectionDepth(document);
        int max = 0;
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            max = Math.max(max, depths.depth(operation.getSelectionSet()));
        }
        for (String fragment : depths.fragments.keySet()) {
            max = Math.max(max, depths.fragmentDepth(fragment));
        }
        return max;
    }

    private int depth(SelectionSet selections) {
        if (selections == null) {
            return 0;
        }
        int max = 0;
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                max = Math.max(max, 1 + depth(field.getSelectionSet()));
            } else if (selection instanceof InlineFragment inline) {
                max = Math.max(max, depth(inline.getSelectionSet()));
            } else if (selection instanceof FragmentSpread spread) {
                max = Math.max(max, fragmentDepth(spread.getName()));
            }
        }
        return max;
    }

    private int fragmentDepth(String name) {
        Integer known = fragmentDepths.get(name);
        if (known != null) {
            return known;
        }
        FragmentDefinition fragment = fragments.get(name);
        if (fragment == null || !expanding.add(name)) {
            return 0;
        }
        int depth = depth(fragment.getSelectionSet());
        expanding.remove(name);
        fragmentDepths.put(name, depth);
        return depth;
    }
}
