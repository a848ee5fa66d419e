package dev.meridian.runtime.api;

import dev.meridian.kernel.api.Rendered;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/** 200 responses rendered as the caller asked (JSON, or YAML when it accepts YAML), and paging. */
public final class Responses {
  private Responses() {}

  public static ResponseEntity<byte[]> ok(Object body, HttpServletRequest request) {
    Rendered rendered = Rendered.of(body, request.getHeader("Accept"));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(rendered.contentType()))
        .body(rendered.body());
  }

  /** A bounded list of the latest entries, newest first, and how many there were in all. */
  public static ResponseEntity<byte[]> latest(
      long total, java.util.List<?> newestFirst, HttpServletRequest request) {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("total", total);
    body.put("items", newestFirst);
    return ok(body, request);
  }

  /** The URL of the next page of a list: this request's, with {@code offset} replaced. */
  public static String nextUrl(HttpServletRequest request, int nextOffset) {
    return UriComponentsBuilder.fromUriString(request.getRequestURL().toString())
        .query(request.getQueryString())
        .replaceQueryParam("offset", nextOffset)
        .build()
        .toUriString();
  }
}
