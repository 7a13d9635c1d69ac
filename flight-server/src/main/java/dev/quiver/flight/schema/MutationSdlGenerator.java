package dev.quiver.flight.schema;

import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.List;

/**
 * Writes the {@code Mutation} type and its input types for the {@link MutationField}s:
 * <ul>
 *   <li>{@code Create<T>Input}: every field of T; required where T's field is non-null, except the key,
 *       which may be omitted so the database's default (e.g. an identity column) supplies it.</li>
 *   <li>{@code Update<T>Input}: every field but the key, all optional; omitted fields keep their value,
 *       an explicit null clears a nullable one.</li>
 * </ul>
 */
final class MutationSdlGenerator {

    /** The mutation SDL for {@code entities}, reading {@code @setter} marks from the user's types. */
    String generate(List<EntityType> entities, TypeDefinitionRegistry userTypes) {
        return generate(MutationField.all(entities, (type, field) -> userTypes.getType(type, ObjectTypeDefinition.class)
                .flatMap(t -> t.getFieldDefinitions().stream().filter(f -> f.getName().equals(field)).findFirst())
                .map((FieldDefinition f) -> f.hasDirective(MutationField.SETTER_DIRECTIVE)).orElse(false)));
    }

    String generate(List<MutationField> mutations) {
        if (mutations.isEmpty()) {
            return "";
        }
        StringBuilder sdl = new StringBuilder("\n");
        for (MutationField mutation : mutations) {
            if (mutation.kind() == MutationField.Kind.CREATE) {
                sdl.append(createInput(mutation));
            } else if (mutation.kind() == MutationField.Kind.UPDATE) {
                sdl.append(updateInput(mutation));
            }
        }
        sdl.append("\"Changes to the @table types. Each runs in one transaction that also records an observer event"
                + " (created/updated/deleted) in the outbox; a failed mutation changes nothing and emits nothing.\"\n");
        sdl.append("type Mutation {\n");
        for (MutationField mutation : mutations) {
            sdl.append(field(mutation));
        }
        sdl.append("}\n");
        return sdl.toString();
    }

    private static String createInput(MutationField mutation) {
        EntityType entity = mutation.entity();
        StringBuilder sdl = new StringBuilder();
        sdl.append("\"A new ").append(entity.typeName()).append(": the fields non-null on ").append(entity.typeName())
                .append(" are required, except ").append(mutation.key().name())
                .append(", which the database supplies when omitted.\"\n");
        sdl.append("input ").append(mutation.inputTypeName()).append(" {\n");
        for (ColumnField column : entity.columns()) {
            boolean required = !column.nullable() && !column.equals(mutation.key());
            sdl.append("  ").append(column.name()).append(": ").append(column.kind().graphqlName())
                    .append(required ? "!" : "").append('\n');
        }
        return sdl.append("}\n\n").toString();
    }

    private static String updateInput(MutationField mutation) {
        EntityType entity = mutation.entity();
        StringBuilder sdl = new StringBuilder();
        sdl.append("\"Fields to change on a ").append(entity.typeName())
                .append(": omitted fields keep their value, null clears a nullable field.\"\n");
        sdl.append("input ").append(mutation.inputTypeName()).append(" {\n");
        for (ColumnField column : entity.columns()) {
            if (!column.equals(mutation.key())) {
                sdl.append("  ").append(column.name()).append(": ").append(column.kind().graphqlName()).append('\n');
            }
        }
        return sdl.append("}\n\n").toString();
    }

    private static String field(MutationField mutation) {
        EntityType entity = mutation.entity();
        String type = entity.typeName();
        String key = mutation.key().name() + ": " + mutation.key().kind().graphqlName() + "!";
        switch (mutation.kind()) {
            case CREATE:
                return "  \"Inserts a row into " + entity.table() + " and emits " + type + " created. Returns the row as stored.\"\n"
                        + "  " + mutation.name() + "(input: " + mutation.inputTypeName() + "!): " + type + "!\n";
            case UPDATE:
                return "  \"Changes the given fields of the " + entity.table() + " row with this " + mutation.key().name()
                        + " and emits " + type + " updated; an unknown " + mutation.key().name() + " is an error.\"\n"
                        + "  " + mutation.name() + "(" + key + ", input: " + mutation.inputTypeName() + "!): " + type + "!\n";
            case SET:
                ColumnField setter = mutation.setter();
                return "  \"Sets " + setter.name() + " of the " + entity.table() + " row with this " + mutation.key().name()
                        + " and emits " + type + " updated (from @setter).\"\n"
                        + "  " + mutation.name() + "(" + key + ", " + setter.name() + ": " + setter.kind().graphqlName()
                        + (setter.nullable() ? "" : "!") + "): " + type + "!\n";
            case DELETE:
                return "  \"Deletes the " + entity.table() + " row with this " + mutation.key().name() + " and emits " + type
                        + " deleted carrying the row as it was. Returns that row.\"\n"
                        + "  " + mutation.name() + "(" + key + "): " + type + "!\n";
            default:
                throw new IllegalStateException("no SDL for " + mutation.kind());
        }
    }
}
