package dev.meridian.ctl;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the real command line in-process, with streams and an environment of its own. */
public final class CtlRun {
  public record Result(int exitCode, String out, String err) {}

  private CtlRun() {}

  public static Result run(Map<String, String> env, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session session =
        new Session(
            new PrintWriter(out),
            new PrintWriter(err),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            env);
    int code = Meridianctl.run(session, args);
    return new Result(code, out.toString(), err.toString());
  }
}
