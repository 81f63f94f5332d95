package io.statusflow.domain;

import io.statusflow.schema.Access;
import io.statusflow.schema.Status;

/** One side (previous or current) of an event. */
public record StatusAccessPair(Status status, Access access) {}
