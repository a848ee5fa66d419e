package dev.meridian.kernel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {

  @Test
  void rendersFieldsIndexesAndKeysLikeKuma() {
    FieldPath path =
        FieldPath.of("networking").field("inbound").index(0).field("tags").key("kuma.io/service");
    assertThat(path).hasToString("networking.inbound[0].tags[\"kuma.io/service\"]");
  }

  @Test
  void firstSegmentHasNoLeadingDot() {
    assertThat(FieldPath.root().field("name")).hasToString("name");
    assertThat(FieldPath.root()).hasToString("");
  }

  @Test
  void keyOnTheRootIsJustTheBracket() {
    assertThat(FieldPath.root().key("a")).hasToString("[\"a\"]");
  }

  @Test
  void quotesKeysWithGoEscaping() {
    FieldPath tags = FieldPath.of("tags");
    assertThat(tags.key("a\"b")).hasToString("tags[\"a\\\"b\"]");
    assertThat(tags.key("back\\slash")).hasToString("tags[\"back\\\\slash\"]");
    assertThat(tags.key("tab\there")).hasToString("tags[\"tab\\there\"]");
    assertThat(tags.key("line\nbreak")).hasToString("tags[\"line\\nbreak\"]");
    assertThat(tags.key("bell\u0007")).hasToString("tags[\"bell\\a\"]");
    assertThat(tags.key("nul\u0000")).hasToString("tags[\"nul\\x00\"]");
    assertThat(tags.key("del\u007f")).hasToString("tags[\"del\\x7f\"]");
    assertThat(tags.key("nbsp\u00a0")).hasToString("tags[\"nbsp\\u00a0\"]");
    assertThat(tags.key("émoji ☃ ok")).hasToString("tags[\"émoji ☃ ok\"]");
  }
}
