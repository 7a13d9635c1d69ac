package dev.quiver.flight.transport.flight;

import dev.quiver.flight.auth.AuthenticatedUser;
import dev.quiver.flight.auth.AuthenticationException;
import dev.quiver.flight.auth.Authenticator;
import dev.quiver.flight.auth.LoginThrottledException;
import java.util.Locale;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Flight's header middleware authenticator ({@code FlightServer.Builder.headerAuthenticator}) for a Quiver
 * {@link Authenticator}, implemented directly (Flight's own bearer-token authenticator kept every issued token in a
 * cache of its own, unbounded and never read):
 * <ul>
 *   <li>{@code authorization: Basic base64(user:password)} is a login: the password is checked (throttled per user
 *       and per client address) and the answer carries a new bearer token in its {@code authorization} header, which
 *       is what Flight clients' basic-token handshake reads;</li>
 *   <li>{@code authorization: Bearer <token>} is checked against the shared tokens (HTTP accepts the same).</li>
 * </ul>
 * Every refusal has a message saying what to send: UNAUTHENTICATED, or RESOURCE_EXHAUSTED when logins are
 * throttled.
 */
public final class FlightAuthentication implements CallHeaderAuthenticator {
    private static final String BASIC = "basic ";
    private static final String BEARER = "bearer ";

    private final Authenticator authenticator;

    public FlightAuthentication(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public AuthResult authenticate(CallHeaders headers) {
        String authorization = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
        try {
            if (authorization == null || authorization.isBlank()) {
                throw AuthenticationException.missing();
            }
            String value = authorization.strip();
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.startsWith(BEARER)) {
                return result(authenticator.checkToken(value.substring(BEARER.length()).strip()));
            }
            if (lower.startsWith(BASIC)) {
                String[] credentials = Authenticator.decodeBasic(value.substring(BASIC.length()).strip());
                return result(authenticator.login(credentials[0], credentials[1], PeerAddress.of(headers)));
            }
            throw AuthenticationException.malformed("the scheme is neither Basic nor Bearer");
        } catch (AuthenticationException e) {
            throw refusal(CallStatus.UNAUTHENTICATED, e);
        } catch (LoginThrottledException e) {
            throw refusal(CallStatus.RESOURCE_EXHAUSTED, e);
        }
    }

    /**
     * For {@code FlightServer.Builder.transportHint("grpc.builderConsumer", ...)}: records each call's client address
     * where {@link #authenticate} reads it ({@link PeerAddress}).
     */
    public static java.util.function.Consumer<io.grpc.netty.NettyServerBuilder> peerAddresses() {
        return builder -> builder.addStreamTracerFactory(PeerAddress.tracer());
    }

    private static AuthResult result(AuthenticatedUser user) {
        return new AuthResult() {
            @Override
            public String getPeerIdentity() {
                return user.name();
            }

            @Override
            public void appendToOutgoingHeaders(CallHeaders outgoing) {
                if (user.issuedToken() != null && outgoing.get(Auth2Constants.AUTHORIZATION_HEADER) == null) {
                    outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + user.issuedToken());
                }
            }
        };
    }

    private static FlightRuntimeException refusal(CallStatus status, RuntimeException e) {
        return status.withDescription(e.getMessage()).toRuntimeException();
    }
}
