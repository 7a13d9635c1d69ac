package dev.quiver.flight.mutation;

import graphql.GraphQLContext;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.TypeUtil;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds which field of an input-object variable graphql-java refused, since its coercion message names only the
 * variable ("Variable 'in' has an invalid value: Decimal cannot be 'lots'"). Used on the error path only.
 */
final class InputFieldDiagnosis {
    private InputFieldDiagnosis() {
    }

    /** The first scalar field of an input-object variable whose value its scalar refuses, as {@code in.total (Decimal)}. */
    static Optional<String> locate(GraphQLSchema schema, OperationDefinition operation, Map<String, Object> variables) {
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            GraphQLType type = schema.getType(TypeUtil.unwrapAll(definition.getType()).getName());
            Object value = variables.get(definition.getName());
            if (type instanceof GraphQLInputObjectType && value instanceof Map) {
                Optional<String> field = locate((GraphQLInputObjectType) type, (Map<?, ?>) value, definition.getName());
                if (field.isPresent()) {
                    return field;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> locate(GraphQLInputObjectType type, Map<?, ?> value, String path) {
        for (Map.Entry<?, ?> entry : value.entrySet()) {
            GraphQLInputObjectField field = type.getField(String.valueOf(entry.getKey()));
            if (field == null || entry.getValue() == null) {
                continue;
            }
            GraphQLInputType fieldType = (GraphQLInputType) GraphQLTypeUtil.unwrapAll(field.getType());
            String fieldPath = path + "." + field.getName();
            if (fieldType instanceof GraphQLScalarType) {
                try {
                    ((GraphQLScalarType) fieldType).getCoercing().parseValue(entry.getValue(), GraphQLContext.getDefault(),
                            Locale.ROOT);
                } catch (RuntimeException e) {
                    return Optional.of(fieldPath + " (" + ((GraphQLScalarType) fieldType).getName() + ")");
                }
            } else if (fieldType instanceof GraphQLInputObjectType && entry.getValue() instanceof Map) {
                Optional<String> nested = locate((GraphQLInputObjectType) fieldType, (Map<?, ?>) entry.getValue(), fieldPath);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }
}
