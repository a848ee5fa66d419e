package dev.meridian.runtime.tls;

import dev.meridian.runtime.pki.Pki;
import dev.meridian.runtime.security.ControlPlaneKey.SecretFiles;
import dev.meridian.runtime.settings.ConfigurationProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A control plane's own CA and the server certificate it signs, for when no certificate is given:
 * created on first start in one folder ({@code ca.crt}, {@code ca.key}, {@code server.crt}, {@code
 * server.key}; keys mode 0600), the CA kept for good, so proxies given {@code ca.crt} keep trusting
 * every later start. The server certificate is issued again when it no longer names every server
 * name, was not signed by this CA, or has less than {@link #RENEW_BEFORE} left.
 */
final class GeneratedCertificates {
  static final String CA_CERT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String SERVER_CERT = "server.crt";
  static final String SERVER_KEY = "server.key";
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration SERVER_VALIDITY = Duration.ofDays(365);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final Pattern IPV4 = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");
  private static final String GENERATED_DIR = "meridian.tls.generated-dir";

  /** What {@link #ensure} left in the folder, and whether this start created the CA. */
  record Result(Path certFile, Path keyFile, Path caFile, boolean caCreated, boolean issued) {}

  private GeneratedCertificates() {}

  static Result ensure(Path dir, Collection<String> serverNames, Clock clock) {
    Set<String> names = normalise(serverNames);
    try {
      Files.createDirectories(dir);
      Path caKeyFile = dir.resolve(CA_KEY);
      Path caCertFile = dir.resolve(CA_CERT);
      // The key is written before the certificate: a key without its certificate was never
      // trusted by anyone and is replaced.
      boolean caCreated = !Files.exists(caCertFile);
      if (caCreated) {
        KeyPair pair = newKeyPair();
        Files.deleteIfExists(caKeyFile);
        SecretFiles.createOnce(caKeyFile, Pem.privateKey(pair.getPrivate()));
        writePublic(caCertFile, Pem.certificates(List.of(selfSignedCa(pair, clock))));
      }
      X509Certificate ca = Pem.readCertificates(caCertFile, GENERATED_DIR).get(0);
      PrivateKey caKey = Pem.readPrivateKey(caKeyFile, GENERATED_DIR);
      if (!KeyMatch.matches(ca.getPublicKey(), caKey)) {
        throw new ConfigurationProblem(
            GENERATED_DIR,
            caKeyFile
                + " does not belong to "
                + caCertFile
                + ": restore both from a backup, or remove both to make a new CA (then give"
                + " proxies the new "
                + CA_CERT
                + ")");
      }
      Path certFile = dir.resolve(SERVER_CERT);
      Path keyFile = dir.resolve(SERVER_KEY);
      boolean issued = false;
      if (!stillGood(certFile, keyFile, ca, names, clock)) {
        KeyPair server = newKeyPair();
        Files.deleteIfExists(keyFile);
        SecretFiles.createOnce(keyFile, Pem.privateKey(server.getPrivate()));
        writePublic(
            certFile,
            Pem.certificates(List.of(issue(ca, caKey, server.getPublic(), names, clock))));
        issued = true;
      }
      return new Result(certFile, keyFile, caCertFile, caCreated, issued);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the generated certificates to " + dir, e);
    }
  }

  /** Lower-cased host names and canonical IP literals; bind-all addresses are no names. */
  static Set<String> normalise(Collection<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : names) {
      if (raw == null || raw.isBlank()) {
        continue;
      }
      String name = raw.trim().toLowerCase(Locale.ROOT);
      if (name.startsWith("[") && name.endsWith("]")) {
        name = name.substring(1, name.length() - 1);
      }
      if (isIpLiteral(name)) {
        InetAddress address = literal(name);
        if (address.isAnyLocalAddress()) {
          continue;
        }
        name = address.getHostAddress();
      }
      out.add(name);
    }
    return out;
  }

  static boolean isIpLiteral(String name) {
    return name.contains(":") || IPV4.matcher(name).matches();
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip); // an IP literal: no name is looked up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }

  private static boolean stillGood(
      Path certFile, Path keyFile, X509Certificate ca, Set<String> names, Clock clock) {
    if (!Files.exists(certFile) || !Files.exists(keyFile)) {
      return false;
    }
    try {
      X509Certificate cert = Pem.readCertificates(certFile, GENERATED_DIR).get(0);
      PrivateKey key = Pem.readPrivateKey(keyFile, GENERATED_DIR);
      return signedBy(cert, ca.getPublicKey())
          && KeyMatch.matches(cert.getPublicKey(), key)
          && cert.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE))
          && subjectAltNames(cert).containsAll(names);
    } catch (RuntimeException unreadable) {
      return false; // Issued again below.
    }
  }

  /** The DNS names and IP addresses a certificate is valid for, normalised. */
  static Set<String> subjectAltNames(X509Certificate cert) {
    Set<String> out = new LinkedHashSet<>();
    try {
      Collection<List<?>> entries = cert.getSubjectAlternativeNames();
      if (entries != null) {
        entries.stream()
            .filter(entry -> entry.get(0).equals(2) || entry.get(0).equals(7))
            .forEach(entry -> out.addAll(normalise(List.of((String) entry.get(1)))));
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return out;
  }

  static boolean signedBy(X509Certificate cert, PublicKey issuer) {
    try {
      cert.verify(issuer);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyPair newKeyPair() {
    return Pki.newKeyPair();
  }

  private static X509Certificate selfSignedCa(KeyPair pair, Clock clock) {
    try {
      PublicKey caPublic = pair.getPublic();
      PrivateKey caKey = pair.getPrivate();
      X500Name subject = new X500Name("O=Meridian,CN=Meridian control plane CA");
      Instant now = clock.instant();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(CA_VALIDITY)),
              subject,
              caPublic);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(caPublic));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the CA certificate", e);
    }
  }

  private static X509Certificate issue(
      X509Certificate ca, PrivateKey caKey, PublicKey server, Set<String> names, Clock clock) {
    try {
      Instant now = clock.instant();
      GeneralName[] sans =
          names.stream()
              .map(
                  name ->
                      new GeneralName(
                          isIpLiteral(name) ? GeneralName.iPAddress : GeneralName.dNSName, name))
              .toArray(GeneralName[]::new);
      String commonName = names.stream().findFirst().orElse("localhost");
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(SERVER_VALIDITY)),
              new X500Name("O=Meridian,CN=" + commonName.replace(",", "")),
              server);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
          .addExtension(
              Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(server))
          .addExtension(
              Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue the server certificate", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    return Pki.sign(builder, key);
  }

  private static BigInteger serial() {
    return Pki.serial();
  }

  /** A certificate is public: readable by others, written whole in one step. */
  private static void writePublic(Path file, String content) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), ".meridian-", ".tmp");
    try {
      Files.writeString(temporary, content);
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // Its own access rules apply.
      }
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
