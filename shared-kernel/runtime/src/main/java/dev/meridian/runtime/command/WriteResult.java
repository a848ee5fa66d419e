package dev.meridian.runtime.command;

import dev.meridian.kernel.command.Decision;

/**
 * What a command did, and the aggregate sequence the projection must reach for the caller to see
 * it.
 */
public record WriteResult(Decision.Outcome outcome, long sequence) {}
