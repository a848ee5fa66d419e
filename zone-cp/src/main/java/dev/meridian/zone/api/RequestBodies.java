package dev.meridian.zone.api;

import dev.meridian.kernel.resource.ResourceDocument;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;

/** Reads request bodies with a hard size cap, and picks the parser from the Content-Type. */
final class RequestBodies {
  private RequestBodies() {}

  static byte[] read(HttpServletRequest request, int maxBytes) {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = request.getInputStream()) {
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
      throw ApiException.of(400, "Bad Request", "could not read the request body");
    }
  }

  /**
   * JSON or YAML by Content-Type. Kuma's API ignores the Content-Type, and curl sends a form type
   * by default, so an absent, form or plain-text type is decided by the body itself.
   */
  static ResourceDocument.Format format(HttpServletRequest request, byte[] body) {
    String contentType = request.getContentType();
    MediaType type;
    try {
      type =
          contentType == null || contentType.isBlank()
              ? null
              : MediaType.parseMediaType(contentType);
    } catch (IllegalArgumentException e) {
      throw unsupported();
    }
    if (type == null
        || MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)
        || MediaType.TEXT_PLAIN.equalsTypeAndSubtype(type)
        || MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(type)) {
      return sniff(body);
    }
    if (type.getSubtype().contains("yaml")) {
      return ResourceDocument.Format.YAML;
    }
    if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
      return ResourceDocument.Format.JSON;
    }
    throw unsupported();
  }

  private static ResourceDocument.Format sniff(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b == '{' || b == '[' ? ResourceDocument.Format.JSON : ResourceDocument.Format.YAML;
      }
    }
    return ResourceDocument.Format.JSON;
  }

  private static ApiException unsupported() {
    return ApiException.of(
        415, "Unsupported Media Type", "Send application/json or application/yaml");
  }

  private static ApiException tooLarge(int maxBytes) {
    return ApiException.of(
        413, "Payload Too Large", "request body is larger than " + maxBytes + " bytes");
  }
}
