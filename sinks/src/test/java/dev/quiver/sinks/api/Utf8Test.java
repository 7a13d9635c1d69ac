package dev.quiver.sinks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8#firstInvalid} against the JDK's strict UTF-8 decoder, at every offset around the eight-byte steps. */
class Utf8Test {
    private static final byte[][] INVALID = {
            {(byte) 0x80}, // a continuation byte without a lead
            {(byte) 0xC0, (byte) 0xAF}, // over-long '/'
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // over-long, three bytes
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
            {(byte) 0xF5}, {(byte) 0xFF},
            {(byte) 0xE2, (byte) 0x82}, // cut short (followed by ASCII)
    };
    private static final byte[][] VALID = {
            "é".getBytes(StandardCharsets.UTF_8), "€".getBytes(StandardCharsets.UTF_8),
            "𝄞".getBytes(StandardCharsets.UTF_8), {(byte) 0xEF, (byte) 0xBF, (byte) 0xBF},
    };

    /** Whether the JDK's decoder, reporting malformed input, decodes {@code bytes}. */
    private static boolean validForTheJdk(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void asciiOfEveryLengthIsValid() {
        for (int n = 0; n < 40; n++) {
            byte[] ascii = new byte[n];
            Arrays.fill(ascii, (byte) 'a');
            assertThat(Utf8.firstInvalid(ascii)).as("length " + n).isEqualTo(-1);
        }
    }

    @Test
    void anInvalidSequenceIsFoundAtEveryOffset() {
        for (byte[] bad : INVALID) {
            for (int at = 0; at < 24; at++) {
                byte[] bytes = new byte[at + bad.length + 11];
                Arrays.fill(bytes, (byte) 'x');
                System.arraycopy(bad, 0, bytes, at, bad.length);
                assertThat(Utf8.firstInvalid(bytes)).as(Arrays.toString(bad) + " at " + at).isEqualTo(at);
            }
        }
    }

    @Test
    void validMultiByteCharactersAtEveryOffsetPass() {
        for (byte[] good : VALID) {
            for (int at = 0; at < 24; at++) {
                byte[] bytes = new byte[at + good.length + 9];
                Arrays.fill(bytes, (byte) 'y');
                System.arraycopy(good, 0, bytes, at, good.length);
                assertThat(Utf8.firstInvalid(bytes)).as(Arrays.toString(good) + " at " + at).isEqualTo(-1);
            }
        }
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnMixedText() {
        Random random = new Random(42);
        byte[][] pieces = {"abcdefgh".getBytes(StandardCharsets.UTF_8), "ü".getBytes(StandardCharsets.UTF_8),
                "€".getBytes(StandardCharsets.UTF_8), "𝄞".getBytes(StandardCharsets.UTF_8), {'"'}, {(byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC1, (byte) 0x81}};
        for (int round = 0; round < 2_000; round++) {
            ByteBuffer text = ByteBuffer.allocate(256);
            int count = random.nextInt(20);
            for (int i = 0; i < count; i++) {
                byte[] piece = pieces[random.nextInt(pieces.length)];
                if (random.nextInt(6) > 0 && piece.length > 0 && (piece[0] == (byte) 0x80 || piece[0] == (byte) 0xED
                        || piece[0] == (byte) 0xC1)) {
                    piece = pieces[0]; // mostly valid text
                }
                text.put(piece);
            }
            byte[] bytes = Arrays.copyOf(text.array(), text.position());
            assertThat(Utf8.firstInvalid(bytes) < 0).as(Arrays.toString(bytes)).isEqualTo(validForTheJdk(bytes));
        }
    }
}
