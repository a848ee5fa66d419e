package dev.meridian.ctl.command;

import dev.meridian.ctl.CliException;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.config.ConfigStore;
import dev.meridian.ctl.config.ControlPlane;
import dev.meridian.ctl.config.CtlConfig;
import dev.meridian.ctl.output.Table;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meridianctl config control-planes add|list|switch|remove}. */
@Command(
    name = "control-planes",
    description = "Manage the control planes meridianctl talks to.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl config control-planes add --name global --address http://127.0.0.1:5681",
      "  meridianctl config control-planes list",
      "  meridianctl config control-planes switch --name global"
    },
    subcommands = {
      ControlPlanesCommand.Add.class,
      ControlPlanesCommand.ListCommand.class,
      ControlPlanesCommand.Switch.class,
      ControlPlanesCommand.Remove.class
    })
public final class ControlPlanesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Meridianctl.session(spec).out());
  }

  @Command(
      name = "add",
      description = "Add a control plane and make it the current context.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = {
        "  meridianctl config control-planes add --name local --address http://127.0.0.1:5681",
        "  meridianctl config control-planes add --name zone-1 --address https://127.0.0.1:15681 \\",
        "      --auth-token-file .work/zone-1/admin-token --ca-cert-file .work/zone-1/tls/ca.crt"
      })
  static final class Add implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, description = "The name of the control plane.")
    String name;

    @Option(
        names = "--address",
        required = true,
        description = "The URL of its API, e.g. https://127.0.0.1:5681.")
    String address;

    @Option(
        names = "--auth-token-file",
        paramLabel = "FILE",
        description = "A file holding the user token to send (e.g. <data-dir>/admin-token).")
    Path authTokenFile;

    @Option(
        names = "--ca-cert-file",
        paramLabel = "FILE",
        description =
            "The CA certificate (PEM) the API's certificate is checked against"
                + " (e.g. <data-dir>/tls/ca.crt).")
    Path caCertFile;

    @Option(names = "--overwrite", description = "Replace a control plane of the same name.")
    boolean overwrite;

    @Override
    public void run() {
      validate();
      Session session = Meridianctl.session(spec);
      ConfigStore store = session.configStore();
      CtlConfig config = store.load();
      if (config.find(name).isPresent() && !overwrite) {
        throw new CliException(
            "Control Plane with name \""
                + name
                + "\" already exists. Use --overwrite to replace it.");
      }
      config.put(
          new ControlPlane(
              name,
              address,
              authTokenFile == null ? null : authTokenFile.toAbsolutePath().toString(),
              caCertFile == null ? null : caCertFile.toAbsolutePath().toString()));
      store.save(config);
      session.out().printf("added Control Plane \"%s\"%n", name);
      session.out().printf("switched active Control Plane to \"%s\"%n", name);
      session.out().flush();
    }

    /** Every bad value at once, each with the option it belongs to. */
    private void validate() {
      List<CliException.Cause> causes = new ArrayList<>();
      if (name.isBlank()) {
        causes.add(new CliException.Cause("name", "cannot be empty"));
      }
      try {
        URI uri = URI.create(address);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          causes.add(
              new CliException.Cause("address", "must be an http:// or https:// URL with a host"));
        }
      } catch (IllegalArgumentException e) {
        causes.add(new CliException.Cause("address", "is not a URL: " + e.getMessage()));
      }
      if (authTokenFile != null && !Files.isReadable(authTokenFile)) {
        causes.add(new CliException.Cause("auth-token-file", "cannot read " + authTokenFile));
      }
      if (caCertFile != null && !Files.isReadable(caCertFile)) {
        causes.add(new CliException.Cause("ca-cert-file", "cannot read " + caCertFile));
      }
      if (!causes.isEmpty()) {
        throw new CliException("invalid control plane", causes);
      }
    }
  }

  @Command(
      name = "list",
      description = "List the control planes; the current one is marked with *.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = "  meridianctl config control-planes list")
  static final class ListCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      Session session = Meridianctl.session(spec);
      CtlConfig config = session.configStore().load();
      Table table = new Table("ACTIVE", "NAME", "ADDRESS");
      for (ControlPlane cp : config.all()) {
        table.row(cp.name().equals(config.currentContext) ? "*" : "", cp.name(), cp.address());
      }
      table.print(session.out());
    }
  }

  @Command(
      name = "switch",
      description = "Make another control plane the current context.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = "  meridianctl config control-planes switch --name zone-2")
  static final class Switch implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, description = "The control plane to switch to.")
    String name;

    @Override
    public void run() {
      Session session = Meridianctl.session(spec);
      ConfigStore store = session.configStore();
      CtlConfig config = store.load();
      if (config.find(name).isEmpty()) {
        throw new CliException("there is no Control Plane with name \"" + name + "\"");
      }
      config.currentContext = name;
      store.save(config);
      session.out().printf("switched active Control Plane to \"%s\"%n", name);
      session.out().flush();
    }
  }

  @Command(
      name = "remove",
      description = "Remove a control plane from the config.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = "  meridianctl config control-planes remove --name zone-2")
  static final class Remove implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, description = "The control plane to remove.")
    String name;

    @Override
    public void run() {
      Session session = Meridianctl.session(spec);
      ConfigStore store = session.configStore();
      CtlConfig config = store.load();
      if (config.find(name).isEmpty()) {
        throw new CliException("there is no Control Plane with name \"" + name + "\"");
      }
      config.remove(name);
      store.save(config);
      session.out().printf("removed Control Plane \"%s\"%n", name);
      if (config.currentContext != null) {
        session.out().printf("switched active Control Plane to \"%s\"%n", config.currentContext);
      }
      session.out().flush();
    }
  }
}
