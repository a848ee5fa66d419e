package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.testkit.Http;
import dev.meridian.zone.support.RunningZone;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command side asks its event store per write, counted by Hibernate on a packaged zone
 * under real PUTs: a query is planned once per distinct query text and then found in the query plan
 * cache (no write parses HQL again), and no write looks for an aggregate snapshot (none is ever
 * stored).
 */
class CommandSideQueriesIT {
  @TempDir Path dataDir;

  private static String dataplane(String name, int port) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "10.0.0.7",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "web"}}]}}
        """
        .formatted(name, port);
  }

  @Test
  void writesReuseTheirQueryPlansAndNeverLookForSnapshots() {
    String zoneName = "queries-" + UUID.randomUUID().toString().substring(0, 8);
    try (RunningZone zone =
        RunningZone.start(
            zoneName,
            dataDir,
            Map.of(
                "spring.jpa.properties.hibernate.generate_statistics", "true",
                // Every write's aggregate is loaded from the store, as after a restart.
                "meridian.command.aggregate-cache-size", "1"))) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default").status() == 200);
      Statistics statistics =
          zone.bean(EntityManagerFactory.class).unwrap(SessionFactory.class).getStatistics();

      for (int i = 0; i < 10; i++) {
        assertThat(
                http.put("/meshes/default/dataplanes/warm-" + i, dataplane("warm-" + i, 7000))
                    .status())
            .isEqualTo(201);
      }
      long missesAfterWarmUp = statistics.getQueryPlanCacheMissCount();
      long hitsAfterWarmUp = statistics.getQueryPlanCacheHitCount();
      Set<String> queriesAfterWarmUp = Set.of(statistics.getQueries());
      int writes = 40;

      for (int i = 0; i < writes; i++) {
        String name = "dp-" + (i % 20);
        assertThat(
                http.put("/meshes/default/dataplanes/" + name, dataplane(name, 7000 + i)).status())
            .isIn(200, 201);
      }

      // A plan made after the warm-up is one of a query first run since (the tracking processor
      // polls on its own schedule), never one more of a query already planned.
      Set<String> firstRunSince = new HashSet<>(Arrays.asList(statistics.getQueries()));
      firstRunSince.removeAll(queriesAfterWarmUp);
      assertThat(statistics.getQueryPlanCacheMissCount() - missesAfterWarmUp)
          .as("plans made for %s writes; queries first run since: %s", writes, firstRunSince)
          .isLessThanOrEqualTo(firstRunSince.size());
      // Every write's aggregate load queries the store (a cache of one) and finds its plan.
      assertThat(statistics.getQueryPlanCacheHitCount() - hitsAfterWarmUp)
          .isGreaterThanOrEqualTo(writes);
      assertThat(statistics.getQueries()).noneMatch(q -> q.contains("SnapshotEventEntry"));
    }
  }
}
