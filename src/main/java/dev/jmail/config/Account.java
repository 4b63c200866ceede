package dev.jmail.config;

import java.util.List;

/**
 * One s-nail account: a name and the body of its {@code account NAME { … }} block, kept as rc lines
 * and run on top of the global settings when the account is chosen ({@code -A NAME}, or {@code
 * account NAME} at the prompt). Everything an account changes lives in ordinary variables ({@code
 * from}, {@code mta}, {@code smtp-auth-user}, {@code inbox}, {@code folder}, {@code record}, …), so
 * a transport or a folder kind that learns a new variable works per account without a change here.
 *
 * @param where the {@code file:line} of the block's first line, for messages
 */
public record Account(String name, List<RcParser.Line> body, String where) {}
