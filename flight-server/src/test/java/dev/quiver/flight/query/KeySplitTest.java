package dev.quiver.flight.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.testing.Plans;
import org.junit.jupiter.api.Test;

/** Which root queries the compiler lets be split by key, and the statements a part runs. */
class KeySplitTest {
    private final RequestPlanner planner = new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()),
            new QueryLimits(1_000, 8, 10_000));

    private SelectPlan compile(String query) {
        return Plans.select(planner, GraphQLRequest.of(query));
    }

    @Test
    void aPlainListAListOrderedByItsKeyAndAFilteredOneMayBeSplit() {
        assertThat(compile("{ orders { id } }").splittable()).isTrue();
        assertThat(compile("{ orders(limit: 5) { id } }").splittable()).isTrue();
        assertThat(compile("{ orders(orderBy: {id: ASC}) { id } }").splittable()).isTrue();
        assertThat(compile("{ orders(where: {status: {eq: \"PAID\"}}) { id } }").splittable()).isTrue();
    }

    @Test
    void anOffsetOrAnotherOrderIsNeverSplit() {
        assertThat(compile("{ orders(offset: 5) { id } }").splittable()).isFalse();
        assertThat(compile("{ orders(offset: 0) { id } }").splittable()).isFalse();
        assertThat(compile("{ orders(orderBy: {id: DESC}) { id } }").splittable()).isFalse();
        assertThat(compile("{ orders(orderBy: {total: ASC}) { id } }").splittable()).isFalse();
        assertThat(compile("{ orders(orderBy: [{id: ASC}, {total: DESC}]) { id } }").splittable())
                .as("only the key's order alone is split").isFalse();
    }

    @Test
    void aPartAddsItsRangeAfterTheFilterAndKeepsTheKeyOrder() {
        SelectPlan plan = compile("{ orders(where: {status: {eq: \"PAID\"}}, orderBy: {id: ASC}, limit: 50) { id } }");
        SelectPlan part = plan.within(new KeyRange(10, 20));
        assertThat(part.sql()).isEqualTo("SELECT \"id\" FROM \"orders\" WHERE (\"status\" = ?) AND \"id\" >= ? AND"
                + " \"id\" <= ? ORDER BY \"id\" ASC LIMIT ? OFFSET ?");
        assertThat(part.parameters()).containsExactly("PAID", 10L, 20L, 50L, 0L);
        assertThat(part.splittable()).as("a part is not split again").isFalse();
    }

    @Test
    void aPlainPartHasNoOrderAndTheBoundsStatementsTheFilter() {
        SelectPlan plan = compile("{ orders(where: {status: {eq: \"PAID\"}}) { id total } }");
        assertThat(plan.within(new KeyRange(1, 2)).sql()).isEqualTo("SELECT \"id\", \"total\" FROM \"orders\" WHERE"
                + " (\"status\" = ?) AND \"id\" >= ? AND \"id\" <= ? LIMIT ? OFFSET ?");
        assertThat(plan.split().boundsSql()).isEqualTo("SELECT min(\"id\"), max(\"id\") FROM \"orders\" WHERE \"status\" = ?");
        assertThat(plan.split().nthKeySql()).isEqualTo(
                "SELECT \"id\" FROM \"orders\" WHERE \"status\" = ? ORDER BY \"id\" LIMIT 1 OFFSET ?");
        assertThat(plan.split().whereParameters()).containsExactly("PAID");
    }

    @Test
    void aPlanThatCannotBeSplitRefusesARange() {
        SelectPlan plan = compile("{ orders(offset: 5) { id } }");
        assertThatThrownBy(() -> plan.within(new KeyRange(1, 2))).isInstanceOf(IllegalStateException.class);
    }
}
