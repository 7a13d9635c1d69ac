package dev.quiver.resilience.suite.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.NatsCluster;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.Smoke;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Past one machine: the pipeline on the 3-node NATS JetStream cluster of {@code scripts/services.sh up nats-cluster}
 * (started here if it is not up), its events stream replicated three times ({@code --stream-replicas 3}), two bridge
 * processes sharing each sink's durable consumer. Mid-stream the node leading the events stream is killed -9, then
 * one bridge; the producer goes on. Every event JetStream acknowledged ends up exactly once in both sinks; the
 * report has the time from each kill until the stream, the producer and the sinks were whole again. The killed node
 * is restarted before the end (and in any case), so the cluster is whole when the scenario ends.
 */
@Timeout(300)
class NatsClusterFailoverIT {
    private static final int REPLICAS = 3;
    private static final Duration FINISH = Duration.ofSeconds(90);
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    @Scenario(group = "chaos", title = "3-node NATS cluster, events stream on 3 replicas, two bridges sharing each"
            + " sink's consumer: kill -9 the stream leader's node mid-stream, then one bridge; {40,000|120,000} events,"
            + " each stored once in both sinks")
    @Smoke
    void killStreamLeaderThenBridge(ScenarioLog log) throws Exception {
        NatsCluster cluster = NatsCluster.fromEnvironment().ensureUp();
        int rate = log.scale().pick(2_000, 3_000);
        long total = log.scale().pick(40_000L, 120_000L);
        try (ChaosRun chaos = ChaosRun.openOnCluster(log, "cluster-failover", cluster.url(), REPLICAS)) {
            PipelineRun.Bridge first = chaos.bridge();
            PipelineRun.Bridge second = chaos.startBridge();
            ClusterInfo placement = chaos.run.eventsStreamCluster();
            assertThat(placement).as("the events stream is on the cluster").isNotNull();
            assertThat(placement.getReplicas()).as("followers of the events stream (leader " + placement.getLeader()
                    + ")").hasSize(REPLICAS - 1);
            try (Sampler perBridge = storedPerBridge(log, List.of(first, second))) {
                long producing = System.nanoTime();
                AckedPublisher producer = chaos.produce(cluster.url(), 21L, rate, total);
                log.load(String.format("%,d events at %,d/s through the cluster (acknowledged by JetStream, failed"
                        + " publishes retried with the same Nats-Msg-Id)", total, rate));
                chaos.awaitFlowing(rate);
                Polling.await(Duration.ofSeconds(30), "both bridges to have stored events (one shared consumer per"
                        + " sink)", () -> stored(first) > 0 && stored(second) > 0,
                        () -> first.process().name() + " " + stored(first) + ", " + second.process().name() + " "
                                + stored(second));
                killLeaderThenBridge(log, chaos, cluster, producer, first, second);
                AckedPublisher.Result result = producer.await(FINISH);
                log.figure("producer: first publish to last acknowledgement (offered " + rate + "/s)",
                        since(producing).toMillis() / 1000.0, "s");
                log.figure("acknowledged as duplicates (a retry of an event the stream had)", result.duplicates(),
                        "events");
            }
            chaos.finish(total, FINISH);
            log.figure("events stored by " + second.process().name() + " (both sinks)", stored(second), "events");
            assertThat(chaos.run.streamMessages()).as("the events stream kept every acknowledged event through the"
                    + " leader's kill -9, each once (Nats-Msg-Id)").isEqualTo(total);
        }
    }

