package dev.quiver.flight.schema;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Writes the SDL Quiver adds to the user's: filter inputs, sort inputs and the root {@code Query} type. */
final class QuerySdlGenerator {

    String generate(List<EntityType> entities) {
        StringBuilder sdl = new StringBuilder();
        sdl.append("enum SortDirection { ASC DESC }\n\n");
        Set<ScalarKind> used = EnumSet.noneOf(ScalarKind.class);
        entities.forEach(e -> e.columns().forEach(c -> used.add(c.kind())));
        for (ScalarKind kind : used) {
            sdl.append(filterInput(kind)).append('\n');
        }
        for (EntityType entity : entities) {
            sdl.append("\"Filter for ").append(entity.typeName()).append(": every given condition must hold.\"\n");
            sdl.append("input ").append(entity.typeName()).append("Where {\n");
            for (ColumnField column : entity.columns()) {
                sdl.append("  ").append(column.name()).append(": ").append(filterName(column.kind())).append('\n');
            }
            sdl.append("  and: [").append(entity.typeName()).append("Where!]\n");
            sdl.append("  or: [").append(entity.typeName()).append("Where!]\n");
            sdl.append("  not: ").append(entity.typeName()).append("Where\n}\n\n");
            sdl.append("input ").append(entity.typeName()).append("OrderBy {\n");
            for (ColumnField column : entity.columns()) {
                sdl.append("  ").append(column.name()).append(": SortDirection\n");
            }
            sdl.append("}\n\n");
        }
        for (EntityType entity : entities) {
            if (entity.rootField().equals(SubscriptionSdl.EVENTS_FIELD)) {
                throw new SchemaException("type " + entity.typeName() + " has root field '" + SubscriptionSdl.EVENTS_FIELD
                        + "', which Quiver uses for event history; give it another with @table(root: \"...\")");
            }
        }
        sdl.append("type Query {\n");
        for (EntityType entity : entities) {
            sdl.append("  \"Rows of table ").append(entity.table()).append(".\"\n");
            sdl.append("  ").append(entity.rootField()).append("(limit: Int, offset: Int, where: ")
                    .append(entity.typeName()).append("Where, orderBy: [").append(entity.typeName())
                    .append("OrderBy!]): [").append(entity.typeName()).append("!]!\n");
        }
        sdl.append("  \"Past events of one entity type from the ClickHouse history (the server needs --history):"
                + " each event once, ordered by occurredAt then eventId; from is inclusive, to exclusive.\"\n");
        sdl.append("  ").append(SubscriptionSdl.EVENTS_FIELD).append("(entityType: String!, from: DateTime!, to: DateTime!,"
                + " types: [").append(SubscriptionSdl.EVENT_TYPE).append("!], limit: Int): [")
                .append(SubscriptionSdl.OBSERVER_EVENT).append("!]!\n");
        sdl.append("}\n");
        return sdl.toString();
    }

    static String filterName(ScalarKind kind) {
        return kind.graphqlName() + "Filter";
    }

    private static String filterInput(ScalarKind kind) {
        String t = kind.graphqlName();
        StringBuilder sdl = new StringBuilder("input ").append(filterName(kind)).append(" {\n");
        sdl.append("  eq: ").append(t).append("\n  ne: ").append(t).append('\n');
        if (kind.ordered()) {
            sdl.append("  gt: ").append(t).append("\n  gte: ").append(t).append("\n  lt: ").append(t)
                    .append("\n  lte: ").append(t).append('\n');
            sdl.append("  in: [").append(t).append("!]\n");
        }
        if (kind == ScalarKind.STRING || kind == ScalarKind.ID) {
            sdl.append("  \"SQL LIKE pattern: % any run of characters, _ one character\"\n  like: String\n");
        }
        sdl.append("  isNull: Boolean\n}\n");
        return sdl.toString();
    }
}
