package org.jstap.api;

/** The input of pass 1: a script's name as diagnostics show it ({@code <input>} for -e) and its text. */
public record ScriptSource(String name, String text) {}
