package io.github.streamingdatapatterns.flinkapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesAResultLine() {
    WindowResult r = new WindowResult("AMZN", Instant.parse("2025-01-01T10:00:00Z").toEpochMilli(),
        Instant.parse("2025-01-01T10:01:00Z").toEpochMilli(), 2, 30.75, 10.5, 20.25);
    assertThat(Json.result(r)).isEqualTo("{\"key\":\"AMZN\",\"windowStart\":\"2025-01-01T10:00:00Z\","
        + "\"windowEnd\":\"2025-01-01T10:01:00Z\",\"count\":2,\"sum\":30.75,\"min\":10.5,\"max\":20.25}");
  }

  @Test
  void writesAFailureMessageInAscii() {
    String body = Json.failureMessage(new Failure(Failure.INVALID_RECORD, "missing field 'price'", "{\"t\":\"é\uFFFF\"}"));
    assertThat(body).isEqualTo("{\"reason\":\"INVALID_RECORD\",\"error\":\"missing field 'price'\","
        + "\"payload\":\"{\\\"t\\\":\\\"\\u00E9\\uFFFF\\\"}\"}");
  }

  @Test
  void cutsAPayloadTooLargeForSqsAndSaysSo() throws Exception {
    String payload = "\"".repeat(200_000) + "x".repeat(100_000);
    String body = Json.failureMessage(new Failure(Failure.INVALID_RECORD, "e".repeat(5_000), payload));
    assertThat(Json.utf8Length(body)).isLessThanOrEqualTo(Json.MAX_MESSAGE_BYTES).isGreaterThan(200_000);
    JsonNode node = Json.MAPPER.readTree(body);
    assertThat(node.get("payloadTruncated").asBoolean()).isTrue();
    assertThat(node.get("payloadBytes").asLong()).isEqualTo(300_000);
    assertThat(payload).startsWith(node.get("payload").asText());
    assertThat(node.get("error").asText()).isEqualTo("e".repeat(1_000) + "...");
  }
}
