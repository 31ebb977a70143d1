package dev.secondlook.core.read;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader's allocation-free UTF-8 check says what the JDK's strict decoder says, byte string for byte string. */
class Utf8ValidationTest {

    private static boolean jdk(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void edgeCases_matchTheJdk() {
        int[][] cases = {
                {}, {0x41}, {0xC2, 0x80}, {0xC1, 0xBF}, {0xC0, 0x80}, {0xDF, 0xBF}, {0xE0, 0x9F, 0xBF},
                {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xED, 0xA0, 0x80}, {0xEF, 0xBF, 0xBF}, {0xF0, 0x8F, 0xBF, 0xBF},
                {0xF0, 0x90, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80},
                {0xFF}, {0x80}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98}, {0xEF, 0xBB, 0xBF, 0x7B}, {0xC3, 0xA9, 0xC3}};
        for (int[] c : cases) {
            byte[] b = new byte[c.length];
            for (int i = 0; i < c.length; i++) {
                b[i] = (byte) c[i];
            }
            assertEquals(jdk(b), LogRecordReader.validUtf8(b), java.util.Arrays.toString(c));
        }
        assertTrue(LogRecordReader.validUtf8("Grüße, 東京, 😀".getBytes(StandardCharsets.UTF_8)));
        assertFalse(LogRecordReader.validUtf8(new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80}), "a lone surrogate");
    }

    @Test
    void randomBytes_matchTheJdk() {
        SplittableRandom random = new SplittableRandom(20261130);
        int valid = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[random.nextInt(1, 9)];
            for (int i = 0; i < b.length; i++) {
                // mostly bytes near the boundaries that matter, some anything
                int[] interesting = {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
                        0xFF, 0x9F, 0xA0, 0x8F, 0x90};
                b[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256)
                        : interesting[random.nextInt(interesting.length)]);
            }
            boolean expected = jdk(b);
            valid += expected ? 1 : 0;
            assertEquals(expected, LogRecordReader.validUtf8(b), () -> java.util.HexFormat.of().formatHex(b));
        }
        assertTrue(valid > 1_000, "the random strings include valid ones too: " + valid);
    }

    @Test
    void oneHighByteAnywhereInALongAsciiRun_isSeenByTheEightByteStep() {
        SplittableRandom random = new SplittableRandom(20261201);
        for (int round = 0; round < 100_000; round++) {
            byte[] b = new byte[random.nextInt(0, 41)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) random.nextInt(0x20, 0x7F);
            }
            if (b.length > 0 && random.nextBoolean()) {
                int at = random.nextInt(b.length);
                b[at] = (byte) random.nextInt(0x80, 0x100);
                if (random.nextBoolean() && at + 1 < b.length) {
                    b[at] = (byte) 0xC3;
                    b[at + 1] = (byte) 0xA9; // a valid two-byte character
                }
            }
            assertEquals(jdk(b), LogRecordReader.validUtf8(b), () -> java.util.HexFormat.of().formatHex(b));
        }
    }
}
