package apigateway.vtl;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonschema.core.report.ProcessingMessage;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body against a method's request model (JSON Schema draft 4), as API Gateway's request
 * validator checks it: an invalid body is refused with BAD_REQUEST_BODY.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
 */
final class ModelValidator {
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.byDefault();

  private ModelValidator() {}

  /** The validator's messages, empty when the body is valid; one message when it is not JSON. */
  static List<String> errors(String schema, String body) throws Exception {
    JsonNode value;
    try {
      value = Input.JSON.readTree(body == null ? "" : body);
    } catch (Exception notJson) {
      return List.of("Invalid JSON: " + notJson.getMessage().split("\n")[0]);
    }
    if (value == null || value.isMissingNode()) {
      return List.of("The body is empty");
    }
    ProcessingReport report = SCHEMAS.getJsonSchema(Input.JSON.readTree(schema)).validate(value);
    List<String> errors = new ArrayList<>();
    for (ProcessingMessage message : report) {
      errors.add(message.getMessage());
    }
    return errors;
  }
}
