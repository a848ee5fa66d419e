package dev.meridian.kernel.api;

import dev.meridian.kernel.resource.ResourceDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reading a request body safely: a hard size cap, and JSON or YAML decided from the request. */
public final class RequestBody {
  private RequestBody() {}

  /** Reads at most {@code maxBytes}; a larger body (declared or actual) is refused with 413. */
  public static byte[] read(InputStream in, long declaredLength, int maxBytes) {
    if (declaredLength > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + n > maxBytes) {
          throw tooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw ApiFailure.of(400, "Bad Request", "could not read the request body");
    }
  }

  /**
   * JSON or YAML by Content-Type. Kuma's API ignores the Content-Type, and curl sends a form type
   * by default, so an absent, form, plain-text or binary type is decided by the body itself.
   */
  public static ResourceDocument.Format format(String contentType, byte[] body) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    switch (type) {
      case "", "application/x-www-form-urlencoded", "text/plain", "application/octet-stream":
        return sniff(body);
      default:
        break;
    }
    if (type.endsWith("yaml")) {
      return ResourceDocument.Format.YAML;
    }
    if (type.equals("application/json") || type.endsWith("+json")) {
      return ResourceDocument.Format.JSON;
    }
    throw ApiFailure.of(415, "Unsupported Media Type", "Send application/json or application/yaml");
  }

  private static ResourceDocument.Format sniff(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b == '{' || b == '[' ? ResourceDocument.Format.JSON : ResourceDocument.Format.YAML;
      }
    }
    return ResourceDocument.Format.JSON;
  }

  private static ApiFailure tooLarge(int maxBytes) {
    return ApiFailure.of(
        413, "Payload Too Large", "request body is larger than " + maxBytes + " bytes");
  }
}
