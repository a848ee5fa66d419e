package dev.meridian.runtime.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates the control planes make: CAs and the leaves they sign, ECDSA P-256 with SHA-256
 * (fast to generate for every proxy; every TLS stack here speaks it).
 */
public final class Pki {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Pki() {}

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
    }
  }

  /**
   * A self-signed CA that may sign leaves only, with {@code uriSans} (e.g. its SPIFFE trust
   * domain).
   */
  public static X509Certificate ca(
      String subject, KeyPair pair, Instant notBefore, Instant notAfter, List<String> uriSans) {
    try {
      X500Name name = new X500Name(subject);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name, serial(), Date.from(notBefore), Date.from(notAfter), name, pair.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(pair.getPublic()));
      if (!uriSans.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, uris(uriSans));
      }
      return sign(builder, pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create a CA certificate", e);
    }
  }

  /**
   * A leaf certificate for {@code subjectKey}, signed by {@code ca}: {@code sans} as its subject
   * alternative names, usable for {@code purposes} (server and/or client authentication).
   */
  public static X509Certificate leaf(
      X509Certificate ca,
      PrivateKey caKey,
      PublicKey subjectKey,
      String subject,
      Instant notBefore,
      Instant notAfter,
      GeneralNames sans,
      KeyPurposeId... purposes) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca,
              serial(),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name(subject),
              subjectKey);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
          .addExtension(Extension.subjectAlternativeName, false, sans)
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(subjectKey))
          .addExtension(
              Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate", e);
    }
  }

  /** URI subject alternative names (SPIFFE ids, Kuma's {@code kuma://} tag URIs). */
  public static GeneralNames uris(List<String> uris) {
    return new GeneralNames(
        uris.stream()
            .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u))
            .toArray(GeneralName[]::new));
  }

  public static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  public static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }
}
