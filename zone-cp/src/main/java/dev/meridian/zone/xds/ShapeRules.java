package dev.meridian.zone.xds;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.policy.RulesBuilder;
import dev.meridian.kernel.policy.SelectionShape;
import dev.meridian.kernel.resource.Resource;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The rules of the proxies of one generation pass, built once per {@link SelectionShape} rather
 * than once per proxy: a Mesh-level policy change over 1,000 alike proxies builds a handful of
 * rules, then binds them to each proxy's address. Rules are interned across passes, so rules that
 * did not change keep their instance and compare (and key memos) by identity.
 */
final class ShapeRules {
  private final Interner<ProxyRules> interner = Interners.newWeakInterner();

  private final Interner<SelectionShape> shapeInterner = Interners.newWeakInterner();

  /**
   * Each dataplane's shape, by the dataplane's (identity-compared) resource: the projection keeps
   * one instance until the dataplane changes, so a policy change reads none of them again.
   */
  private final Cache<Resource, Optional<SelectionShape>> shapes =
      CacheBuilder.newBuilder().weakKeys().build();

  /** This pass's rules by shape; policies only change between passes. */
  private final Map<SelectionShape, ProxyRules> pass = new ConcurrentHashMap<>();

  /** Forgets the rules of the last pass: the policies may have changed since. */
  void newPass() {
    pass.clear();
  }

  /** The rules of {@code dataplane} under {@code policies} (a mesh's policies, by mesh). */
  ProxyRules of(Resource dataplane, Function<String, Collection<Resource>> policies) {
    Optional<SelectionShape> shape = shapes.getIfPresent(dataplane);
    if (shape == null) {
      // Interned: the pass's look-ups of alike proxies then compare one instance.
      shape = SelectionShape.of(dataplane).map(shapeInterner::intern);
      shapes.put(dataplane, shape);
    }
    if (shape.isEmpty()) {
      return RulesBuilder.build(dataplane, policies.apply(dataplane.key().mesh()));
    }
    ProxyRules shared =
        pass.computeIfAbsent(shape.get(), s -> interner.intern(s.rules(policies.apply(s.mesh()))));
    return SelectionShape.bind(shared, dataplane);
  }
}
