package io.github.streamingdatapatterns.flinkapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordParserTest {
  private final RecordParser parser = new RecordParser("ticker", "price", "event_time");

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void parsesAGoodRecordAndKeepsThePayload() {
    String payload = "{\"ticker\":\"AMZN\",\"price\":10.5,\"event_time\":\"2025-01-01T10:00:01Z\",\"extra\":[1]}";
    RecordParser.Result result = parser.parse(payload);
    assertThat(result.error).isNull();
    assertThat(result.event).isEqualTo(new Event("AMZN", 10.5, millis("2025-01-01T10:00:01Z"), payload));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2025-01-01T10:00:01Z|2025-01-01T10:00:01Z",
      "2025-01-01T10:00:01.250Z|2025-01-01T10:00:01.250Z",
      "2025-01-01T11:00:01+01:00|2025-01-01T10:00:01Z",
      "2025-01-01T10:00:01|2025-01-01T10:00:01Z",
      "2025-01-01T10:00:01.123456|2025-01-01T10:00:01.123Z",
  })
  void readsIsoDateTimesWithOrWithoutOffset(String text, String expected) {
    RecordParser.Result result = parser.parse("{\"ticker\":\"A\",\"price\":1,\"event_time\":\"" + text + "\"}");
    assertThat(result.event.timestamp).isEqualTo(millis(expected));
  }

  @Test
  void readsEpochMillisAndIntegerKeys() {
    RecordParser.Result result = parser.parse("{\"ticker\":42,\"price\":-1,\"event_time\":1735729320000}");
    assertThat(result.event.key).isEqualTo("42");
    assertThat(result.event.value).isEqualTo(-1.0);
    assertThat(result.event.timestamp).isEqualTo(millis("2025-01-01T11:02:00Z"));
  }

  @Test
  void followsJsonPointersIntoNestedObjects() {
    RecordParser nested = new RecordParser("/device/id", "/reading/value", "ts");
    RecordParser.Result result =
        nested.parse("{\"device\":{\"id\":\"d-1\"},\"reading\":{\"value\":3.5},\"ts\":\"2025-01-01T00:00:00Z\"}");
    assertThat(result.event.key).isEqualTo("d-1");
    assertThat(result.event.value).isEqualTo(3.5);
    assertThat(nested.parse("{\"device\":{},\"reading\":{\"value\":3.5},\"ts\":1}").error)
        .isEqualTo("missing field '/device/id'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "``|empty record",
      "`   `|empty record",
      "not json at all|invalid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
      "`{\"ticker\":\"A\",\"ticker\":\"B\",\"price\":1,\"event_time\":1}`|invalid JSON: Duplicate field 'ticker'",
      "[1,2,3]|not a JSON object (got an array)",
      "`\"text\"`|not a JSON object (got a string \"text\")",
      "null|not a JSON object (got null)",
      "`{\"price\":1,\"event_time\":1}`|missing field 'ticker'",
      "`{\"ticker\":\"\",\"price\":1,\"event_time\":1}`|field 'ticker' must be a non-empty string or an integer (got a string \"\")",
      "`{\"ticker\":1.5,\"price\":1,\"event_time\":1}`|field 'ticker' must be a non-empty string or an integer (got the number 1.5)",
      "`{\"ticker\":null,\"price\":1,\"event_time\":1}`|field 'ticker' must be a non-empty string or an integer (got null)",
      "`{\"ticker\":{},\"price\":1,\"event_time\":1}`|field 'ticker' must be a non-empty string or an integer (got an object)",
      "`{\"ticker\":\"A\",\"event_time\":1}`|missing field 'price'",
      "`{\"ticker\":\"A\",\"price\":\"12.5\",\"event_time\":1}`|field 'price' must be a finite number (got a string \"12.5\")",
      "`{\"ticker\":\"A\",\"price\":true,\"event_time\":1}`|field 'price' must be a finite number (got true)",
      "`{\"ticker\":\"A\",\"price\":1e400,\"event_time\":1}`|field 'price' must be a finite number (got the number Infinity)",
      "`{\"ticker\":\"A\",\"price\":1}`|missing field 'event_time'",
      "`{\"ticker\":\"A\",\"price\":1,\"event_time\":\"yesterday\"}`|field 'event_time' must be an ISO-8601 date-time or epoch milliseconds (got a string \"yesterday\")",
      "`{\"ticker\":\"A\",\"price\":1,\"event_time\":1.5}`|field 'event_time' must be an ISO-8601 date-time or epoch milliseconds (got the number 1.5)",
      "`{\"ticker\":\"A\",\"price\":1,\"event_time\":\"2025-13-01T00:00:00Z\"}`|field 'event_time' must be an ISO-8601 date-time or epoch milliseconds (got a string \"2025-13-01T00:00:00Z\")",
  })
  void saysExactlyWhyARecordIsRejected(String payload, String error) {
    RecordParser.Result result = parser.parse(payload);
    assertThat(result.ok()).isFalse();
    assertThat(result.event).isNull();
    assertThat(result.error).isEqualTo(error);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"ticker\":\"A\"`|invalid JSON: Unexpected end-of-input: expected close marker for Object",
      "`{\"a\":1} {\"b\":2}`|invalid JSON: Trailing token (of type START_OBJECT) found after value",
  })
  void rejectsTruncatedAndConcatenatedJson(String payload, String errorStart) {
    assertThat(parser.parse(payload).error).startsWith(errorStart);
  }

  @Test
  void rejectsAnArrayAsTimestamp() {
    assertThat(parser.parse("{\"ticker\":\"A\",\"price\":1,\"event_time\":[]}").error)
        .isEqualTo("field 'event_time' must be an ISO-8601 date-time or epoch milliseconds (got an array)");
  }
}
