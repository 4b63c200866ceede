package dev.jmail.store;

import dev.jmail.error.IoFailureException;
import dev.jmail.error.UsageException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.store.lock.LockPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Copies messages into another folder ({@code save}, {@code move}, the quit-time move to {@code
 * MBOX}): the source's store hands each message out ({@link FolderStore#export}) and the target's
 * takes them in ({@link FolderStore#append}): an mbox in one lock, all or nothing (an mbox source's
 * {@code From } line and stored text copied byte for byte), a Maildir one file per message with the
 * flags in its name. A missing target is created. One message is in memory at a time.
 */
public final class FolderCopier {
  private FolderCopier() {}

  public static void copy(
      Folder source, List<MessageEntry> messages, FolderLocator.Ref target, LockPolicy policy) {
    copy(source, messages, java.util.Map.of(), target, policy);
  }

  /**
   * @param replaced texts that stand for some messages (by number: edited in a session); the copy
   *     gets them instead of the stored text, with the message's From_ line and flags
   */
  public static void copy(
      Folder source,
      List<MessageEntry> messages,
      java.util.Map<Integer, byte[]> replaced,
      FolderLocator.Ref target,
      LockPolicy policy) {
    copy(source, messages, replaced, target, policy, Progress.NONE);
  }

  /**
   * As {@link #copy(Folder, List, java.util.Map, FolderLocator.Ref, LockPolicy)}, telling {@code
   * progress} how far it has got; a copy inside one server ({@link FolderStore#transferWithin}) is
   * one step.
   */
  public static void copy(
      Folder source,
      List<MessageEntry> messages,
      java.util.Map<Integer, byte[]> replaced,
      FolderLocator.Ref target,
      LockPolicy policy,
      Progress progress) {
    Path t = target.path().toAbsolutePath().normalize();
    if (t.equals(source.path().toAbsolutePath().normalize())) {
      throw new UsageException(target.path() + ": cannot save a folder's messages into itself");
    }
    FolderStore from = source.store();
    boolean edited = messages.stream().anyMatch(e -> replaced.containsKey(e.number()));
    if (!edited && from.transferWithin(source, messages, target, false)) {
      progress.update(messages.size(), messages.size(), 0);
      return;
    }
    long[] bytes = {0};
    Iterable<Incoming> incoming =
        () ->
            new Iterator<>() {
              int i;

              @Override
              public boolean hasNext() {
                return i < messages.size();
              }

              @Override
              public Incoming next() {
                progress.update(i, messages.size(), bytes[0]);
                MessageEntry e = messages.get(i++);
                bytes[0] += e.size();
                return from.export(source, e, replaced.get(e.number()));
              }
            };
    target.store().append(incoming, policy);
    progress.update(messages.size(), messages.size(), bytes[0]);
  }

  /** Told how far a copy has got: messages handed to the target, of all, and their bytes. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total, bytes) -> {};

    void update(int done, int total, long bytes);
  }

  /**
   * Moves messages inside the server that holds both folders when the source's store can ({@link
   * FolderStore#transferWithin}: IMAP on one account); false when it cannot, and the caller copies
   * and then deletes.
   */
  public static boolean moveWithin(
      Folder source, List<MessageEntry> messages, FolderLocator.Ref target) {
    if (target.name().equals(source.store().ref().name())) {
      throw new UsageException(target.name() + ": cannot move a folder's messages into itself");
    }
    return source.store().transferWithin(source, messages, target, true);
  }

  /** The stored text of one message, read whole. */
  public static byte[] content(Folder source, MessageEntry e) {
    try (InputStream in = source.open(e)) {
      return in.readAllBytes();
    } catch (IOException ex) {
      throw new IoFailureException(
          source.path() + ": message " + e.number() + ": " + ex.getMessage(), ex);
    }
  }

  /** The Maildir info letters for a message's flags; null for a new message. */
  public static String maildirFlags(MessageEntry e) {
    StringBuilder s = new StringBuilder();
    if (e.has(Flag.DRAFT)) s.append('D');
    if (e.has(Flag.FLAGGED)) s.append('F');
    if (e.has(Flag.ANSWERED)) s.append('R');
    if (e.has(Flag.SEEN)) s.append('S');
    if (s.length() == 0 && e.has(Flag.NEW)) return null;
    return s.toString();
  }

  /** The address in the first {@code Return-Path:} header, else empty (MAILER-DAEMON). */
  public static String returnPath(byte[] raw) {
    String head = new String(raw, 0, Math.min(raw.length, 16384), StandardCharsets.ISO_8859_1);
    for (String line : head.split("\r?\n")) {
      if (line.isEmpty()) break;
      if (line.regionMatches(true, 0, "Return-Path:", 0, 12)) {
        // RFC 5322 3.6.7: path = angle-addr / ([CFWS] "<" [CFWS] ">" [CFWS]): comments are no part
        // of it
        return dev.jmail.message.AddressList.first(line.substring(12)).address();
      }
    }
    return "";
  }
}
