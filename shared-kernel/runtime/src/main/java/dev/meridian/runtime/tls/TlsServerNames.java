package dev.meridian.runtime.tls;

import java.util.Collection;

/**
 * Names and addresses an application's own servers are reached at (e.g. a zone's dataplane server
 * and the host proxies are told to dial), which a generated certificate must be valid for.
 */
@FunctionalInterface
public interface TlsServerNames {
  Collection<String> serverNames();
}
