package dev.meridian.runtime.tls;

import dev.meridian.runtime.settings.ConfigurationProblem;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Certificates and private keys as PEM text, the form every TLS stack here reads. */
public final class Pem {
  private Pem() {}

  public static String certificates(List<X509Certificate> chain) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : chain) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
    return out.toString();
  }

  /** PKCS#8 ({@code PRIVATE KEY}), unencrypted: the file's mode protects it. */
  public static String privateKey(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a private key", e);
    }
    return out.toString();
  }

  /** The certificates in {@code file}, in order; a problem with {@code setting} when none. */
  static List<X509Certificate> readCertificates(Path file, String setting) {
    List<X509Certificate> chain = new ArrayList<>();
    for (Object object : objects(file, setting)) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        } catch (CertificateException e) {
          throw new ConfigurationProblem(
              setting, file + " holds a certificate Java cannot read", e);
        }
      }
    }
    if (chain.isEmpty()) {
      throw new ConfigurationProblem(setting, file + " holds no PEM certificate");
    }
    return chain;
  }

  /** The one private key in {@code file}; a problem with {@code setting} when there is none. */
  static PrivateKey readPrivateKey(Path file, String setting) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object object : objects(file, setting)) {
      try {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      } catch (IOException e) {
        throw new ConfigurationProblem(setting, file + " holds a private key Java cannot read", e);
      }
    }
    throw new ConfigurationProblem(
        setting, file + " holds no unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1)");
  }

  /** The certificates in PEM {@code text}, in order (none: an empty list). */
  public static List<X509Certificate> parseCertificates(String text) {
    List<X509Certificate> chain = new ArrayList<>();
    for (Object object : objects(text)) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        } catch (CertificateException e) {
          throw new IllegalArgumentException("a certificate Java cannot read", e);
        }
      }
    }
    return chain;
  }

  /** The private key in PEM {@code text}. */
  public static PrivateKey parsePrivateKey(String text) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object object : objects(text)) {
      try {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("a private key Java cannot read", e);
      }
    }
    throw new IllegalArgumentException("no unencrypted PEM private key");
  }

  private static List<Object> objects(String text) {
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new java.io.StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not PEM: " + e.getMessage(), e);
    }
    return objects;
  }

  private static List<Object> objects(Path file, String setting) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationProblem(setting, file.toAbsolutePath() + " does not exist");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigurationProblem(setting, file.toAbsolutePath() + " cannot be read");
    }
    List<Object> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationProblem(setting, file + " is not a PEM file: " + e.getMessage(), e);
    }
    return objects;
  }
}
