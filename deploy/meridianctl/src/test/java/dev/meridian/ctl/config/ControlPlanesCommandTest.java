package dev.meridian.ctl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ctl.CtlRun;
import dev.meridian.ctl.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlanesCommandTest {
  @TempDir Path dir;

  CtlRun.Result ctl(String... args) {
    return CtlRun.run(Map.of(Session.CONFIG_ENV, dir.resolve("config").toString()), "", args);
  }

  @Test
  void addedControlPlanesAreListedSwitchedAndRemovedInAnOwnerOnlyFile() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "abc\n");
    assertThat(
            ctl(
                    "config",
                    "control-planes",
                    "add",
                    "--name",
                    "zone-1",
                    "--address",
                    "https://127.0.0.1:15681",
                    "--auth-token-file",
                    token.toString())
                .out())
        .isEqualTo("added Control Plane \"zone-1\"\nswitched active Control Plane to \"zone-1\"\n");
    assertThat(
            ctl(
                    "config",
                    "control-planes",
                    "add",
                    "--name",
                    "global",
                    "--address",
                    "http://127.0.0.1:5681")
                .exitCode())
        .isZero();

    assertThat(ctl("config", "control-planes", "list").out())
        .isEqualTo(
            """
            ACTIVE   NAME     ADDRESS
                     zone-1   https://127.0.0.1:15681
            *        global   http://127.0.0.1:5681
            """);
    assertThat(ctl("config", "control-planes", "switch", "--name", "zone-1").exitCode()).isZero();
    assertThat(ctl("config", "view").out())
        .contains("currentContext: zone-1")
        .contains("authTokenFile: " + token.toAbsolutePath())
        .doesNotContain("abc");
    assertThat(Files.getPosixFilePermissions(dir.resolve("config")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    CtlRun.Result removed = ctl("config", "control-planes", "remove", "--name", "zone-1");
    assertThat(removed.out())
        .isEqualTo(
            "removed Control Plane \"zone-1\"\nswitched active Control Plane to \"global\"\n");
    assertThat(ctl("config", "control-planes", "list").out()).doesNotContain("zone-1");
  }

  @Test
  void aSecondControlPlaneOfTheSameNameNeedsOverwrite() {
    ctl("config", "control-planes", "add", "--name", "a", "--address", "http://127.0.0.1:1");
    CtlRun.Result again =
        ctl("config", "control-planes", "add", "--name", "a", "--address", "http://127.0.0.1:2");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err())
        .isEqualTo(
            "Error: Control Plane with name \"a\" already exists. Use --overwrite to replace it.\n");
    assertThat(
            ctl(
                    "config",
                    "control-planes",
                    "add",
                    "--name",
                    "a",
                    "--address",
                    "http://127.0.0.1:2",
                    "--overwrite")
                .exitCode())
        .isZero();
    assertThat(ctl("config", "view").out()).contains("url: http://127.0.0.1:2");
  }

  @Test
  void badValuesAreAllNamedAndNothingIsWritten() {
    CtlRun.Result bad =
        ctl(
            "config",
            "control-planes",
            "add",
            "--name",
            "a",
            "--address",
            "ftp:x",
            "--ca-cert-file",
            dir.resolve("missing.crt").toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err())
        .isEqualTo(
            "Error: invalid control plane\n"
                + "* address: must be an http:// or https:// URL with a host\n"
                + "* ca-cert-file: cannot read "
                + dir.resolve("missing.crt")
                + "\n");
    assertThat(dir.resolve("config")).doesNotExist();
  }

  @Test
  void withoutAControlPlaneACommandSaysHowToAddOne() {
    CtlRun.Result result = ctl("get", "meshes");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("Error: no control plane configured: add one with");
  }
}
