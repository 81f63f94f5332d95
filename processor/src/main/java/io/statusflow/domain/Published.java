package io.statusflow.domain;

/** An event and the current status it leads to, published together. */
public record Published(Event event, Entity snapshot) {}
