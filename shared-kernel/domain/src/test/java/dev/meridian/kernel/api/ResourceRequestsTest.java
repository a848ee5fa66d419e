package dev.meridian.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.validation.Violation;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResourceRequestsTest {
  static final ResourceKey KEY = ResourceKey.dataplane("default", "dp-1");

  @Test
  void aBodyMatchingItsUrlPasses() {
    ResourceRequests.checkMatchesUrl(
        KEY, new ResourceDocument.Parsed("Dataplane", "default", "dp-1", null), List.of());
  }

  @Test
  void everyMismatchWithTheUrlIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                ResourceRequests.checkMatchesUrl(
                    KEY,
                    new ResourceDocument.Parsed("Mesh", "other", "dp-2", null),
                    List.of(new Violation("name", "the length of the name must be shorter"))))
        .isInstanceOfSatisfying(
            ApiFailure.class,
            f ->
                assertThat(f.problem().invalidParameters())
                    .extracting(Problem.InvalidParameter::field)
                    .containsExactly("name", "type", "mesh", "name"));
  }

  @Test
  void aPageHasTotalItemsAndANextLinkUntilTheLastPage() {
    List<Resource> meshes =
        IntStream.range(0, 5)
            .mapToObj(
                i ->
                    new Resource(
                        ResourceKey.mesh("m" + i), MeshSpec.empty(), Instant.EPOCH, Instant.EPOCH))
            .toList();
    ObjectNode first = ResourceRequests.page(meshes, null, "2", offset -> "next?offset=" + offset);
    assertThat(first.get("total").asInt()).isEqualTo(5);
    assertThat(first.get("items")).hasSize(2);
    assertThat(first.get("next").asText()).isEqualTo("next?offset=2");
    ObjectNode last = ResourceRequests.page(meshes, "4", "2", offset -> "next?offset=" + offset);
    assertThat(last.get("items")).hasSize(1);
    assertThat(last.get("next").isNull()).isTrue();
  }
}
