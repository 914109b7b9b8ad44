package apigateway.vtl;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.commons.lang.StringEscapeUtils;

/**
 * {@code $util} of a mapping template.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#util-template-reference
 */
public final class Util {
  /** JavaScript string rules: quotes, backslashes, control characters; ' becomes \' (not valid JSON, as AWS warns). */
  public String escapeJavaScript(String value) {
    return StringEscapeUtils.escapeJavaScript(value);
  }

  public Object parseJson(String json) throws Exception {
    return Input.JSON.readValue(json, Object.class);
  }

  public String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public String urlDecode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  public String base64Encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  public String base64Decode(String value) {
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
