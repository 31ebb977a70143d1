package dev.secondlook.core.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams the records of one log object, gzip or plain, without holding the object in memory.
 *
 * <p>Framing: JSON Lines (one value per line, CRLF and a leading BOM tolerated), unless the first non-blank line
 * is a lone {@code {} or {@code [}, in which case the object is one pretty-printed JSON document (values of a
 * top-level array, or concatenated values, each become a record). A bad line is rejected with a reason and
 * reading goes on with the next line; a broken compressed stream ends the object with one rejection.
 *
 * <p>Memory is bounded by {@code maxRecordBytes}: a longer line is skipped (rejected) without being buffered.
 * Not thread-safe; one instance per object.
 */
public final class LogRecordReader implements AutoCloseable {

    private static final int PREVIEW_BYTES = 512;
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final ObjectMapper mapper;
    private final int maxRecordBytes;
    private final long maxDecompressedBytes;
    private final Deque<RawRecord> pending = new ArrayDeque<>();
    private ObjectReader lineReader;

    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkLen;
    private long totalBytes;
    private byte[] line = new byte[1024];
    private int lineLen;
    private long lineNo;
    private boolean eof;
    private boolean started;
    private boolean compressed;

    /**
     * @param raw                  the object's bytes (gzip is detected from its magic number)
     * @param mapper               Jackson mapper used to parse each record
     * @param maxRecordBytes       longest accepted record, in (uncompressed) bytes
     * @param maxDecompressedBytes hard cap on the object's uncompressed size (gzip bomb guard)
     */
    public LogRecordReader(InputStream raw, ObjectMapper mapper, int maxRecordBytes, long maxDecompressedBytes)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        this.compressed = b1 == 0x1f && b2 == 0x8b;
        this.in = compressed ? gunzip(buffered) : buffered;
        this.mapper = mapper;
        this.maxRecordBytes = maxRecordBytes;
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /**
     * The decompressing stream; a header that is corrupt or cut short (found by fuzzing) ends the object with one
     * rejection instead of failing it - retrying would fail the same way forever.
     */
    private InputStream gunzip(BufferedInputStream buffered) throws IOException {
        try {
            return new GZIPInputStream(buffered, CHUNK);
        } catch (EOFException | ZipException e) {
            brokenStream(e, false);
            return InputStream.nullInputStream();
        }
    }

    /** True when the object was gzip-compressed. */
    public boolean compressed() {
        return compressed;
    }

    /** Uncompressed bytes read so far. */
    public long bytesRead() {
        return totalBytes;
    }

    /**
     * Returns the next record, or {@code null} at the end of the object.
     *
     * @throws IOException when the underlying stream fails for a reason other than corrupt data (e.g. the network):
     *                     the caller should retry the whole object
     */
    public RawRecord next() throws IOException {
        RawRecord r = nextLine();
        if (!(r instanceof RawRecord.Line l)) {
            return r;
        }
        if (lineReader == null) {
            lineReader = lineReader(mapper);
        }
        return parse(lineReader, l);
    }

    /**
     * As {@link #next()}, except that a line of a JSON Lines log comes back as a {@link RawRecord.Line}, framed but
     * not parsed: {@link #parse} it, on any thread. Lines of a pretty-printed document come back parsed.
     *
     * @throws IOException as {@link #next()}
     */
    public RawRecord nextLine() throws IOException {
        while (true) {
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            if (eof) {
                return null;
            }
            LineResult r = readLine();
            if (r == LineResult.END) {
                eof = true;
                continue;
            }
            if (r == LineResult.BROKEN) {
                continue;
            }
            lineNo++;
            int start = 0;
            if (lineNo == 1 && lineLen >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB
                    && (line[2] & 0xff) == 0xBF) {
                start = 3;
            }
            if (r == LineResult.TOO_LONG) {
                started = true;
                pending.add(new RawRecord.Rejected(lineNo, "record-too-large",
                        "line longer than " + maxRecordBytes + " bytes", preview(start)));
                continue;
            }
            if (isBlank(start)) {
                continue;
            }
            if (!started) {
                started = true;
                String trimmed = new String(line, start, lineLen - start, StandardCharsets.UTF_8).trim();
                if (trimmed.equals("{") || trimmed.equals("[")) {
                    readDocument(start);
                    continue;
                }
            }
            pending.add(new RawRecord.Line(lineNo, Arrays.copyOfRange(line, start, lineLen)));
        }
    }

    /**
     * The reader {@link #parse(ObjectReader, RawRecord.Line)} wants: a second value on the same line (trailing text,
     * CR-only line endings) is an error, not ignored. Build it once and keep it (it is immutable and thread-safe).
     */
    public static ObjectReader lineReader(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Parses one line of a JSON Lines log with a reader from {@link #lineReader}: a {@link RawRecord.Parsed} value,
     * or a {@link RawRecord.Rejected} that says why not ({@code invalid-utf8}, {@code invalid-json}). Thread-safe.
     */
    public static RawRecord parse(ObjectReader reader, RawRecord.Line raw) {
        if (!validUtf8(raw.bytes())) {
            return new RawRecord.Rejected(raw.line(), "invalid-utf8", "line is not valid UTF-8", "");
        }
        return parseValidUtf8(reader, raw);
    }

    /** Whether a line's bytes are valid UTF-8 (what {@link #parse} checks first). */
    public static boolean isValidUtf8(RawRecord.Line raw) {
        return validUtf8(raw.bytes());
    }

    /** {@link #parse} of a line already found valid UTF-8 by {@link #isValidUtf8}. */
    public static RawRecord parseValidUtf8(ObjectReader reader, RawRecord.Line raw) {
        byte[] bytes = raw.bytes();
        long lineNo = raw.line();
        try {
            JsonNode node = reader.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                return new RawRecord.Rejected(lineNo, "invalid-json", "no JSON value on the line", preview(bytes));
            }
            return new RawRecord.Parsed(lineNo, node);
        } catch (JsonProcessingException e) {
            return new RawRecord.Rejected(lineNo, "invalid-json", describe(e), preview(bytes));
        } catch (IOException | RuntimeException e) {
            // a parser failure other than a syntax error is still this line's: it ends as its rejection, not the
            // object's failure (which would retry the object forever)
            return new RawRecord.Rejected(lineNo, "invalid-json", e.getClass().getSimpleName(), preview(bytes));
        }
    }

    /** Reads the rest of the object as one pretty-printed document, bounded by maxRecordBytes. */
    private void readDocument(int start) throws IOException {
        byte[] doc = Arrays.copyOfRange(line, start, lineLen);
        int docLen = doc.length;
        boolean tooLarge = false;
        while (true) {
            LineResult r = readLine();
            if (r == LineResult.END || r == LineResult.BROKEN) {
                break;
            }
            if (r == LineResult.TOO_LONG || docLen + lineLen + 1 > maxRecordBytes) {
                tooLarge = true;
                continue;
            }
            if (docLen + lineLen + 1 > doc.length) {
                doc = Arrays.copyOf(doc, Math.min(maxRecordBytes, Math.max(doc.length * 2, docLen + lineLen + 1)));
            }
            doc[docLen++] = '\n';
            System.arraycopy(line, 0, doc, docLen, lineLen);
            docLen += lineLen;
        }
        eof = true;
        if (tooLarge) {
            pending.add(new RawRecord.Rejected(1, "record-too-large",
                    "pretty-printed document longer than " + maxRecordBytes + " bytes", ""));
            return;
        }
        long index = 0;
        try (MappingIterator<JsonNode> values = mapper.readerFor(JsonNode.class).readValues(doc, 0, docLen)) {
            while (values.hasNextValue()) {
                JsonNode value = values.nextValue();
                if (value.isArray()) {
                    for (JsonNode element : value) {
                        pending.add(new RawRecord.Parsed(++index, element));
                    }
                } else {
                    pending.add(new RawRecord.Parsed(++index, value));
                }
            }
        } catch (JsonProcessingException e) {
            pending.add(new RawRecord.Rejected(index + 1, "invalid-json", describe(e), ""));
        } catch (IOException e) {
            // parsing bytes in memory: any IOException is the data (found by fuzzing: Jackson's encoding
            // detection reads a NUL-padded document as UTF-32 and throws CharConversionException)
            pending.add(new RawRecord.Rejected(index + 1, "invalid-json", e.getClass().getSimpleName(), ""));
        }
        lineNo = index;
    }

    private enum LineResult { OK, TOO_LONG, END, BROKEN }

    /** Reads one line into {@link #line} (without its CR/LF). */
    private LineResult readLine() throws IOException {
        lineLen = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (chunkPos >= chunkLen) {
                int n;
                try {
                    n = in.read(chunk, 0, CHUNK);
                } catch (EOFException | ZipException e) {
                    return brokenStream(e, any);
                }
                if (n < 0) {
                    if (!any) {
                        return LineResult.END;
                    }
                    eof = true;
                    break;
                }
                chunkLen = n;
                chunkPos = 0;
                totalBytes += n;
                if (totalBytes > maxDecompressedBytes) {
                    eof = true;
                    lineNo++;
                    pending.add(new RawRecord.Rejected(lineNo, "object-too-large",
                            "object exceeds " + maxDecompressedBytes + " uncompressed bytes; rest not read", ""));
                    return LineResult.BROKEN;
                }
            }
            any = true;
            int nl = newline(chunk, chunkPos, chunkLen);
            int end = nl < 0 ? chunkLen : nl;
            int n = end - chunkPos;
            if (!tooLong) {
                if (lineLen + n > maxRecordBytes) {
                    tooLong = true;
                    // keep the head for the preview, drop the rest
                    int keep = Math.min(n, Math.max(0, PREVIEW_BYTES - lineLen));
                    append(chunkPos, keep);
                } else {
                    append(chunkPos, n);
                }
            }
            chunkPos = end;
            if (nl >= 0) {
                chunkPos = nl + 1;
                break;
            }
        }
        if (lineLen > 0 && line[lineLen - 1] == '\r') {
            lineLen--;
        }
        return tooLong ? LineResult.TOO_LONG : LineResult.OK;
    }

    private LineResult brokenStream(IOException e, boolean partialLine) {
        eof = true;
        lineNo++;
        String what = e instanceof EOFException ? "truncated-gzip" : "corrupt-gzip";
        pending.add(new RawRecord.Rejected(lineNo, what,
                (e instanceof EOFException ? "compressed stream ends early" : "compressed stream is corrupt")
                        + (partialLine ? " inside a record" : "") + "; the rest of the object cannot be read",
                ""));
        return LineResult.BROKEN;
    }

    private void append(int from, int n) {
        if (lineLen + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        }
        System.arraycopy(chunk, from, line, lineLen, n);
        lineLen += n;
    }

    private boolean isBlank(int start) {
        for (int i = start; i < lineLen; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Eight bytes of an array as one long, the first byte lowest. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** The index of the first '\n' in {@code b[from, to)}, or -1: eight bytes at a time, read as one long. */
    static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            // a byte equal to '\n' is zero in w; the lowest flagged byte is the first zero (a borrow only moves up
            // from a byte that is zero itself)
            long w = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long zero = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
     * which Jackson does not always check; a hand-written pass that allocates nothing, equal to the JDK's strict
     * decoder (UTF8ValidationTest compares them on random bytes).
     */
    static boolean validUtf8(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            // ASCII eight bytes at a time, read as one long: no byte has its high bit set
            while (i + 8 <= n && ((long) LONGS.get(bytes, i) & 0x8080808080808080L) == 0) {
                i += 8;
            }
            if (i >= n) {
                break;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xff;
            if (b < 0xC2) {
                return false; // a continuation byte first, or an overlong two-byte form
            }
            if (b < 0xE0) {
                if (i + 1 >= n || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b < 0xF0) {
                if (i + 2 >= n || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
                    return false;
                }
                int b1 = bytes[i + 1] & 0xff;
                if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0)) {
                    return false; // overlong, or a surrogate
                }
                i += 3;
            } else if (b < 0xF5) {
                if (i + 3 >= n || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])
                        || !continuation(bytes[i + 3])) {
                    return false;
                }
                int b1 = bytes[i + 1] & 0xff;
                if ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90)) {
                    return false; // overlong, or above U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private String preview(int start) {
        int n = Math.min(PREVIEW_BYTES, lineLen - start);
        return new String(line, start, Math.max(0, n), StandardCharsets.UTF_8);
    }

    private static String preview(byte[] bytes) {
        return new String(bytes, 0, Math.min(PREVIEW_BYTES, bytes.length), StandardCharsets.UTF_8);
    }

    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) {
            msg = e.getClass().getSimpleName();
        }
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "...";
        }
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            msg += " (column " + e.getLocation().getColumnNr() + ")";
        }
        return msg;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
