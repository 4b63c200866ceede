package dev.jmail.store.pop3;

import dev.jmail.net.ServerLogin;
import dev.jmail.store.DeliveryTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code jmail fetch pop3s://…}: moves new mail from a POP3 mailbox into a local folder, as
 * fetchmail and getmail do.
 *
 * <ol>
 *   <li>UIDL and LIST: which messages are new (not in the {@link UidlState}).
 *   <li>RETR of the new ones, pipelined; stored in batches ({@link DeliveryTarget}, fsynced), then
 *       their ids recorded (fsynced). A dropped connection keeps every batch already stored, and
 *       the messages received whole before the drop are stored too.
 *   <li>With {@code delete}: DELE of every message whose id is recorded (stored now or by an
 *       earlier fetch), then QUIT, when the server removes them. Nothing is deleted that is not on
 *       disk.
 * </ol>
 */
public final class Pop3Fetch {
  /** A batch is stored when it reaches this many messages or bytes. */
  static final int BATCH_MESSAGES = 256;

  static final long BATCH_BYTES = 16L << 20;

  private Pop3Fetch() {}

  /** What a fetch did. */
  public record Outcome(int onServer, int fetched, int deleted, long bytes) {}

  /** Progress of the download: messages stored, of how many, and bytes received. */
  public interface Progress {
    void update(int done, int total, long bytes);

    Progress NONE = (d, t, b) -> {};
  }

  public static Outcome run(
      ServerLogin login, DeliveryTarget target, Path stateFile, boolean delete, Progress progress) {
    UidlState state = UidlState.load(stateFile);
    try (Pop3Client client = Pop3Client.connect(login)) {
      List<Pop3Client.Listed> all = client.listing();
      List<Pop3Client.Listed> fresh = new ArrayList<>();
      Set<String> onServer = new HashSet<>();
      for (Pop3Client.Listed m : all) {
        onServer.add(m.uid());
        if (!state.contains(m.uid())) fresh.add(m);
      }
      Batch batch = new Batch(target, state, fresh.size(), progress, client);
      try {
        client.retrieve(fresh, batch::add);
      } finally {
        batch.store(); // what arrived whole is kept, even when the connection broke
      }
      int deleted = 0;
      if (delete) {
        List<Integer> numbers = new ArrayList<>();
        for (Pop3Client.Listed m : all) if (state.contains(m.uid())) numbers.add(m.number());
        client.delete(numbers);
        deleted = numbers.size();
      }
      client.quit();
      if (delete) onServer.removeIf(state::contains);
      state.keepOnly(onServer);
      return new Outcome(all.size(), batch.stored, deleted, client.bytesRead());
    }
  }

  /** Messages received but not yet stored. */
  private static final class Batch {
    final DeliveryTarget target;
    final UidlState state;
    final int total;
    final Progress progress;
    final Pop3Client client;
    final List<byte[]> messages = new ArrayList<>();
    final List<String> uids = new ArrayList<>();
    long bytes;
    int stored;

    Batch(DeliveryTarget target, UidlState state, int total, Progress progress, Pop3Client client) {
      this.target = target;
      this.state = state;
      this.total = total;
      this.progress = progress;
      this.client = client;
    }

    void add(Pop3Client.Listed which, byte[] message) {
      messages.add(message);
      uids.add(which.uid());
      bytes += message.length;
      if (messages.size() >= BATCH_MESSAGES || bytes >= BATCH_BYTES) store();
    }

    void store() {
      if (messages.isEmpty()) return;
      target.deliver(messages);
      state.record(uids);
      stored += messages.size();
      messages.clear();
      uids.clear();
      bytes = 0;
      progress.update(stored, total, client.bytesRead());
    }
  }
}
