package dev.quiver.flight.schema;

import graphql.language.Description;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeName;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives each to-many relation field of a type the arguments of a root list field: {@code limit} and
 * {@code offset} (per parent row), {@code where} and {@code orderBy} on the target type.
 */
final class RelationArguments {
    private RelationArguments() {
    }

    static ObjectTypeDefinition addTo(ObjectTypeDefinition type, EntityType entity) {
        List<FieldDefinition> fields = new ArrayList<>();
        for (FieldDefinition field : type.getFieldDefinitions()) {
            Relation relation = entity.relation(field.getName()).orElse(null);
            fields.add(relation == null || !relation.toMany() ? field
                    : field.transform(f -> f.inputValueDefinitions(arguments(relation.target()))));
        }
        return type.transform(t -> t.fieldDefinitions(fields));
    }

    private static List<InputValueDefinition> arguments(String target) {
        return List.of(
                argument("limit", new TypeName("Int"), "most rows per parent row"),
                argument("offset", new TypeName("Int"), "rows to skip per parent row"),
                argument("where", new TypeName(target + "Where"), "only rows matching this filter"),
                argument("orderBy", new ListType(new NonNullType(new TypeName(target + "OrderBy"))),
                        "sort order; ties and unsorted rows follow the key order"));
    }

    private static InputValueDefinition argument(String name, graphql.language.Type<?> type, String description) {
        return InputValueDefinition.newInputValueDefinition().name(name).type(type)
                .description(new Description(description, null, false)).build();
    }
}
