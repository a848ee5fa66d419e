package dev.meridian.ctl.config;

/**
 * A control plane meridianctl talks to: its API address and, optionally, the file holding the user
 * token to send and the CA certificate its TLS certificate is checked against. Files are
 * referenced, not copied, so the config holds no token itself.
 */
public record ControlPlane(String name, String address, String authTokenFile, String caCertFile) {}
