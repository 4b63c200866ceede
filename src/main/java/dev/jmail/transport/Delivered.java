package dev.jmail.transport;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a successful send: which transport took it, which recipients it accepted and, for
 * {@link MailTransport#sendPartly}, which it deferred (a 4xx reply: recipient → the reply), to be
 * tried again later.
 */
public record Delivered(String transport, List<String> accepted, Map<String, String> deferred) {
  public Delivered {
    accepted = List.copyOf(accepted);
    deferred = Map.copyOf(deferred);
  }

  public Delivered(String transport, List<String> accepted) {
    this(transport, accepted, Map.of());
  }
}
