package dev.meridian.kernel.validation;

/** One thing wrong with an input: where (a Kuma-style field path) and why. */
public record Violation(String field, String reason) {}
