package dev.quiver.flight.schema;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The scalars Quiver adds to GraphQL's own: BigInt, Decimal, DateTime (ISO-8601 with offset), Date, JSON. */
public final class QuiverScalars {
    private QuiverScalars() {
    }

    public static List<GraphQLScalarType> all() {
        return List.of(
                scalar("BigInt", "64-bit integer", QuiverScalars::toLong),
                scalar("Decimal", "exact decimal number, as a string or number", QuiverScalars::toDecimal),
                scalar("DateTime", "instant as ISO-8601 with offset, e.g. 2026-01-31T12:00:00Z", QuiverScalars::toDateTime),
                scalar("Date", "calendar date as ISO-8601, e.g. 2026-01-31", QuiverScalars::toDate),
                scalar("JSON", "JSON text", String::valueOf));
    }

    private static GraphQLScalarType scalar(String name, String description, Function<Object, Object> parse) {
        return GraphQLScalarType.newScalar().name(name).description(description).coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object dataFetcherResult, GraphQLContext context, Locale locale) {
                return dataFetcherResult == null ? null : String.valueOf(dataFetcherResult);
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                try {
                    return parse.apply(input);
                } catch (RuntimeException e) {
                    throw new CoercingParseValueException(name + " cannot be '" + NumberBounds.shorten(input) + "': "
                            + e.getMessage());
                }
            }

            @Override
            public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                return StringValue.of(String.valueOf(input));
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                Object raw;
                if (input instanceof StringValue) {
                    raw = ((StringValue) input).getValue();
                } else if (input instanceof IntValue) {
                    raw = ((IntValue) input).getValue();
                } else if (input instanceof FloatValue) {
                    raw = ((FloatValue) input).getValue();
                } else {
                    throw new CoercingParseLiteralException(name + " expects a string or number literal");
                }
                try {
                    return parse.apply(raw);
                } catch (RuntimeException e) {
                    throw new CoercingParseLiteralException(name + " cannot be '" + NumberBounds.shorten(raw) + "': "
                            + e.getMessage());
                }
            }
        }).build();
    }

    /** Within {@link NumberBounds} before any conversion: a 3-byte exponent must not cost minutes of CPU. */
    private static Object toLong(Object input) {
        return NumberBounds.longValue(input);
    }

    /** Within {@link NumberBounds}' precision and scale: far beyond any column, and cheap to refuse. */
    private static Object toDecimal(Object input) {
        return NumberBounds.decimal(input);
    }

    private static Object toDateTime(Object input) {
        try {
            return OffsetDateTime.parse(input.toString().trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected ISO-8601 with offset, e.g. 2026-01-31T12:00:00Z", e);
        }
    }

    private static Object toDate(Object input) {
        try {
            return LocalDate.parse(input.toString().trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected ISO-8601 date, e.g. 2026-01-31", e);
        }
    }
}
