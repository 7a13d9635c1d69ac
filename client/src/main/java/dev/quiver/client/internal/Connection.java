package dev.quiver.client.internal;

import java.net.URI;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;

/** One authenticated Flight connection and the options (credentials, deadline) every call on it must carry. */
public record Connection(URI uri, FlightClient client, CallOption[] options) {
}
