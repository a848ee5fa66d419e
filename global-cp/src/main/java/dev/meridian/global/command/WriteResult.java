package dev.meridian.global.command;

import dev.meridian.kernel.command.Decision;

/** What a command did, and the aggregate sequence the projection must reach to show it. */
public record WriteResult(Decision.Outcome outcome, long sequence) {}
