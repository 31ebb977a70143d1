package dev.secondlook.core.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogRecordReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<RawRecord> read(byte[] bytes, int maxRecord) throws IOException {
        List<RawRecord> out = new ArrayList<>();
        try (LogRecordReader r = new LogRecordReader(new ByteArrayInputStream(bytes), MAPPER, maxRecord,
                1L << 40)) {
            RawRecord rec;
            while ((rec = r.next()) != null) {
                out.add(rec);
            }
        }
        return out;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonLines_yieldOneRecordPerLine_withLineNumbers() throws IOException {
        List<RawRecord> recs = read(utf8("{\"a\":1}\n{\"a\":2}\n\n{\"a\":3}"), 1024);
        assertEquals(3, recs.size());
        assertEquals(1, recs.get(0).line());
        assertEquals(2, recs.get(1).line());
        assertEquals(4, recs.get(2).line());
        assertEquals(3, ((RawRecord.Parsed) recs.get(2)).json().get("a").asInt());
    }

    @Test
    void gzip_isDetectedFromMagicBytes() throws IOException {
        List<RawRecord> recs = read(gzip(utf8("{\"a\":1}\n{\"a\":2}\n")), 1024);
        assertEquals(2, recs.size());
        assertInstanceOf(RawRecord.Parsed.class, recs.get(1));
    }

    @Test
    void concatenatedGzipMembers_areReadAsOneStream() throws IOException {
        byte[] a = gzip(utf8("{\"a\":1}\n"));
        byte[] b = gzip(utf8("{\"a\":2}\n"));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertEquals(2, read(both, 1024).size());
    }

    @Test
    void malformedLine_isRejectedWithReason_andLaterLinesStillRead() throws IOException {
        List<RawRecord> recs = read(utf8("{\"a\":1}\n{\"a\": \n{\"a\":3}\n"), 1024);
        assertEquals(3, recs.size());
        RawRecord.Rejected bad = assertInstanceOf(RawRecord.Rejected.class, recs.get(1));
        assertEquals("invalid-json", bad.code());
        assertEquals(2, bad.line());
        assertInstanceOf(RawRecord.Parsed.class, recs.get(2));
    }

    @Test
    void crlfAndBom_areTolerated() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = utf8("{\"a\":1}\r\n{\"a\":2}\r\n");
        byte[] all = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        List<RawRecord> recs = read(all, 1024);
        assertEquals(2, recs.size());
        assertTrue(recs.stream().allMatch(r -> r instanceof RawRecord.Parsed));
    }

    @Test
    void overlongLine_isRejectedWithoutBufferingIt_andNextLineRead() throws IOException {
        String big = "{\"a\":\"" + "x".repeat(10_000) + "\"}";
        List<RawRecord> recs = read(utf8(big + "\n{\"a\":2}\n"), 1000);
        assertEquals(2, recs.size());
        assertEquals("record-too-large", ((RawRecord.Rejected) recs.get(0)).code());
        assertTrue(((RawRecord.Rejected) recs.get(0)).preview().length() <= 512);
        assertInstanceOf(RawRecord.Parsed.class, recs.get(1));
    }

    @Test
    void invalidUtf8_isRejected() throws IOException {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
        byte[] good = utf8("{\"a\":\"é\"}\n");
        byte[] all = Arrays.copyOf(bad, bad.length + good.length);
        System.arraycopy(good, 0, all, bad.length, good.length);
        List<RawRecord> recs = read(all, 1024);
        assertEquals("invalid-utf8", ((RawRecord.Rejected) recs.get(0)).code());
        assertEquals("é", ((RawRecord.Parsed) recs.get(1)).json().get("a").asText());
    }

    @Test
    void gzipMagicWithABrokenHeader_isOneRejection_notAnError() throws IOException {
        // found by IngestFuzzTest: the header is read when the stream opens, so it failed the whole object
        byte[] corrupt = {0x1f, (byte) 0x8b, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, '{', '}', '\n'};
        List<RawRecord> recs = read(corrupt, 1024);
        assertEquals(1, recs.size());
        assertEquals("corrupt-gzip", ((RawRecord.Rejected) recs.get(0)).code());
        List<RawRecord> cut = read(new byte[] {0x1f, (byte) 0x8b, 0x08}, 1024);
        assertEquals("truncated-gzip", ((RawRecord.Rejected) cut.get(0)).code());
    }

    @Test
    void aDocumentJacksonTakesForUtf32_isOneRejection_notAnError() throws IOException {
        // found by IngestFuzzTest: control bytes around a lone '{' start a pretty-printed document whose
        // encoding detection throws CharConversionException, an IOException that failed the whole object
        byte[] doc = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, '{', 0x0b};
        List<RawRecord> recs = read(doc, 1024);
        assertEquals(1, recs.size());
        assertEquals("invalid-json", ((RawRecord.Rejected) recs.get(0)).code());
    }

    @Test
    void truncatedGzip_keepsEarlierRecords_andEndsWithOneRejection() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("{\"i\":").append(i).append(",\"pad\":\"").append(Integer.toHexString(i * 7919)).append("\"}\n");
        }
        byte[] gz = gzip(utf8(sb.toString()));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        List<RawRecord> recs = read(cut, 1024);
        RawRecord last = recs.get(recs.size() - 1);
        assertEquals("truncated-gzip", ((RawRecord.Rejected) last).code());
        assertTrue(recs.size() > 10, "records before the cut are read");
        assertTrue(recs.subList(0, recs.size() - 1).stream().allMatch(r -> r instanceof RawRecord.Parsed));
    }

    @Test
    void prettyPrintedObject_isOneRecord() throws IOException {
        List<RawRecord> recs = read(utf8("{\n  \"requestId\": \"r1\",\n  \"nested\": {\n    \"a\": 1\n  }\n}\n"),
                1024);
        assertEquals(1, recs.size());
        assertEquals("r1", ((RawRecord.Parsed) recs.get(0)).json().get("requestId").asText());
    }

    @Test
    void prettyPrintedArray_yieldsOneRecordPerElement() throws IOException {
        List<RawRecord> recs = read(utf8("[\n {\"a\": 1},\n {\"a\": 2}\n]\n"), 1024);
        assertEquals(2, recs.size());
        assertEquals(2, recs.get(1).line());
    }

    @Test
    void objectOverDecompressedCap_endsWithRejection() throws IOException {
        byte[] data = utf8("{\"a\":1}\n".repeat(100_000));
        List<RawRecord> out = new ArrayList<>();
        try (LogRecordReader r = new LogRecordReader(new ByteArrayInputStream(gzip(data)), MAPPER, 1024,
                100_000)) {
            RawRecord rec;
            while ((rec = r.next()) != null) {
                out.add(rec);
            }
        }
        assertEquals("object-too-large", ((RawRecord.Rejected) out.get(out.size() - 1)).code());
        assertFalse(out.size() > 100_000);
    }

    @Test
    void theNewlineSearch_findsTheFirstNewline_asAByteLoopWould() {
        java.util.Random r = new java.util.Random(5);
        // bytes near '\n' (0x0A) and with high bits set, where a word-at-a-time search could borrow wrongly
        byte[] alphabet = {'\n', 0x0B, 0x09, 0x0A ^ (byte) 0x80, (byte) 0x8A, 0, 'a', (byte) 0xFF, 0x01};
        for (int n = 0; n < 50_000; n++) {
            byte[] b = new byte[r.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(6) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) r.nextInt(256);
            }
            int from = b.length == 0 ? 0 : r.nextInt(b.length + 1);
            int to = from + r.nextInt(b.length - from + 1);
            int expected = -1;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, LogRecordReader.newline(b, from, to), Arrays.toString(b) + " " + from + " " + to);
        }
    }
}
