package dev.meridian.ctl;

import dev.meridian.ctl.command.ApplyCommand;
import dev.meridian.ctl.command.CompletionCommand;
import dev.meridian.ctl.command.ConfigCommand;
import dev.meridian.ctl.command.DeleteCommand;
import dev.meridian.ctl.command.DiffCommand;
import dev.meridian.ctl.command.ExportCommand;
import dev.meridian.ctl.command.GetCommand;
import dev.meridian.ctl.command.HistoryCommand;
import dev.meridian.ctl.command.InspectCommand;
import dev.meridian.ctl.command.RebuildCommand;
import dev.meridian.ctl.command.RollbackCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: {@code meridianctl <command> …}. */
@Command(
    name = "meridianctl",
    mixinStandardHelpOptions = true,
    versionProvider = Meridianctl.Version.class,
    description =
        "Manage Meridian, the event-sourced service-mesh control plane, from the command"
            + " line.",
    subcommands = {
      ConfigCommand.class,
      ApplyCommand.class,
      GetCommand.class,
      DeleteCommand.class,
      InspectCommand.class,
      HistoryCommand.class,
      DiffCommand.class,
      ExportCommand.class,
      RebuildCommand.class,
      RollbackCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl config control-planes add --name zone-1 --address https://127.0.0.1:15681 \\",
      "      --auth-token-file .work/zone-1/admin-token --ca-cert-file .work/zone-1/tls/ca.crt",
      "  meridianctl apply -f dataplane.yaml -v address=10.0.0.2",
      "  meridianctl get dataplanes -m default",
      "  meridianctl inspect proxy-status",
      "  meridianctl history --mesh default --since 2026-01-01T00:00:00Z"
    })
public final class Meridianctl implements Runnable {
  private final Session session;
  @Spec CommandSpec spec;

  public Meridianctl(Session session) {
    this.session = session;
  }

  @Option(
      names = "--config-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "The config file (default: $" + Session.CONFIG_ENV + ", else ~/.meridianctl/config).")
  void configFile(Path file) {
    session.configFileOption(file);
  }

  public Session session() {
    return session;
  }

  /** The session of the invocation {@code spec} belongs to. */
  public static Session session(CommandSpec spec) {
    return ((Meridianctl) spec.root().userObject()).session;
  }

  @Override
  public void run() {
    spec.commandLine().usage(session.out());
  }

  public static void main(String[] args) {
    Session session =
        new Session(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            System.in,
            System.getenv());
    System.exit(run(session, args));
  }

  /** Runs one command line; the exit code: 0, or 1 after an {@code Error: …} on stderr. */
  public static int run(Session session, String... args) {
    CommandLine line = commandLine(session);
    int code = line.execute(args);
    session.out().flush();
    session.err().flush();
    return code;
  }

  public static CommandLine commandLine(Session session) {
    CommandLine line = new CommandLine(new Meridianctl(session));
    line.setOut(session.out());
    line.setErr(session.err());
    line.setExecutionExceptionHandler(
        (exception, command, parsed) -> {
          CliException failure =
              exception instanceof CliException cli
                  ? cli
                  : new CliException(
                      exception.getMessage() == null
                          ? exception.getClass().getSimpleName()
                          : exception.getMessage());
          session.err().print(failure.render());
          return 1;
        });
    line.setParameterExceptionHandler(
        (exception, args) -> {
          Throwable cause = exception.getCause();
          if (cause instanceof CliException cli) {
            session.err().print(cli.render());
          } else {
            session.err().println("Error: " + exception.getMessage());
          }
          session
              .err()
              .println(
                  "Run '"
                      + exception.getCommandLine().getCommandSpec().qualifiedName()
                      + " --help' for usage.");
          return 1;
        });
    return line;
  }

  /** The version in the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Meridianctl.class.getPackage().getImplementationVersion();
      return new String[] {"meridianctl " + (version == null ? "(development build)" : version)};
    }
  }
}
