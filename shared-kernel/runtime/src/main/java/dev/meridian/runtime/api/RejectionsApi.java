package dev.meridian.runtime.api;

import dev.meridian.runtime.log.ProjectionFeed;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The latest log records this control plane refused to apply, newest first, and why. */
@RestController
class RejectionsApi {
  private final ProjectionFeed feed;

  RejectionsApi(ProjectionFeed feed) {
    this.feed = feed;
  }

  @GetMapping("/rejections")
  ResponseEntity<byte[]> rejections(HttpServletRequest request) {
    return Responses.latest(feed.rejections().total(), feed.rejections().recent(), request);
  }
}
