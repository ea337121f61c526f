/**
 * The {@code fairtune} command line: a picocli top-level command whose sub-commands each live in
 * their own class ({@code audit} measures predictions a user already has).
 */
package dev.fairtune.cli;