    /**
     * kill -9 of the node leading the events stream, then (that node still down) of the first bridge; the node is
     * restarted once both sinks caught up, and in any case.
     */
    private static void killLeaderThenBridge(ScenarioLog log, ChaosRun chaos, NatsCluster cluster,
                                             AckedPublisher producer, PipelineRun.Bridge first,
                                             PipelineRun.Bridge second) throws Exception {
        String leader = NatsCluster.nodeOf(chaos.run.eventsStreamCluster().getLeader());
        ScenarioLog.Fault nodeFault = log.fault("kill -9 NATS node " + leader + " (leader of the events stream)");
        boolean nodeDown = true;
        try {
            long ackedAtKill = producer.acknowledged();
            long killed = System.nanoTime(); // recoveries count from the kill command: SIGKILL is its first act
            cluster.kill(leader);
            AckedPublisher.AckWatch acks = producer.watchAcks(); // events first published once the node is gone
            Polling.await(RECOVERY, "the producer's events published after the kill to be acknowledged",
                    () -> acks.count() > 0, producer::acknowledged);
            acks.close();
            log.recovery("kill -9 " + leader + " → the producer acknowledged again", since(killed));
            Polling.await(RECOVERY, "another node to lead the events stream", () -> {
                String now = leaderNode(chaos);
                return !now.isEmpty() && !now.equals(leader);
            }, chaos.run::eventsStreamCluster);
            log.recovery("kill -9 " + leader + " → a new leader of the events stream", since(killed));
            long ackedAtLeader = producer.acknowledged();
            log.figure("events acknowledged from the node's kill to the new leader", ackedAtLeader - ackedAtKill,
                    "events");

            double storedByFirst = stored(first);
            ScenarioLog.Fault bridgeFault = log.fault("kill -9 " + first.process().name() + " ("
                    + second.process().name() + " carries on alone; " + leader + " still down)");
            long bridgeKilled = System.nanoTime();
            long ackedAtBridgeKill = producer.acknowledged();
            first.process().kill();
            bridgeFault.end();
            log.figure(first.process().name() + " events stored before its kill (both sinks)", storedByFirst, "events");
            assertThat(producer.done()).as("the producer was still publishing when the bridge was killed").isFalse();

            chaos.recovered("kill -9 " + leader + " → both sinks hold every event acknowledged until the new leader",
                    ackedAtLeader, killed, RECOVERY);
            chaos.recovered("kill -9 " + first.process().name() + " → both sinks hold every event acknowledged at its"
                    + " kill (what it held unacknowledged is redelivered after the 8 s ack wait)", ackedAtBridgeKill,
                    bridgeKilled, RECOVERY);

            long restarting = System.nanoTime();
            cluster.restart(leader);
            nodeDown = false;
            nodeFault.end();
            Polling.await(RECOVERY, "all " + REPLICAS + " replicas of the events stream current again",
                    () -> allCurrent(chaos.run.eventsStreamCluster()), chaos.run::eventsStreamCluster);
            log.recovery("restart of " + leader + " → it is back and every replica of the events stream current",
                    since(restarting));
        } finally {
            if (nodeDown) {
                cluster.restart(leader); // the cluster is whole again whatever happened
                nodeFault.end();
            }
        }
    }

    /** A chart per bridge and sink of the events it stored: both share each sink's consumer. */
    private static Sampler storedPerBridge(ScenarioLog log, List<PipelineRun.Bridge> bridges) {
        Sampler sampler = log.sampler(Duration.ofSeconds(1));
        for (PipelineRun.Bridge bridge : bridges) {
            for (String sink : ChaosRun.SINKS) {
                sampler.gauge("stored " + sink + " by " + bridge.process().name(), "events",
                        () -> bridge.metrics().sum("quiver_bridge_events_stored_total", "sink", sink));
            }
        }
        return sampler;
    }

    /** Events a bridge stored, both sinks together (its last scrape if it was killed since). */
    private static double stored(PipelineRun.Bridge bridge) throws Exception {
        return bridge.metrics().sum("quiver_bridge_events_stored_total");
    }

    private static String leaderNode(ChaosRun chaos) throws Exception {
        String leader = chaos.run.eventsStreamCluster().getLeader();
        return leader == null || leader.isEmpty() ? "" : NatsCluster.nodeOf(leader);
    }

    private static boolean allCurrent(ClusterInfo placement) {
        List<Replica> followers = placement.getReplicas();
        return placement.getLeader() != null && followers != null && followers.size() == REPLICAS - 1
                && followers.stream().allMatch(r -> r.isCurrent() && !r.isOffline());
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
