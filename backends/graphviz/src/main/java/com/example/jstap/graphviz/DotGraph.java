package com.example.jstap.graphviz;

/** Pass 3's output for the graphviz backend: the text of a {@code digraph}. */
public record DotGraph(String text) {}
