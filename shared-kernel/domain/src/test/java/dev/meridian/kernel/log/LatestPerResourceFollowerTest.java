package dev.meridian.kernel.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.event.ZoneIngressEvent;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A follower that skips the payloads of superseded events must build exactly the projection the
 * every-event follower builds: same resources (specs, creation and modification times), same
 * sequences, same last change per resource, whatever the log holds. Each case is a random log with
 * everything that can go wrong on one — unreadable payloads, payloads about another resource,
 * dataplanes stamped with another zone, foreign origins, redeliveries, gaps, sequences going
 * backwards, unknown topics — read in random batches, with and without a cut.
 */
class LatestPerResourceFollowerTest {
  static final LogSource GLOBAL = LogSource.global();
  static final LogSource ZONE = LogSource.zone("zone-1");
  static final LogSource OTHER_ZONE = LogSource.remoteZone("zone-2");
  static final List<LogSource> SOURCES = List.of(GLOBAL, ZONE, OTHER_ZONE);
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final LogRecordCodec CODEC = new LogRecordCodec();

  static IntStream seeds() {
    return IntStream.range(0, 100);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void buildsTheSameProjectionAsReadingEveryEvent(int seed) {
    Random random = new Random(seed);
    List<PositionedRecord> log = new RandomLog(random).generate(150 + random.nextInt(400));
    LogCut cut =
        random.nextInt(4) == 0
            ? LogCut.at(T0.plusSeconds(random.nextInt(log.size() + 1)))
            : LogCut.latest();
    boolean catchUp = random.nextBoolean();

    Outcome everyEvent = read(log, cut, catchUp, false, new Random(seed * 31L), 0);
    Outcome latest = read(log, cut, catchUp, true, new Random(seed * 31L), settling(seed));

    assertThat(latest.resources).isEqualTo(everyEvent.resources);
    assertThat(latest.checksum).isEqualTo(everyEvent.checksum);
    assertThat(latest.sequences).isEqualTo(everyEvent.sequences);
    assertThat(latest.lastChanges).isEqualTo(everyEvent.lastChanges);
    // Only a superseded event's faulty payload can go unreported; nothing else is rejected.
    assertThat(everyEvent.rejections).containsAll(latest.rejections);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void reportsTheSameSequenceGaps(int seed) {
    Random random = new Random(seed);
    RandomLog generator = new RandomLog(random);
    generator.onlyGaps = true;
    List<PositionedRecord> log = generator.generate(300);
    Outcome everyEvent = read(log, LogCut.latest(), true, false, new Random(seed), 0);
    Outcome latest = read(log, LogCut.latest(), true, true, new Random(seed), settling(seed));
    assertThat(latest.resources).isEqualTo(everyEvent.resources);
    assertThat(latest.gaps).containsExactlyInAnyOrderElementsOf(everyEvent.gaps);
    assertThat(latest.applied + latest.superseded).isEqualTo(everyEvent.applied);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void decodesOnlyWhatDecidesTheResult(int seed) {
    Random random = new Random(seed);
    // A clean log: nothing is refused, so only each run's first and last upsert are read.
    RandomLog generator = new RandomLog(random);
    generator.faults = false;
    List<PositionedRecord> log = generator.generate(400);
    Outcome everyEvent = read(log, LogCut.latest(), true, false, new Random(seed), 0);
    Outcome latest = read(log, LogCut.latest(), true, true, new Random(seed), settling(seed));
    assertThat(latest.resources).isEqualTo(everyEvent.resources);
    assertThat(latest.lookups).as("records read again").isZero();
    assertThat(latest.superseded).isPositive();
    assertThat(latest.applied + latest.superseded).isEqualTo(everyEvent.applied);
    assertThat(latest.rejections).isEmpty();
  }

  /** What a follower left behind, in comparable form. */
  record Outcome(
      Map<ResourceKey, Resource> resources,
      String checksum,
      Map<String, Long> sequences,
      Map<ResourceKey, String> lastChanges,
      List<String> rejections,
      List<String> gaps,
      int applied,
      int superseded,
      int lookups) {}

  /**
   * Half the cases settle every run on the calling thread, half resolve runs in parallel even when
   * there is only one, so both paths are compared with reading every event.
   */
  static int settling(int seed) {
    return seed % 2 == 0 ? 1 : Integer.MAX_VALUE;
  }

  static Outcome read(
      List<PositionedRecord> log,
      LogCut cut,
      boolean catchUp,
      boolean latest,
      Random batching,
      int parallelSettleFrom) {
    Projection projection = new Projection();
    // Thread-safe: a parallel settle reports from several threads.
    Map<ResourceKey, String> lastChanges = Collections.synchronizedMap(new TreeMap<>());
    List<String> rejections = Collections.synchronizedList(new ArrayList<>());
    List<String> gaps = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger applied = new AtomicInteger();
    AtomicInteger superseded = new AtomicInteger();
    AtomicInteger lookups = new AtomicInteger();
    FeedObserver observer =
        new FeedObserver() {
          @Override
          public void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome) {
            applied.incrementAndGet();
            if (outcome.reason() == ApplyOutcome.Reason.SEQUENCE_GAP) {
              gaps.add(outcome.detail());
            }
          }

          @Override
          public void rejected(
              LogSource source, PositionedRecord record, String reason, String detail) {
            rejections.add(record.where() + " " + reason);
          }

          @Override
          public void changed(
              PositionedRecord record,
              EventEnvelope envelope,
              Optional<Resource> before,
              Optional<Resource> after) {
            if (after.isPresent()) {
              lastChanges.put(envelope.payload().key(), envelope.eventId());
            } else {
              lastChanges.remove(envelope.payload().key());
            }
          }

          @Override
          public void superseded(LogSource source, int count, List<String> sequenceGaps) {
            superseded.addAndGet(count);
            gaps.addAll(sequenceGaps);
          }
        };
    Map<String, PositionedRecord> byPlace =
        log.stream().collect(Collectors.toMap(PositionedRecord::where, r -> r, (a, b) -> a));
    LogFollower follower =
        latest
            ? LogFollower.latestPerResource(
                    projection,
                    SOURCES,
                    observer,
                    cut,
                    (position, offset) -> {
                      lookups.incrementAndGet();
                      return Optional.ofNullable(byPlace.get(position + "@" + offset));
                    })
                .parallelSettleFrom(parallelSettleFrom)
            : new LogFollower(projection, SOURCES, observer, cut);
    if (catchUp) {
      Map<LogPosition, Long> end = new HashMap<>();
      log.forEach(r -> end.merge(r.position(), r.offset() + 1, Math::max));
      follower.catchUpTo(end);
    }
    int at = 0;
    while (at < log.size()) {
      int size = 1 + batching.nextInt(60);
      follower.apply(log.subList(at, Math.min(log.size(), at + size)));
      at += size;
    }
    if (catchUp) {
      assertThat(follower.caughtUp()).isTrue();
    } else {
      follower.settle();
    }
    Map<ResourceKey, Resource> resources = new TreeMap<>();
    Map<String, Long> sequences = new TreeMap<>();
    for (ResourceKind kind : ResourceKind.values()) {
      projection.list(kind, null).forEach(r -> resources.put(r.key(), r));
    }
    log.forEach(
        r -> {
          if (r.record().key() != null) {
            sequences.put(r.record().key(), projection.lastSequence(r.record().key()));
          }
        });
    return new Outcome(
        resources,
        projection.checksum(),
        sequences,
        lastChanges,
        rejections,
        gaps,
        applied.get(),
        superseded.get(),
        lookups.get());
  }

  /** A log of meshes on global, dataplanes on zone-1 and zone-2 and ingresses of zone-2. */
  static final class RandomLog {
    final Random random;
    boolean faults = true;
    boolean onlyGaps;
    final Map<String, Long> sequences = new HashMap<>();
    final Map<String, Boolean> exists = new HashMap<>();
    final Map<LogPosition, Long> offsets = new LinkedHashMap<>();
    final List<List<PositionedRecord>> partitions = new ArrayList<>();
    final Map<LogPosition, List<PositionedRecord>> byPartition = new LinkedHashMap<>();
    int written;

    RandomLog(Random random) {
      this.random = random;
    }

    List<PositionedRecord> generate(int count) {
      while (written < count) {
        step();
      }
      // Interleave the partitions at random, each in its own order, as a consumer reads them.
      List<PositionedRecord> out = new ArrayList<>();
      Map<LogPosition, Integer> cursor = new HashMap<>();
      List<LogPosition> open = new ArrayList<>(byPartition.keySet());
      while (!open.isEmpty()) {
        LogPosition p = open.get(random.nextInt(open.size()));
        int i = cursor.merge(p, 1, Integer::sum) - 1;
        List<PositionedRecord> records = byPartition.get(p);
        int take = Math.min(records.size() - i, 1 + random.nextInt(5));
        out.addAll(records.subList(i, i + take));
        cursor.put(p, i + take);
        if (i + take >= records.size()) {
          open.remove(p);
        }
      }
      return out;
    }

    void step() {
      int kind = random.nextInt(10);
      if (kind == 0) {
        String name = "mesh-" + random.nextInt(3);
        upsertOrRemove(
            GLOBAL,
            "global",
            ResourceKey.mesh(name),
            present ->
                present
                    ? new MeshEvent.MeshUpdated(name, MeshSpec.empty())
                    : new MeshEvent.MeshCreated(name, MeshSpec.empty()),
            () -> new MeshEvent.MeshDeleted(name));
      } else if (kind == 1) {
        String name = "dp-" + random.nextInt(3);
        upsertOrRemove(
            OTHER_ZONE,
            "zone-2",
            ResourceKey.dataplane("m", name),
            present -> dataplane(present, name, "zone-2"),
            () -> new DataplaneEvent.DataplaneDeregistered("m", name));
      } else if (kind == 2) {
        String name = "ingress-" + random.nextInt(2);
        upsertOrRemove(
            OTHER_ZONE,
            "zone-2",
            ResourceKey.zoneIngress(name),
            present -> ingress(present, name),
            () -> new ZoneIngressEvent.ZoneIngressDeregistered(name));
      } else {
        String name = "dp-" + random.nextInt(6);
        upsertOrRemove(
            ZONE,
            "zone-1",
            ResourceKey.dataplane("m", name),
            present -> dataplane(present, name, "zone-1"),
            () -> new DataplaneEvent.DataplaneDeregistered("m", name));
      }
    }

    DomainEvent dataplane(boolean present, String name, String zone) {
      DataplaneSpec spec =
          DataplaneBuilder.dataplane()
              .address("10.0." + random.nextInt(4) + "." + written)
              .editInbound(0, i -> i.tag("kuma.io/zone", zone))
              .build();
      return present
          ? new DataplaneEvent.DataplaneUpdated("m", name, spec)
          : new DataplaneEvent.DataplaneRegistered("m", name, spec);
    }

    DomainEvent ingress(boolean present, String name) {
      ZoneIngressSpec spec =
          new ZoneIngressSpec(
              "zone-2",
              new ZoneIngressSpec.Networking("10.1.0." + written, null, 10001, null),
              null);
      return present
          ? new ZoneIngressEvent.ZoneIngressUpdated(name, spec)
          : new ZoneIngressEvent.ZoneIngressRegistered(name, spec);
    }

    void upsertOrRemove(
        LogSource source,
        String origin,
        ResourceKey key,
        java.util.function.Function<Boolean, DomainEvent> upsert,
        java.util.function.Supplier<DomainEvent> removal) {
      String id = key.logKey();
      boolean present = exists.getOrDefault(id, false);
      DomainEvent event = present && random.nextInt(5) == 0 ? removal.get() : upsert.apply(present);
      exists.put(id, !(event instanceof dev.meridian.kernel.event.ResourceRemoval));
      long sequence = sequences.merge(id, 1L, Long::sum) - 1;
      LogPosition position = new LogPosition(source.topic(), Math.floorMod(id.hashCode(), 2));
      EventEnvelope envelope =
          new EventEnvelope(
              "e" + written, origin, id, sequence, T0.plusSeconds(written), "actor", event);
      LogRecord record = CODEC.encode(envelope);
      if (faults) {
        record = fault(record, envelope, position);
      }
      append(position, record);
      if (faults && !onlyGaps && random.nextInt(25) == 0) {
        append(position, record); // redelivered
      }
    }

    LogRecord fault(LogRecord record, EventEnvelope envelope, LogPosition position) {
      Map<String, byte[]> headers = new HashMap<>(record.headers());
      int fault = random.nextInt(40);
      if (onlyGaps && fault != 4) {
        return record;
      }
      switch (fault) {
        case 0 -> {
          return new LogRecord(
              record.key(), headers, "{\"mesh\": ".getBytes(StandardCharsets.UTF_8));
        }
        case 1 -> {
          // A payload about another resource than its key says.
          return new LogRecord(
              record.key(),
              headers,
              new String(record.value(), StandardCharsets.UTF_8)
                  .replace("\"dp-", "\"other-dp-")
                  .replace("\"mesh-", "\"other-mesh-")
                  .replace("\"ingress-", "\"other-ingress-")
                  .getBytes(StandardCharsets.UTF_8));
        }
        case 2 -> {
          // A dataplane stamped with a zone it was not read from.
          return new LogRecord(
              record.key(),
              headers,
              new String(record.value(), StandardCharsets.UTF_8)
                  .replace("zone-1", "zone-3")
                  .getBytes(StandardCharsets.UTF_8));
        }
        case 3 -> headers.put(LogRecordCodec.ORIGIN, bytes("intruder"));
        case 4 -> {
          long skip = 1 + random.nextInt(3);
          sequences.merge(envelope.aggregateId(), skip, Long::sum);
          headers.put(LogRecordCodec.SEQUENCE, bytes(Long.toString(envelope.sequence() + skip)));
        }
        case 5 ->
            headers.put(
                LogRecordCodec.SEQUENCE,
                bytes(Long.toString(Math.max(0, envelope.sequence() - 2))));
        case 6 -> headers.put(LogRecordCodec.EVENT_TYPE, bytes("SomethingElse"));
        case 7 -> headers.remove(LogRecordCodec.TIMESTAMP);
        case 8 -> {
          return new LogRecord(null, headers, record.value());
        }
        case 9 -> {
          append(new LogPosition("meridian.zone.unknown", 0), record);
        }
        default -> {}
      }
      return new LogRecord(record.key(), headers, record.value());
    }

    void append(LogPosition position, LogRecord record) {
      long offset = offsets.merge(position, 1L, Long::sum) - 1;
      byPartition
          .computeIfAbsent(position, p -> new ArrayList<>())
          .add(new PositionedRecord(position, offset, record));
      written++;
    }

    static byte[] bytes(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
  }
}
