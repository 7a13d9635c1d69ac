package dev.quiver.flight.request;

import dev.quiver.flight.schema.NumberBounds;
import graphql.language.AstPrinter;
import graphql.language.OperationDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Every number in a request's variables, checked against {@link NumberBounds} before graphql-java coerces it: its
 * own {@code Int} coercion turns a JSON number such as {@code 1e300000000} into an integer exactly
 * ({@code toBigIntegerExact}), which computes {@code 10^300000000} for minutes before it finds the value too large.
 * Quiver's own scalars check their input themselves; this covers the built-in ones, whatever the variable's type.
 */
final class VariableNumbers {
    private VariableNumbers() {
    }

    /** @throws InvalidRequestException naming the variable whose number is too large, and its type */
    static void check(OperationDefinition operation, Map<String, Object> variables) {
        for (Map.Entry<String, Object> variable : variables.entrySet()) {
            String type = operation.getVariableDefinitions().stream()
                    .filter(d -> d.getName().equals(variable.getKey())).findFirst()
                    .map(d -> " (" + AstPrinter.printAst(d.getType()) + ")").orElse("");
            check("'" + variable.getKey() + "'" + type, variable.getValue());
        }
    }

    private static void check(String variable, Object value) {
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            try {
                NumberBounds.decimal(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("invalid variables: variable " + variable + " holds a number that is"
                        + " too large: " + e.getMessage());
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> check(variable, v));
        } else if (value instanceof Collection<?> list) {
            list.forEach(v -> check(variable, v));
        }
    }
}
