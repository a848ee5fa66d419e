package dev.meridian.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.RequestBody;
import dev.meridian.kernel.json.DomainJson;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/** The JSON (or YAML) object a request carries, for endpoints that are not resource writes. */
public final class JsonBodies {
  private JsonBodies() {}

  /** The body as an object (none: an empty one); a 400 problem when it is not one. */
  public static JsonNode object(HttpServletRequest request, int maxBodyBytes) throws IOException {
    byte[] body =
        RequestBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
    JsonNode json;
    try {
      json = DomainJson.yaml().readTree(body);
    } catch (IOException e) {
      throw ApiFailure.of(400, "Bad Request", "The body is not JSON or YAML");
    }
    if (json == null || json.isMissingNode() || json.isNull()) {
      return DomainJson.canonical().createObjectNode();
    }
    if (!json.isObject()) {
      throw ApiFailure.of(400, "Bad Request", "The body is not a JSON or YAML object");
    }
    return json;
  }
}
