package dev.meridian.runtime.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /apply}: many resources in one request ({@link BulkApply}), on every control plane.
 */
@RestController
class BulkApplyApi {
  private final BulkApply bulk;

  BulkApplyApi(BulkApply bulk) {
    this.bulk = bulk;
  }

  @PostMapping("/apply")
  ResponseEntity<byte[]> apply(HttpServletRequest request) {
    return bulk.apply(request);
  }
}
