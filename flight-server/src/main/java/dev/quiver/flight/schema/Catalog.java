package dev.quiver.flight.schema;

import graphql.schema.GraphQLSchema;
import graphql.schema.GraphqlTypeComparatorRegistry;
import graphql.schema.idl.SchemaPrinter;
import java.util.List;
import java.util.Optional;

/**
 * What Quiver knows of the user's data: the SDL they wrote, the tables it maps, and the executable GraphQL
 * schema (their types plus the generated root query fields, filters and sort inputs).
 */
public record Catalog(String userSdl, String generatedSdl, List<EntityType> entities, GraphQLSchema schema) {
    public Catalog {
        entities = List.copyOf(entities);
    }

    public Optional<EntityType> byRootField(String rootField) {
        return entities.stream().filter(e -> e.rootField().equals(rootField)).findFirst();
    }

    public Optional<EntityType> byTypeName(String typeName) {
        return entities.stream().filter(e -> e.typeName().equals(typeName)).findFirst();
    }

    /**
     * The whole schema clients can query, as served: the user's types (with the arguments Quiver gives to-many
     * relations) and the generated filter, sort and {@code Query} types.
     */
    public String fullSdl() {
        SchemaPrinter.Options options = SchemaPrinter.Options.defaultOptions()
                .includeDirectives(CatalogLoader.DIRECTIVES::contains)
                .includeDirectiveDefinition(CatalogLoader.DIRECTIVES::contains)
                .includeScalarTypes(true)
                .includeIntrospectionTypes(false)
                .includeSchemaDefinition(false)
                .setComparators(GraphqlTypeComparatorRegistry.AS_IS_REGISTRY);
        return new SchemaPrinter(options).print(schema);
    }
}
