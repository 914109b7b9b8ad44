package apigateway.vtl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;

/**
 * Renders mapping templates and checks bodies against models, one request per line of standard input, one answer per line of
 * standard output (JSON both ways), so that one JVM serves a whole test run.
 *
 * <p>Request: {@code {"id": 1, "template": "...", "body": "...", "context": {...}}}; {@code context}
 * holds the {@code $context} variables, {@code responseOverride} is added empty. Answer:
 * {@code {"id": 1, "output": "...", "context": {...}}} with the context after rendering (so
 * {@code responseOverride.status} set by the template), or {@code {"id": 1, "error": "..."}}.
 * A request with {@code "schema"} (a model's JSON text) instead checks {@code body} against it:
 * {@code {"id": 1, "errors": [...]}}.
 */
public final class Renderer {
  private Renderer() {}

  public static void main(String[] args) throws Exception {
    VelocityEngine engine = new VelocityEngine();
    // No velocity.log file in the working folder.
    engine.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
    engine.init();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      out.println(answer(engine, line));
    }
  }

  @SuppressWarnings("unchecked")
  static String answer(VelocityEngine engine, String line) throws Exception {
    Map<String, Object> request = Input.JSON.readValue(line, Map.class);
    ObjectNode answer = Input.JSON.createObjectNode();
    answer.putPOJO("id", request.get("id"));
    try {
      if (request.containsKey("schema")) {
        answer.putPOJO("errors", ModelValidator.errors((String) request.get("schema"), (String) request.get("body")));
        return Input.JSON.writeValueAsString(answer);
      }
      Map<String, Object> context = new LinkedHashMap<>((Map<String, Object>) request.getOrDefault("context", Map.of()));
      Map<String, Object> responseOverride = new LinkedHashMap<>();
      responseOverride.put("header", new LinkedHashMap<String, Object>());
      context.put("responseOverride", responseOverride);
      VelocityContext velocity = new VelocityContext();
      velocity.put("input", new Input((String) request.get("body")));
      velocity.put("util", new Util());
      velocity.put("context", context);
      velocity.put("stageVariables", request.getOrDefault("stageVariables", Map.of()));
      StringWriter output = new StringWriter();
      engine.evaluate(velocity, output, "mapping-template", (String) request.get("template"));
      answer.put("output", output.toString());
      answer.putPOJO("context", context);
    } catch (Exception failure) {
      answer.put("error", failure.toString());
    }
    return Input.JSON.writeValueAsString(answer);
  }
}
