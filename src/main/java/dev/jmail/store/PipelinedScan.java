package dev.jmail.store;

import dev.jmail.error.IoFailureException;
import dev.jmail.message.MessageEntry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A folder scan on a second thread: the folder is split and header sections copied there, while
 * the caller's thread decodes and prints the previous batch. Order is kept; memory is bounded by
 * a few batches of header copies. Errors of the scan are rethrown on the caller's thread.
 */
public final class PipelinedScan {
  private static final int BATCH = 512;
  private static final int QUEUED_BATCHES = 4;

  private PipelinedScan() {}

  private static final class Batch {
    final MessageEntry[] entries = new MessageEntry[BATCH];
    final byte[][] headers = new byte[BATCH][];
    final boolean[] truncated = new boolean[BATCH];
    final int[][] lineStarts = new int[BATCH][];
    int size;
    Throwable failure;
    boolean last;
  }

  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super(null, null, false, false);
    }
  }

  public static void scan(Folder folder, MessageVisitor visitor) {
    BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    Thread producer =
        new Thread(
            () -> {
              Batch[] current = {new Batch()};
              Batch end = new Batch();
              end.last = true;
              try {
                try {
                  folder.scan(
                      (e, h) -> {
                        if (Thread.currentThread().isInterrupted()) throw new Cancelled();
                        Batch b = current[0];
                        b.entries[b.size] = e;
                        b.headers[b.size] = h.toByteArray();
                        b.truncated[b.size] = h.truncated();
                        b.lineStarts[b.size] = h.lineStartsCopy();
                        if (++b.size == BATCH) {
                          put(queue, b);
                          current[0] = new Batch();
                        }
                      });
                  if (current[0].size > 0) put(queue, current[0]);
                } catch (Cancelled c) {
                  return;
                } catch (RuntimeException | Error ex) {
                  if (Thread.currentThread().isInterrupted()) return; // the reader gave up first
                  if (current[0].size > 0) put(queue, current[0]);
                  end.failure = ex;
                }
                put(queue, end);
              } catch (Cancelled c) {
                // the reader gave up: nothing more to hand over
              }
            },
            "folder-scan");
    producer.setDaemon(true);
    producer.start();
    HeaderBlock block = new HeaderBlock(new byte[0], 0, false);
    boolean done = false;
    try {
      while (true) {
        Batch b = queue.take();
        if (b.last) {
          done = true;
          if (b.failure instanceof RuntimeException re) throw re;
          if (b.failure instanceof Error err) throw err;
          return;
        }
        for (int i = 0; i < b.size; i++) {
          int[] ls = b.lineStarts[i];
          block.set(b.headers[i], b.headers[i].length, b.truncated[i], ls, ls == null ? 0 : ls.length);
          visitor.message(b.entries[i], block);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IoFailureException("interrupted", e);
    } finally {
      if (!done) producer.interrupt();
    }
  }

  /** False when interrupted (the consumer gave up). */
  private static boolean put(BlockingQueue<Batch> queue, Batch b) {
    try {
      queue.put(b);
      return true;
    } catch (InterruptedException e) {
      throw new Cancelled();
    }
  }
}
