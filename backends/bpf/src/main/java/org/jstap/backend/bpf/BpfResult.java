package org.jstap.backend.bpf;

/** What a bpf run ended with: exit status, runtime errors, records lost to a full ring buffer, wall time. */
public record BpfResult(int exitStatus, long lost, long millis) {}
