package dev.quiver.flight.transport.flight;

import dev.quiver.flight.auth.AuthenticatedUser;
import dev.quiver.flight.auth.AuthenticationException;
import dev.quiver.flight.auth.Authenticator;
import java.util.Locale;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;

/**
 * Flight's header middleware authenticator ({@code FlightServer.Builder.headerAuthenticator}) for a Quiver
 * {@link Authenticator}: Flight's {@link BasicCallHeaderAuthenticator} inside its
 * {@link GeneratedBearerTokenAuthenticator} does the basic → bearer exchange, with the password check and the
 * tokens delegated to the transport-neutral {@link Authenticator} (so HTTP accepts the same tokens).
 *
 * <p>Every refusal is {@code UNAUTHENTICATED} with a message saying what to send; malformed headers are refused
 * here, before Flight's classes would log them as errors.
 */
public final class FlightAuthentication implements CallHeaderAuthenticator {
    private final CallHeaderAuthenticator basicThenBearer;

    public FlightAuthentication(Authenticator authenticator) {
        this.basicThenBearer = new SharedBearerTokens(authenticator,
                new BasicCallHeaderAuthenticator((user, password) -> withToken(login(authenticator, user, password))));
    }

    @Override
    public AuthResult authenticate(CallHeaders headers) {
        try {
            checkForm(headers.get(Auth2Constants.AUTHORIZATION_HEADER));
        } catch (AuthenticationException e) {
            throw unauthenticated(e);
        }
        return basicThenBearer.authenticate(headers);
    }

    /** Refuses what Flight's authenticators would refuse without a message (or with an error in the log). */
    private static void checkForm(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw AuthenticationException.missing();
        }
        String lower = authorization.toLowerCase(Locale.ROOT);
        if (lower.startsWith("basic ")) {
            Authenticator.decodeBasic(authorization.substring("basic ".length()));
        } else if (!lower.startsWith("bearer ")) {
            throw AuthenticationException.malformed("the scheme is neither Basic nor Bearer");
        }
    }

    private static AuthenticatedUser login(Authenticator authenticator, String user, String password) {
        try {
            return authenticator.login(user, password);
        } catch (AuthenticationException e) {
            throw unauthenticated(e);
        }
    }

    private static AuthResult withToken(AuthenticatedUser user) {
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

    private static FlightRuntimeException unauthenticated(AuthenticationException e) {
        return CallStatus.UNAUTHENTICATED.withDescription(e.getMessage()).toRuntimeException();
    }

    /**
     * Flight's generated-bearer-token authenticator, with the tokens issued (by the login above, which it then
     * hands out) and checked by the shared {@link Authenticator} instead of its own private cache.
     */
    private static final class SharedBearerTokens extends GeneratedBearerTokenAuthenticator {
        private final Authenticator authenticator;

        SharedBearerTokens(Authenticator authenticator, CallHeaderAuthenticator basic) {
            super(basic);
            this.authenticator = authenticator;
        }

        @Override
        protected AuthResult validateBearer(String token) {
            AuthenticatedUser user;
            try {
                user = authenticator.checkToken(token);
            } catch (AuthenticationException e) {
                throw unauthenticated(e);
            }
            return user::name;
        }
    }
}
