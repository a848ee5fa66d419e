package dev.meridian.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft broker inside the test JVM that authenticates every client (SASL: SCRAM for
 * the control planes, PLAIN for its administrator) and authorises by ACLs only (no ACL, no access),
 * as a production cluster for Meridian is run.
 */
public final class SaslKafka implements AutoCloseable {
  public static final String MECHANISM = "SCRAM-SHA-512";

  private final KafkaClusterTestKit cluster;

  private SaslKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static SaslKafka start() {
    return new SaslKafka(
        SingleNodeKraft.start(
            new TestKitNodes.Builder()
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT),
            Map.of(
                "sasl.enabled.mechanisms",
                "PLAIN," + MECHANISM,
                "listener.name.external." + MECHANISM.toLowerCase() + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;")));
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** The client settings of a user authenticating with SCRAM, as a control plane is given them. */
  public static Map<String, String> scramClient(String user, String password) {
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        MECHANISM,
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
  }

  /** An admin client of the broker's super user. */
  public Admin admin() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    props.put("security.protocol", "SASL_PLAINTEXT");
    props.put("sasl.mechanism", "PLAIN");
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + JaasUtils.KAFKA_PLAIN_ADMIN
            + "\" password=\""
            + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD
            + "\";");
    return Admin.create(props);
  }

  /** Creates a SCRAM user. */
  public void addUser(String user, String password) throws Exception {
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** Creates topics as the administrator (one partition each). */
  public void createTopics(String... topics) throws Exception {
    try (Admin admin = admin()) {
      List<NewTopic> create = new ArrayList<>();
      for (String topic : topics) {
        create.add(new NewTopic(topic, 1, (short) 1));
      }
      admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Allows {@code user} these operations on the topic(s) named literally or by prefix. */
  public void allow(String user, String topic, PatternType pattern, AclOperation... operations)
      throws Exception {
    List<AclBinding> bindings = new ArrayList<>();
    for (AclOperation operation : operations) {
      bindings.add(
          new AclBinding(
              new ResourcePattern(ResourceType.TOPIC, topic, pattern),
              new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
    }
    try (Admin admin = admin()) {
      admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
