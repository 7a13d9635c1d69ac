package dev.quiver.flight.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.schema.CatalogLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The review's hostile GraphQL texts (security review H1, H2, H3, L "deep where nesting"), each against the planner
 * with the server's default limits: each is refused with a clear error naming what was too large, and refusing it
 * costs the request thread well under a second of CPU, whatever the size the input asks for. A safety timeout turns
 * a regression into a failure rather than a hung build.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileTextTest {
    /** Generous: each refusal takes milliseconds; before the fix the first one took minutes of one core. */
    private static final long CPU_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final RequestPlanner planner = new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()),
            QueryLimits.DEFAULTS);

    @Test
    void aHugeBigIntLiteralIsRefusedBeforeAnyConversion() {
        refusedQuickly(() -> planner.prepare(GraphQLRequest.of("{ products(where: {barcode: {eq: 1e300000000}}) { id } }")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("BigInt");
        refusedQuickly(() -> planner.prepare(GraphQLRequest.of("{ products(where: {barcode: {eq: 1e-300000000}}) { id } }")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("BigInt");
        refusedQuickly(() -> planner.prepare(GraphQLRequest.of("{ products(where: {barcode: {eq: \"" + "9".repeat(90_000)
                + "\"}}) { id } }"))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("BigInt");
    }

    @Test
    void aHugeBigIntVariableIsRefusedBeforeAnyConversion() {
        String query = "query($b: BigInt) { products(where: {barcode: {eq: $b}}) { id } }";
        refusedQuickly(() -> planner.prepare(new GraphQLRequest(query, Map.of("b", "9".repeat(1_500_000)), null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("BigInt")
                .satisfies(e -> assertThat(e.getMessage()).as("the answer does not echo the input").hasSizeLessThan(1_000));
        refusedQuickly(() -> planner.prepare(new GraphQLRequest(query, Map.of("b", new BigDecimal("1e300000000")), null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("BigInt");
    }

    @Test
    void aHugeIntOrFloatVariableIsRefusedBeforeAnyConversion() {
        refusedQuickly(() -> planner.prepare(new GraphQLRequest("query($n: Int) { orders(limit: $n) { id } }",
                Map.of("n", new BigDecimal("1e300000000")), null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'n'").hasMessageContaining("too large");
        refusedQuickly(() -> planner.prepare(new GraphQLRequest("query($n: Int) { orders(limit: $n) { id } }",
                Map.of("n", List.of(new BigDecimal("1e-300000000"))), null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'n'");
    }

    @Test
    void decimalPrecisionAndScaleAreBounded() {
        refusedQuickly(() -> planner.prepare(GraphQLRequest.of("{ orders(where: {total: {eq: 1e300000000}}) { id } }")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Decimal").hasMessageContaining("scale");
        refusedQuickly(() -> planner.prepare(new GraphQLRequest("query($t: Decimal) { orders(where: {total: {eq: $t}}) { id } }",
                Map.of("t", "1." + "1".repeat(1_500_000)), null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Decimal");
        assertThat(planner.prepare(GraphQLRequest.of("{ orders(where: {total: {eq: 12345678901234567890.25}}) { id } }")))
                .as("an ordinary wide decimal is fine").isNotNull();
    }

    @Test
    void namedFragmentsCountTowardsTheDepth() {
        StringBuilder query = new StringBuilder("query { users(limit: 1) { ...A } }");
        for (char f = 'A'; f < 'J'; f++) {
            query.append(" fragment ").append(f).append(" on User { referrer { ...").append((char) (f + 1)).append(" } }");
        }
        query.append(" fragment J on User { referrer { id } }");
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of(query.toString())))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("nests selections 12 levels deep");
    }

    @Test
    void fragmentCyclesAreAValidationErrorNotALoop() {
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("{ users { ...A } } fragment A on User { referrer"
                + " { ...B } } fragment B on User { referrer { ...A } }"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aliasesCountAsOutputColumns() {
        String aliases = IntStream.range(0, 4_800).mapToObj(i -> "a" + i + ":total").collect(Collectors.joining(" "));
        refusedQuickly(() -> planner.prepare(GraphQLRequest.of("{ orders(limit: 1) { " + aliases + " } }")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("output columns");
    }

    @Test
    void aliasedFragmentsCannotMultiplyTheNormalizationWork() {
        String tenAliases = IntStream.range(0, 10).mapToObj(i -> "r" + i + ": referrer { ...%s }").collect(Collectors.joining(" "));
        StringBuilder query = new StringBuilder("{ users(limit: 1) { ...F0 } }");
        for (int level = 0; level < 4; level++) {
            query.append(" fragment F").append(level).append(" on User { id ")
                    .append(tenAliases.replace("%s", "F" + (level + 1))).append(" }");
        }
        query.append(" fragment F4 on User { id }");
        refusedQuickly(() -> planner.prepare(GraphQLRequest.of(query.toString())))
                .as("11,111 fields once expanded: under graphql-java's validation limit of 100,000, so the budget must stop it").isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("more than 256 output columns");
    }

    @Test
    void relationSubFieldsCountAsOutputColumnsForEveryKind() {
        String many = IntStream.range(0, 130).mapToObj(i -> "c" + i + ":id").collect(Collectors.joining(" "));
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("{ orderItems { " + many + " order { " + many + " } } }")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("261 output columns");
        String data = IntStream.range(0, 300).mapToObj(i -> "d" + i + ":data").collect(Collectors.joining(" "));
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("subscription { events { " + data + " } }")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("output columns");
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("{ events(entityType: \"Order\", from: \"2000-01-01T00:00:00Z\","
                + " to: \"2100-01-01T00:00:00Z\") { " + data + " } }")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("output columns");
        String ids = IntStream.range(0, 300).mapToObj(i -> "i" + i + ":id").collect(Collectors.joining(" "));
        assertThatThrownBy(() -> planner.prepare(GraphQLRequest.of("mutation { deleteOrder(id: 1) { " + ids + " } }")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("output columns");
        assertThat(planner.prepare(GraphQLRequest.of("{ orderItems { " + many + " } }"))).as("130 columns are fine").isNotNull();
    }

    @Test
    void aLongInListIsRefused() {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            values.add(i);
        }
        assertThatThrownBy(() -> planner.prepare(new GraphQLRequest("query($ids: [ID!]) { orders(where: {id: {in: $ids}}) { id } }",
                Map.of("ids", values), null)))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("5000 values");
        assertThat(planner.prepare(new GraphQLRequest("query($ids: [ID!]) { orders(where: {id: {in: $ids}}) { id } }",
                Map.of("ids", values.subList(0, 1_000)), null))).as("1,000 values are fine").isNotNull();
    }

    @Test
    void deepWhereNestingIsRefused() {
        Object where = Map.of("status", Map.of("eq", "x"));
        for (int i = 0; i < 200; i++) {
            where = Map.of("not", where);
        }
        Object deep = where;
        assertThatThrownBy(() -> planner.prepare(new GraphQLRequest("query($w: OrderWhere) { orders(where: $w) { id } }",
                Map.of("w", deep), null)))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("nests").hasMessageContaining("where");
    }

    /** Runs {@code call} on this thread, asserts it cost under a second of this thread's CPU, and returns its error. */
    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refusedQuickly(ThrowingCallable call) {
        long before = THREADS.getCurrentThreadCpuTime();
        org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused = assertThatThrownBy(call);
        assertThat(THREADS.getCurrentThreadCpuTime() - before).as("CPU nanoseconds spent refusing").isLessThan(CPU_BUDGET_NANOS);
        return refused;
    }
}
