package dev.quiver.testsupport;

import java.util.Objects;
import java.util.function.Function;

/** The settings of every service, as one immutable value. */
public record ServiceSettings(PostgresSettings postgres, NatsSettings nats, RedisSettings redis,
                              ClickHouseSettings clickhouse, ElasticsearchSettings elasticsearch,
                              ToxiproxySettings toxiproxy) {

    public ServiceSettings {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(nats, "nats");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(clickhouse, "clickhouse");
        Objects.requireNonNull(elasticsearch, "elasticsearch");
        Objects.requireNonNull(toxiproxy, "toxiproxy");
    }

    /** Every service's DESIGN defaults with the {@code QUIVER_*} overrides read through {@code env}. */
    public static ServiceSettings fromEnvironment(Function<String, String> env) {
        return new ServiceSettings(
                PostgresSettings.fromEnvironment(env),
                NatsSettings.fromEnvironment(env),
                RedisSettings.fromEnvironment(env),
                ClickHouseSettings.fromEnvironment(env),
                ElasticsearchSettings.fromEnvironment(env),
                ToxiproxySettings.fromEnvironment(env));
    }

    /** {@code host:port} of the service's main port, for messages. */
    public String address(ServiceName service) {
        return switch (service) {
            case POSTGRES -> postgres.host() + ":" + postgres.port();
            case NATS -> nats.host() + ":" + nats.port();
            case REDIS -> redis.host() + ":" + redis.port();
            case CLICKHOUSE -> clickhouse.host() + ":" + clickhouse.httpPort();
            case ELASTICSEARCH -> elasticsearch.host() + ":" + elasticsearch.port();
            case TOXIPROXY -> toxiproxy.host() + ":" + toxiproxy.apiPort();
        };
    }
}
