package apigateway.vtl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * {@code $input} of a mapping template: the payload (the client's body in a request template,
 * the integration's answer in a response template).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#input-variable-reference
 */
public final class Input {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Configuration PATHS = Configuration.builder()
      .jsonProvider(new JacksonJsonProvider(JSON))
      .mappingProvider(new JacksonMappingProvider(JSON))
      .options(Option.SUPPRESS_EXCEPTIONS)
      .build();

  private final String body;

  public Input(String body) {
    this.body = body;
  }

  /** {@code $input.body}: the raw payload as a string. */
  public String getBody() {
    return body;
  }

  /** {@code $input.path(x)}: the value at a JSONPath, as an object the template can navigate. */
  public Object path(String jsonPath) {
    if (body == null || body.isBlank()) {
      return null;
    }
    // A path that is not JSONPath fails the render (a template bug); a body that is not JSON has no values.
    JsonPath path = JsonPath.compile(jsonPath);
    Object document;
    try {
      document = PATHS.jsonProvider().parse(body);
    } catch (RuntimeException notJson) {
      return null;
    }
    return JsonPath.using(PATHS).parse(document).read(path);
  }

  /** {@code $input.json(x)}: the value at a JSONPath, as JSON text. */
  public String json(String jsonPath) throws JsonProcessingException {
    return JSON.writeValueAsString(path(jsonPath));
  }
}
