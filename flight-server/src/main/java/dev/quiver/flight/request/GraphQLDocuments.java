package dev.quiver.flight.request;

import graphql.GraphQLError;
import graphql.GraphQLException;
import graphql.execution.AbortExecutionException;
import graphql.execution.RawVariables;
import graphql.language.Document;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The graphql-java steps every compiler (queries, mutations, subscriptions, history) takes, with the same error
 * mapping everywhere: parse ({@code invalid GraphQL syntax}), validate against the schema (graphql-java's messages
 * with their line and column), normalise with the request's variables ({@code invalid variables}).
 */
public final class GraphQLDocuments {

    private GraphQLDocuments() {
    }

    /**
     * @throws InvalidRequestException for a syntax error
     * @throws LimitExceededException  when the parser gives up on size or nesting
     */
    public static Document parse(String query) {
        try {
            return Parser.parse(query);
        } catch (graphql.parser.exceptions.ParseCancelledException e) {
            throw new LimitExceededException("the query is too large or too deeply nested to parse: " + e.getMessage());
        } catch (InvalidSyntaxException e) {
            throw new InvalidRequestException("invalid GraphQL syntax: " + e.getMessage());
        }
    }

    /** @throws InvalidRequestException naming every validation error */
    public static void validate(GraphQLSchema schema, Document document) {
        List<ValidationError> errors = graphql.ParseAndValidate.validate(schema, document);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors.stream().map(GraphQLDocuments::describe)
                    .collect(Collectors.joining("; ")));
        }
    }

    /**
     * Normalizes with the request's variables, stopping as soon as the expanded operation has more than
     * {@code maxFields} fields: fragments spread under aliases multiply, so the expansion itself is bounded.
     *
     * @throws InvalidRequestException when the variables do not fit the operation
     * @throws AbortExecutionException when the operation expands to more than {@code maxFields} fields
     */
    public static ExecutableNormalizedOperation normalize(GraphQLSchema schema, Document document, GraphQLRequest request,
            int maxFields) {
        try {
            return ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                    schema, document, request.operationName(), RawVariables.of(request.variables()),
                    ExecutableNormalizedOperationFactory.Options.defaultOptions().maxFieldsCount(maxFields));
        } catch (AbortExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError error) {
                throw new InvalidRequestException("invalid variables: " + error.getMessage());
            }
            if (e instanceof GraphQLException) {
                throw new InvalidRequestException("cannot run this operation: " + e.getMessage());
            }
            throw e;
        }
    }

    /** graphql-java's description of the error, with its line and column. */
    public static String describe(ValidationError error) {
        String message = error.getDescription() != null ? error.getDescription() : error.getMessage();
        if (!error.getLocations().isEmpty()) {
            message += " (line " + error.getLocations().get(0).getLine() + ", column "
                    + error.getLocations().get(0).getColumn() + ")";
        }
        return message;
    }
}
