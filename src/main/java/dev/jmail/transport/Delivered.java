package dev.jmail.transport;

import java.util.List;

/** The outcome of a successful send: which transport took it and which recipients it accepted. */
public record Delivered(String transport, List<String> accepted) {
  public Delivered {
    accepted = List.copyOf(accepted);
  }
}
