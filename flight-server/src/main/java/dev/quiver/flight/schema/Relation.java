package dev.quiver.flight.schema;

import java.util.List;
import java.util.Objects;

/**
 * A field of one table type that reads rows of another: {@code user: User! @relation(fields: ["user_id"],
 * references: ["id"])} (to-one) or {@code items: [OrderItem!]! @relation(fields: ["id"], references: ["order_id"])}
 * (to-many). A parent row matches the target rows whose {@code references} columns equal its {@code fields}
 * columns, pair by pair.
 *
 * @param owner           the type declaring the field, e.g. {@code Order}
 * @param name            the GraphQL field name, e.g. {@code user}
 * @param target          the target type's name, e.g. {@code User}
 * @param fields          columns of the owning type's table holding the key, e.g. {@code [user_id]}
 * @param references      columns of the target's table they match, same arity, e.g. {@code [id]}
 * @param toMany          true for a list field ({@code [OrderItem!]!}), false for a single object
 * @param nullable        whether the field itself may be null ({@code User} versus {@code User!}; for a list,
 *                        the list)
 * @param elementNullable for a to-many relation, whether list elements may be null ({@code [OrderItem]});
 *                        always false for to-one
 */
public record Relation(String owner, String name, String target, List<String> fields, List<String> references, boolean toMany,
                       boolean nullable, boolean elementNullable) {
    public Relation {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        fields = List.copyOf(fields);
        references = List.copyOf(references);
        if (fields.isEmpty() || fields.size() != references.size()) {
            throw new SchemaException("relation " + owner + "." + name + " needs as many fields as references (at least one), got "
                    + fields + " and " + references);
        }
        if (!toMany && elementNullable) {
            throw new IllegalArgumentException("a to-one relation has no elements");
        }
    }

    /** {@code Owner.field}, for messages. */
    public String path() {
        return owner + "." + name;
    }

    /** How many columns make up the key. */
    public int arity() {
        return fields.size();
    }
}
