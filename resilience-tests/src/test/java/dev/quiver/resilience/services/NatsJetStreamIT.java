package dev.quiver.resilience.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JetStream through jnats against the real server (2.9.x here): de-duplication by {@code Nats-Msg-Id}, a
 * durable pull consumer, explicit acks.
 */
@Timeout(60)
class NatsJetStreamIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final int MESSAGES = 20;

    private final String id = UUID.randomUUID().toString().replace("-", "");
    private final String stream = "ITEST_" + id;
    private final String subjectPrefix = "itest." + id;
    private Connection connection;
    private JetStreamManagement jsm;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.NATS);
    }

    @BeforeEach
    void createStream() throws Exception {
        connection = Nats.connect(new Options.Builder()
                .server(SERVICES.nats().url())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
        jsm = connection.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder()
                .name(stream)
                .subjects(subjectPrefix + ".>")
                .storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2))
                .build());
    }

    @AfterEach
    void deleteStream() throws Exception {
        try {
            jsm.deleteStream(stream);
        } finally {
            connection.close();
        }
    }

    @Test
    void duplicatesAreDroppedAndAPullConsumerGetsEveryMessageInOrder() throws Exception {
        JetStream js = connection.jetStream();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String msgId = "event-" + i;
            PublishAck ack = js.publish(subjectPrefix + ".order.created", ("payload-" + i).getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().messageId(msgId).expectedStream(stream).build());
            assertThat(ack.isDuplicate()).as("first publish of %s", msgId).isFalse();
            assertThat(ack.getSeqno()).isEqualTo(i + 1L);
            sent.add("payload-" + i);
        }
        PublishAck again = js.publish(subjectPrefix + ".order.created", "payload-7 again".getBytes(StandardCharsets.UTF_8),
                PublishOptions.builder().messageId("event-7").build());
        assertThat(again.isDuplicate()).isTrue();
        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(MESSAGES);

        String durable = "itest-consumer";
        jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                .durable(durable)
                .ackPolicy(AckPolicy.Explicit)
                .filterSubject(subjectPrefix + ".>")
                .build());
        ConsumerContext consumer = js.getConsumerContext(stream, durable);

        List<String> received = new ArrayList<>();
        try (FetchConsumer fetch = consumer.fetch(FetchConsumeOptions.builder()
                .maxMessages(MESSAGES).expiresIn(5_000).build())) {
            for (Message message = fetch.nextMessage(); message != null; message = fetch.nextMessage()) {
                received.add(new String(message.getData(), StandardCharsets.UTF_8));
                message.ackSync(Duration.ofSeconds(5));
            }
        }

        assertThat(received).containsExactlyElementsOf(sent);
        ConsumerInfo info = consumer.getConsumerInfo();
        assertThat(info.getNumAckPending()).isZero();
        assertThat(info.getNumPending()).isZero();
        assertThat(info.getDelivered().getStreamSequence()).isEqualTo(MESSAGES);
    }
}
