package dev.quiver.flight.transport.flight;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.arrow.flight.CallHeaders;

/**
 * Makes a Flight call's client address visible to the header authenticator, which Flight hands only the call's
 * headers: a gRPC stream tracer, which runs once the call's method is known and before any interceptor, replaces
 * the {@value #HEADER} header with the address the connection comes from (a client sending that header itself is
 * overwritten, so it cannot pose as another address). Used to count failed logins per address.
 */
final class PeerAddress {
    static final String HEADER = "quiver-peer-address";
    private static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private PeerAddress() {
    }

    /** For {@code NettyServerBuilder.addStreamTracerFactory}. */
    static ServerStreamTracer.Factory tracer() {
        return new ServerStreamTracer.Factory() {
            @Override
            public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
                headers.discardAll(KEY);
                return new ServerStreamTracer() {
                    @Override
                    public void serverCallStarted(ServerCallInfo<?, ?> call) {
                        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                        headers.discardAll(KEY);
                        if (remote != null) {
                            headers.put(KEY, remote instanceof InetSocketAddress inet && inet.getAddress() != null
                                    ? inet.getAddress().getHostAddress() : remote.toString());
                        }
                    }
                };
            }
        };
    }

    /** The address the tracer recorded, or null. */
    static String of(CallHeaders headers) {
        return headers.get(HEADER);
    }
}
