package dev.meridian.kernel.policy;

import static dev.meridian.kernel.policy.Policies.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

  static List<Violation> validate(ResourceKind kind, String yaml) {
    return PolicyValidator.validate(kind, spec(yaml));
  }

  static Violation v(String field, String reason) {
    return new Violation(field, reason);
  }

  @Nested
  class TargetRefs {
    @Test
    void acceptsEveryTopLevelKindKumaAllows() {
      for (String top :
          List.of(
              "{kind: Mesh}",
              "{kind: MeshSubset, tags: {version: v1}}",
              "{kind: MeshService, name: web}",
              "{kind: MeshServiceSubset, name: web, tags: {version: v1}}")) {
        assertThat(
                validate(
                    ResourceKind.MESH_TIMEOUT,
                    "spec: {targetRef: "
                        + top
                        + ", to: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]}"))
            .as(top)
            .isEmpty();
      }
    }

    @Test
    void aMissingTargetRefHasNoKind() {
      assertThat(
              validate(
                  ResourceKind.MESH_TIMEOUT,
                  "spec: {to: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]}"))
          .containsExactly(v("spec.targetRef.kind", "must be set"));
    }

    @Test
    void rejectsUnknownKindsAndMisplacedFieldsWithKumasWording() {
      assertThat(
              validate(
                  ResourceKind.MESH_RETRY,
                  """
                  spec:
                    targetRef: {kind: Mesh, name: all}
                    to:
                      - targetRef: {kind: MeshSubset, tags: {version: v1}}
                        default: {tcp: {maxConnectAttempt: 1}}
                      - targetRef: {kind: MeshService, tags: {a: b}}
                        default: {tcp: {maxConnectAttempt: 1}}
                      - targetRef: {kind: MeshService, name: Web_1}
                        default: {tcp: {maxConnectAttempt: 1}}
                  """))
          .containsExactly(
              v("spec.targetRef.name", "using name with kind Mesh is not yet supported"),
              v("spec.to[0].targetRef.kind", "value is not supported"),
              v("spec.to[1].targetRef.name", "must be set with kind MeshService"),
              v("spec.to[1].targetRef.tags", "cannot be set with kind MeshService"),
              v(
                  "spec.to[2].targetRef.name",
                  "invalid characters. Valid characters are numbers, lowercase latin letters and"
                      + " '-', '_' symbols."));
    }

    @Test
    void checksSubsetTags() {
      assertThat(
              validate(
                  ResourceKind.MESH_TIMEOUT,
                  """
                  spec:
                    targetRef: {kind: MeshServiceSubset, name: web, tags: {"ver sion": "a b"}}
                    to: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]
                  """))
          .containsExactly(
              v(
                  "spec.targetRef.tags[\"ver sion\"]",
                  "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                      + " underscores"),
              v(
                  "spec.targetRef.tags[\"ver sion\"]",
                  "tag value must consist of alphanumeric characters, dots, dashes, slashes and"
                      + " underscores or be \"*\""));
    }
  }

  @Nested
  class Sections {
    @Test
    void aToOnlyKindNeedsToAndRefusesFrom() {
      assertThat(
              validate(
                  ResourceKind.MESH_RETRY,
                  "spec: {targetRef: {kind: Mesh}, from: [{targetRef: {kind: Mesh}, default:"
                      + " {}}]}"))
          .containsExactly(
              v("spec.from", "must not be defined"), v("spec.to", "needs at least one item"));
    }

    @Test
    void aKindWithBothNeedsOneOfThem() {
      assertThat(validate(ResourceKind.MESH_TIMEOUT, "spec: {targetRef: {kind: Mesh}}"))
          .containsExactly(v("spec", "at least one of 'from', 'to' has to be defined"));
    }

    @Test
    void unknownFieldsAreRejectedWithTheirPath() {
      assertThat(
              validate(
                  ResourceKind.MESH_TIMEOUT,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    rulez: []
                    to:
                      - targetRef: {kind: Mesh}
                        defaults: {}
                        default: {idleTimout: 1s, http: {requestTimeout: 1s}}
                  """))
          .containsExactly(
              v("spec.rulez", "unknown field"),
              v("spec.to[0].defaults", "unknown field"),
              v("spec.to[0].default.idleTimout", "unknown field"));
    }

    @Test
    void anItemWithoutDefaultIsRejected() {
      assertThat(
              validate(
                  ResourceKind.MESH_CIRCUIT_BREAKER,
                  "spec: {targetRef: {kind: Mesh}, to: [{targetRef: {kind: Mesh}}]}"))
          .containsExactly(v("spec.to[0].default", "must be defined"));
    }

    @Test
    void theSpecMustExist() {
      assertThat(PolicyValidator.validate(ResourceKind.MESH_TIMEOUT, spec("labels: {a: b}")))
          .containsExactly(v("spec", "must be defined"));
    }
  }

  @Nested
  class Confs {
    @Test
    void durationsMustParse() {
      assertThat(
              validate(
                  ResourceKind.MESH_TIMEOUT,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    to:
                      - targetRef: {kind: Mesh}
                        default: {connectionTimeout: 5 seconds, http: {requestTimeout: 1}}
                  """))
          .containsExactly(
              v(
                  "spec.to[0].default.connectionTimeout",
                  "must be a valid duration, e.g. 10s or 500ms"),
              v(
                  "spec.to[0].default.http.requestTimeout",
                  "must be a valid duration, e.g. 10s or 500ms"));
    }

    @Test
    void anEmptyTimeoutIsRejected() {
      assertThat(
              validate(
                  ResourceKind.MESH_TIMEOUT,
                  "spec: {targetRef: {kind: Mesh}, to: [{targetRef: {kind: Mesh}, default: {}}]}"))
          .containsExactly(v("spec.to[0].default", "at least one timeout should be defined"));
    }

    @Test
    void retryConditionsMustBeKnown() {
      assertThat(
              validate(
                  ResourceKind.MESH_RETRY,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    to:
                      - targetRef: {kind: Mesh}
                        default:
                          http: {retryOn: [5XX, "999", Sometimes], perTryTimeout: 0s}
                          grpc: {retryOn: [Unavailable, NotFound]}
                  """))
          .containsExactly(
              v(
                  "spec.to[0].default.grpc.retryOn[1]",
                  "must be one of Canceled, DeadlineExceeded, Internal, ResourceExhausted,"
                      + " Unavailable"),
              v("spec.to[0].default.http.perTryTimeout", "must be greater than zero"));
      assertThat(
              validate(
                  ResourceKind.MESH_RETRY,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    to:
                      - targetRef: {kind: Mesh}
                        default:
                          http: {retryOn: [5XX, "999", Sometimes]}
                  """))
          .containsExactly(
              v("spec.to[0].default.http.retryOn[1]", "unknown item '999'"),
              v("spec.to[0].default.http.retryOn[2]", "unknown item 'Sometimes'"));
    }

    @Test
    void aRetryNeedsAProtocolSection() {
      assertThat(
              validate(
                  ResourceKind.MESH_RETRY,
                  "spec: {targetRef: {kind: Mesh}, to: [{targetRef: {kind: Mesh}, default: {}}]}"))
          .containsExactly(
              v(
                  "spec.to[0].default",
                  "at least one of the 'tcp', 'http', 'grpc' must be specified"));
    }

    @Test
    void loadBalancerSectionsMustMatchTheType() {
      assertThat(
              validate(
                  ResourceKind.MESH_LOAD_BALANCING_STRATEGY,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    to:
                      - targetRef: {kind: Mesh}
                        default:
                          loadBalancer:
                            type: RoundRobin
                            ringHash: {minRingSize: 10, maxRingSize: 5, hashPolicies: [{type: Header}]}
                  """))
          .containsExactly(
              v("spec.to[0].default.loadBalancer.ringHash", "must only be set with type RingHash"),
              v(
                  "spec.to[0].default.loadBalancer.ringHash.minRingSize",
                  "must be less than or equal to maxRingSize"),
              v(
                  "spec.to[0].default.loadBalancer.ringHash.hashPolicies[0].header",
                  "must be defined"));
    }

    @Test
    void httpRoutesNeedMatchesAndWellFormedBackends() {
      assertThat(
              validate(
                  ResourceKind.MESH_HTTP_ROUTE,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    to:
                      - targetRef: {kind: Mesh}
                        rules: [{default: {}}]
                      - targetRef: {kind: MeshService, name: backend}
                        rules:
                          - matches: [{path: {type: PathPrefix, value: api/}}]
                            default:
                              backendRefs:
                                - {kind: MeshServiceSubset, name: backend, weight: -1}
                                - {kind: MeshService, name: backend, tags: {version: v1}}
                  """))
          .containsExactly(
              v("spec.to[0].targetRef.kind", "value is not supported"),
              v("spec.to[0].rules[0].matches", "must not be empty"),
              v(
                  "spec.to[1].rules[0].default.backendRefs[0].weight",
                  "must be greater or equal to 0"));
    }

    @Test
    void httpRouteRulesAreCheckedOnceTheirShapeIsRight() {
      assertThat(
              validate(
                  ResourceKind.MESH_HTTP_ROUTE,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    to:
                      - targetRef: {kind: MeshService, name: backend}
                        rules:
                          - matches: [{path: {type: PathPrefix, value: api}}]
                            default:
                              filters: [{type: URLRewrite}]
                              backendRefs:
                                - {kind: MeshServiceSubset, name: backend}
                                - {kind: MeshService, name: backend, tags: {version: v1}}
                  """))
          .containsExactly(
              v("spec.to[0].rules[0].matches[0].path.value", "must be an absolute path"),
              v("spec.to[0].rules[0].default.filters[0].urlRewrite", "must be defined"),
              v(
                  "spec.to[0].rules[0].default.backendRefs[0].tags",
                  "must be set with kind MeshServiceSubset"),
              v(
                  "spec.to[0].rules[0].default.backendRefs[1].tags",
                  "cannot be set with kind MeshService"));
    }

    @Test
    void faultsNeedStatusesAndPercentagesInRange() {
      assertThat(
              validate(
                  ResourceKind.MESH_FAULT_INJECTION,
                  """
                  spec:
                    targetRef: {kind: MeshService, name: backend}
                    from:
                      - targetRef: {kind: Mesh}
                        default:
                          http:
                            - abort: {httpStatus: 700, percentage: 101}
                            - delay: {value: 1s}
                            - {}
                  """))
          .containsExactly(
              v("spec.from[0].default.http[0].abort.httpStatus", "must be in range [100, 600)"),
              v(
                  "spec.from[0].default.http[0].abort.percentage",
                  "must be in inclusive range [0.0, 100.0]"));
      assertThat(
              validate(
                  ResourceKind.MESH_FAULT_INJECTION,
                  """
                  spec:
                    targetRef: {kind: MeshService, name: backend}
                    from:
                      - targetRef: {kind: Mesh}
                        default:
                          http:
                            - delay: {value: 1s}
                            - {}
                  """))
          .containsExactly(
              v("spec.from[0].default.http[0].delay.percentage", "must be defined"),
              v(
                  "spec.from[0].default.http[1]",
                  "at least one of 'abort', 'delay', 'responseBandwidth' must be set"));
    }

    @Test
    void aRateLimitNeedsARate() {
      assertThat(
              validate(
                  ResourceKind.MESH_RATE_LIMIT,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    from:
                      - targetRef: {kind: MeshService, name: web}
                        default: {local: {http: {onRateLimit: {status: 429}}}}
                  """))
          .containsExactly(
              v("spec.from[0].targetRef.kind", "value is not supported"),
              v("spec.from[0].default.local.http.requestRate", "must be defined"));
    }
  }
}
