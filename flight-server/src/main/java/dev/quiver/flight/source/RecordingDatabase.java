package dev.quiver.flight.source;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Database} that records every statement executed through its connections: the SQL text and the
 * cursor settings in force when it ran. Lets tests (and diagnostics) count the statements a request really
 * issues and check that large reads stream (autocommit off, a fetch size, forward-only). Everything else passes
 * through to the wrapped database unchanged.
 */
public final class RecordingDatabase implements Database {
    private static final Set<String> EXECUTIONS = Set.of("executeQuery", "execute", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    /**
     * One executed statement.
     *
     * @param sql           the statement text as prepared (placeholders, never values)
     * @param autoCommit    the connection's autocommit when it ran
     * @param fetchSize     the statement's fetch size when it ran (0 = the driver's default: everything at once)
     * @param resultSetType the statement's {@code ResultSet.TYPE_*}
     */
    public record ExecutedStatement(String sql, boolean autoCommit, int fetchSize, int resultSetType) {
    }

    private final Database delegate;
    private final List<ExecutedStatement> executed = new CopyOnWriteArrayList<>();

    public RecordingDatabase(Database delegate) {
        this.delegate = delegate;
    }

    /** The statements executed so far, oldest first. */
    public List<ExecutedStatement> executed() {
        return List.copyOf(executed);
    }

    /** Forgets what was recorded. */
    public void clear() {
        executed.clear();
    }

    @Override
    public Connection connect() throws SQLException {
        Connection connection = delegate.connect();
        return proxy(Connection.class, connection, (method, args) -> {
            Object result = method.invoke(connection, args);
            if (result instanceof PreparedStatement && method.getName().startsWith("prepare")) {
                return statement(PreparedStatement.class, (PreparedStatement) result, connection, (String) args[0]);
            }
            if (result instanceof Statement && method.getName().equals("createStatement")) {
                return statement(Statement.class, (Statement) result, connection, null);
            }
            return result;
        });
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T extends Statement> T statement(Class<T> type, T statement, Connection connection, String preparedSql) {
        return proxy(type, statement, (method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                String sql = preparedSql != null ? preparedSql : args != null && args.length > 0 ? String.valueOf(args[0]) : "";
                executed.add(new ExecutedStatement(sql, connection.getAutoCommit(), statement.getFetchSize(),
                        statement.getResultSetType()));
            }
            return method.invoke(statement, args);
        });
    }

    private interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return call.invoke(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
