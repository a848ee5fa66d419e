package dev.meridian.runtime.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ConfigurationProblem} into Spring Boot's short start-failure report. */
public class ConfigurationProblemAnalyzer extends AbstractFailureAnalyzer<ConfigurationProblem> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationProblem problem) {
    return new FailureAnalysis(
        "The setting " + problem.setting() + " cannot be used: " + problem.reason(),
        "Change " + problem.setting() + " (see docs/configuration.md) and start again.",
        problem);
  }
}
