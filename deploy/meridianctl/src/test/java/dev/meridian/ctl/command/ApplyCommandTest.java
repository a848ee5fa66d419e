package dev.meridian.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ctl.CtlRun;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What apply refuses before it sends anything (no control plane is needed to see it). */
class ApplyCommandTest {
  @TempDir Path dir;

  CtlRun.Result apply(String stdin, String... more) {
    String[] args = new String[2 + more.length + 1];
    args[0] = "apply";
    args[1] = "-f";
    args[2] = "-";
    System.arraycopy(more, 0, args, 3, more.length);
    return CtlRun.run(Map.of(Session.CONFIG_ENV, dir.resolve("config").toString()), stdin, args);
  }

  @Test
  void variablesAreSubstitutedAndAPlaceholderWithoutAValueIsNamed() {
    assertThat(
            Documents.substitute(
                "name: {{ name }}\nport: {{port}}", Map.of("name", "a", "port", "1")))
        .isEqualTo("name: a\nport: 1");
    CtlRun.Result result = apply("type: Mesh\nname: {{ mesh }}\n");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("Error: variables without a value\n* mesh: no value given (-v mesh=…)\n");
  }

  @Test
  void everyBadDocumentIsNamedAndNothingIsApplied() {
    CtlRun.Result result =
        apply(
            """
            type: Mesh
            name: ok
            ---
            type: Dataplan
            name: x
            ---
            type: Dataplane
            name: y
            ---
            [1, 2]
            """);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            """
            Error: invalid input: nothing was applied
            * document[1].type: unknown type "Dataplan"
            * document[2].mesh: cannot be empty
            * document[3]: must be an object
            """);
  }

  @Test
  void jsonIsAcceptedAndMalformedInputIsAnError() {
    assertThat(ApplyCommand.changes(Documents.parse("{\"type\": \"Mesh\", \"name\": \"m\"}")))
        .singleElement()
        .satisfies(c -> assertThat(c.path()).isEqualTo("/meshes/m"));
    CtlRun.Result result = apply("type: Mesh\n  name: : x\n");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("Error: could not parse the input: ");
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    List<String> checked = new ArrayList<>();
    walk(
        Meridianctl.commandLine(
            new Session(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                System.in,
                Map.of())),
        checked);
    assertThat(checked)
        .contains(
            "meridianctl rollback",
            "meridianctl inspect proxy-status",
            "meridianctl config control-planes add");
  }

  private static void walk(CommandLine command, List<String> checked) {
    String name = command.getCommandSpec().qualifiedName();
    if (!name.endsWith(" help")) {
      String[] args = (name.substring("meridianctl".length()).trim() + " --help").trim().split(" ");
      CtlRun.Result help = CtlRun.run(Map.of(), "", args);
      assertThat(help.exitCode()).as(name).isZero();
      assertThat(help.out()).as(name).contains("Examples:", "  meridianctl ");
      checked.add(name);
    }
    command.getSubcommands().values().forEach(sub -> walk(sub, checked));
  }

  @Test
  void bashCompletionIsGenerated() {
    CtlRun.Result completion = CtlRun.run(Map.of(), "", "completion", "bash");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out()).contains("complete -F", "proxy-status", "control-planes");
  }
}
