package io.github.streamingdatapatterns.flinkapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Turns one record (a JSON object) into an {@link Event}, or says exactly why it cannot.
 *
 * <ul>
 *   <li>key field: a non-empty string, or an integer (used as its decimal text);
 *   <li>value field: a finite JSON number;
 *   <li>timestamp field: an ISO-8601 date-time with an offset ({@code 2025-01-01T10:00:00Z}), a
 *       local ISO-8601 date-time taken as UTC ({@code 2025-01-01T10:00:00.123456}), or epoch
 *       milliseconds as a JSON integer.
 * </ul>
 *
 * A field name starting with {@code /} is a JSON pointer into nested objects ({@code /reading/value}).
 */
public final class RecordParser implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final String keyField;
  private final String valueField;
  private final String timestampField;

  public RecordParser(String keyField, String valueField, String timestampField) {
    this.keyField = keyField;
    this.valueField = valueField;
    this.timestampField = timestampField;
  }

  /** The outcome of parsing one record: an event, or an error. */
  public static final class Result {
    public final Event event;
    public final String error;

    private Result(Event event, String error) {
      this.event = event;
      this.error = error;
    }

    public boolean ok() {
      return event != null;
    }
  }

  public Result parse(String payload) {
    if (payload == null || payload.isBlank()) {
      return error("empty record");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      return error("invalid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return error("not a JSON object (got " + describe(root) + ")");
    }

    JsonNode keyNode = field(root, keyField);
    String key;
    if (keyNode.isMissingNode()) {
      return error("missing field '" + keyField + "'");
    } else if (keyNode.isTextual() && !keyNode.asText().isEmpty()) {
      key = keyNode.asText();
    } else if (keyNode.isIntegralNumber()) {
      key = keyNode.asText();
    } else {
      return error("field '" + keyField + "' must be a non-empty string or an integer (got " + describe(keyNode) + ")");
    }

    JsonNode valueNode = field(root, valueField);
    if (valueNode.isMissingNode()) {
      return error("missing field '" + valueField + "'");
    }
    if (!valueNode.isNumber() || !Double.isFinite(valueNode.doubleValue())) {
      return error("field '" + valueField + "' must be a finite number (got " + describe(valueNode) + ")");
    }
    double value = valueNode.doubleValue();

    JsonNode timeNode = field(root, timestampField);
    if (timeNode.isMissingNode()) {
      return error("missing field '" + timestampField + "'");
    }
    Long timestamp = timestamp(timeNode);
    if (timestamp == null) {
      return error("field '" + timestampField + "' must be an ISO-8601 date-time or epoch milliseconds (got "
          + describe(timeNode) + ")");
    }
    return new Result(new Event(key, value, timestamp, payload), null);
  }

  private static JsonNode field(JsonNode root, String name) {
    JsonNode node = name.startsWith("/") ? root.at(name) : root.path(name);
    return node;
  }

  private static Long timestamp(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (!node.isTextual()) {
      return null;
    }
    String text = node.asText().trim();
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // not with an offset: try a local date-time, taken as UTC
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      String text = node.asText();
      return text.length() > 40 ? "a string \"" + text.substring(0, 40) + "...\"" : "a string \"" + text + "\"";
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    return node.isArray() ? "an array" : "an object";
  }

  private static Result error(String message) {
    return new Result(null, message);
  }
}
