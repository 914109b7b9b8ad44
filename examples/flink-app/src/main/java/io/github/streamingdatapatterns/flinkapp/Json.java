package io.github.streamingdatapatterns.flinkapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The JSON the application writes: result lines for S3 and message bodies for the failure queue. */
public final class Json {
  /**
   * Escapes every non-ASCII character, so a body is always valid SQS message text (SQS rejects
   * some Unicode code points, and a rejected batch would stop the job).
   */
  static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  /** The largest message body and batch SQS accepts everywhere: 256 KiB. */
  public static final int MAX_MESSAGE_BYTES = 256 * 1024;
  private static final int MAX_ERROR_CHARS = 1_000;

  private Json() {}

  /**
   * One result line, for example
   * {@code {"key":"AMZN","windowStart":"2025-01-01T10:00:00Z","windowEnd":"2025-01-01T10:01:00Z","count":2,"sum":30.75,"min":10.5,"max":20.25}}.
   */
  public static String result(WindowResult r) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("key", r.key);
    node.put("windowStart", Instant.ofEpochMilli(r.windowStart).toString());
    node.put("windowEnd", Instant.ofEpochMilli(r.windowEnd).toString());
    node.put("count", r.count);
    node.put("sum", r.sum);
    node.put("min", r.min);
    node.put("max", r.max);
    return write(node);
  }

  /**
   * The failure queue message for one failure: {@code {"reason":...,"error":...,"payload":...}}.
   * A payload that would make the body larger than {@link #MAX_MESSAGE_BYTES} is cut, and the body
   * then says so: {@code "payloadTruncated":true,"payloadBytes":<size of the whole payload>}.
   */
  public static String failureMessage(Failure f) {
    String error = f.error == null ? "" : f.error;
    if (error.length() > MAX_ERROR_CHARS) {
      error = error.substring(0, MAX_ERROR_CHARS) + "...";
    }
    String payload = f.payload == null ? "" : f.payload;
    String body = failureBody(f.reason, error, payload, -1);
    int keep = payload.length();
    while (utf8Length(body) > MAX_MESSAGE_BYTES) {
      long size = utf8Length(body);
      keep = (int) Math.max(0, Math.min(keep - 1, (long) keep * MAX_MESSAGE_BYTES / size - 1_024));
      if (keep > 0 && Character.isHighSurrogate(payload.charAt(keep - 1))) {
        keep--;
      }
      body = failureBody(f.reason, error, payload.substring(0, keep), utf8Length(payload));
    }
    return body;
  }

  private static String failureBody(String reason, String error, String payload, long truncatedFrom) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("reason", reason);
    node.put("error", error);
    node.put("payload", payload);
    if (truncatedFrom >= 0) {
      node.put("payloadTruncated", true);
      node.put("payloadBytes", truncatedFrom);
    }
    return write(node);
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }
}
